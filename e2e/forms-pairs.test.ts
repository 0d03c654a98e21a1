import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

/** Screenshot once requests, loading masks, toasts and transitions have settled. */
async function shoot(page: Page, name: string, fullPage = false) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}


interface Template { key: string; kind: string; title: string; description: string; anonymous: boolean; definition: unknown }
interface PersonRow { id: string; name: string; username: string | null; memberships: { orgId: string }[] }
interface AssignmentRow { respondent: { id: string; name: string }; subject: { id: string; name: string } | null; orgName: string; done: number }

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the office chooses who rates whom for a mutual inspection', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let api: Awaited<ReturnType<typeof officeApi>>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ticks pairs in the grid of 红旗村党支部, assigns them and reports the rater without an account', async () => {
    const village = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items.find((o) => o.name === '红旗村党支部')!;
    const template = (await api<{ items: Template[] }>('GET', '/api/forms/templates')).items.find((t) => t.key === 'mutual_check')!;
    const form = await api<{ id: string }>('POST', '/api/forms', {
      orgId: village.id, kind: template.kind, title: '红旗村支委指定互评问卷', description: template.description,
      anonymous: template.anonymous, distribution: 'named', definition: template.definition,
    });
    const people = (await api<{ items: PersonRow[] }>('GET', `/api/people?orgId=${village.id}&limit=100`)).items;
    const members = people.filter((p) => p.memberships.some((m) => m.orgId === village.id));
    const n = members.length;
    expect(n).toBeGreaterThan(3);
    const wang = members.find((p) => p.name === '王德明')!; // the branch secretary, with an account
    const zhao = members.find((p) => p.name === '赵小军')!; // the surveyor, with an account
    const [other, another] = members.filter((p) => !p.username); // no account: cannot answer
    const cell = (rater: PersonRow, subject: PersonRow) => page.getByTestId(`pair-${rater.id}-${subject.id}`);

    // The office opens the draft, which leads to its distribution page.
    await page.goto(`${server.url}/forms/${form.id}`);
    await page.getByTestId('builder-open').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ state: 'visible' });
    await box.locator('.el-button--primary').click();
    await page.waitForURL(/\/distribute$/);

    // 指定互评: the org is the form's own; the grid has a row and a column per member.
    await page.getByTestId('assign-mode').getByText('指定互评', { exact: true }).click();
    const grid = page.getByTestId('pairs-grid');
    await expect.poll(() => grid.locator('tbody tr').count()).toBe(n);
    expect(await grid.locator('thead th').count()).toBe(n + 1);
    // Those who can answer come first.
    expect(await grid.locator('tbody th').nth(0).innerText()).toBe('王德明');
    expect(await grid.locator('tbody th').nth(1).innerText()).toBe('赵小军');
    expect(await grid.locator('tbody th').nth(2).innerText()).toContain('无账号');
    expect(await cell(wang, wang).isDisabled()).toBe(true); // nobody rates themselves
    expect(await page.getByTestId('assign-submit').isDisabled()).toBe(true);

    // Quick actions: everyone rates everyone, clear, a whole row, a whole column.
    const count = page.getByTestId('pairs-count');
    await page.getByTestId('pairs-all').click();
    await expect.poll(() => count.innerText()).toBe(`已选 ${n * (n - 1)} 对`);
    expect(await page.getByTestId('pairs-no-account').innerText()).toBe(`其中 ${(n - 2) * (n - 1)} 对的评价人未开通账号，提交后将被跳过`);
    await page.getByTestId('pairs-clear').click();
    await expect.poll(() => count.innerText()).toBe('已选 0 对');
    await page.getByTestId(`pairs-row-${wang.id}`).click();
    await expect.poll(() => count.innerText()).toBe(`已选 ${n - 1} 对`);
    expect(await cell(wang, other).isChecked()).toBe(true);
    await page.getByTestId(`pairs-col-${zhao.id}`).click(); // 王德明 → 赵小军 was on already: the column goes on
    await expect.poll(() => count.innerText()).toBe(`已选 ${2 * (n - 1) - 1} 对`);
    await page.getByTestId(`pairs-col-${zhao.id}`).click(); // all on: the column goes off
    await expect.poll(() => count.innerText()).toBe(`已选 ${n - 2} 对`);
    expect(await cell(wang, zhao).isChecked()).toBe(false);
    await page.getByTestId('pairs-clear').click();

    // Four pairs: three raters with accounts, one without.
    await cell(wang, zhao).click();
    await cell(wang, other).click();
    await cell(zhao, wang).click();
    await cell(another, wang).click();
    await expect.poll(() => count.innerText()).toBe('已选 4 对');
    expect(await page.getByTestId('pairs-no-account').innerText()).toBe('其中 1 对的评价人未开通账号，提交后将被跳过');
    await page.getByTestId('assign-submit').click();

    // Created and skipped, in Chinese; the summary refreshed; the grid shows what is assigned now.
    const skipped = page.getByTestId('assign-panel').locator('.el-alert--warning');
    await expect.poll(() => skipped.innerText()).toContain('有 1 人未分派');
    expect(await skipped.innerText()).toContain(`${another.name}：未开通账号`);
    await expect.poll(() => page.getByTestId('assign-progress').innerText()).toBe('已完成 0 / 3');
    await expect.poll(() => page.getByTestId('assign-table').locator('.el-table__body tr').count()).toBe(3);
    await expect.poll(() => count.innerText()).toBe('已选 0 对');
    expect(await cell(wang, zhao).getAttribute('data-assigned')).toBe('true'); // a mark, no longer a checkbox
    expect(await cell(zhao, wang).getAttribute('data-assigned')).toBe('true');
    expect(await cell(another, wang).isChecked()).toBe(false); // skipped: still open

    const summary = await api<{ items: AssignmentRow[]; total: number; done: number }>('GET', `/api/forms/${form.id}/assignments`);
    expect(summary.total).toBe(3);
    expect(summary.done).toBe(0);
    expect(summary.items.map((a) => `${a.respondent.name}→${a.subject?.name}@${a.orgName}`).sort()).toEqual(
      [`王德明→赵小军@红旗村党支部`, `王德明→${other.name}@红旗村党支部`, `赵小军→王德明@红旗村党支部`].sort(),
    );

    // A row toggle skips what is assigned already.
    await page.getByTestId(`pairs-row-${wang.id}`).click();
    await expect.poll(() => count.innerText()).toBe(`已选 ${n - 3} 对`);
    await cell(zhao, other).click();
    await expect.poll(() => count.innerText()).toBe(`已选 ${n - 2} 对`);
    // The whole distribution page in one picture: the page scrolls inside the layout's main area,
    // so the window is made as tall as that area's content, at the same 1280 px width.
    const tall = await page.locator('.app-main').evaluate((el) => el.getBoundingClientRect().top + el.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(Math.ceil(tall), 2400) });
    await page.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(0, 0); // no row lit up by the pointer
    await shoot(page, 'forms-pairs.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('sends an org of more than 40 to 相互查摆, and leaves a sub-organisation’s people out of the grid', async () => {
    const village = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items.find((o) => o.name === '红旗村党支部')!;
    const group = await api<{ id: string }>('POST', '/api/orgs', { parentId: village.id, name: '红旗村第一党小组', kind: 'other' });
    for (let i = 1; i <= 41; i++) await api('POST', '/api/people', { name: `组员${String(i).padStart(2, '0')}`, orgIds: [group.id] });
    await page.reload(); // the org list is read once per page
    await page.getByTestId('assign-mode').getByText('指定互评', { exact: true }).click();
    const grid = page.getByTestId('pairs-grid');
    const members = (await api<{ items: PersonRow[] }>('GET', `/api/people?orgId=${village.id}&limit=100`)).items.filter((p) => p.memberships.some((m) => m.orgId === village.id));
    await expect.poll(() => grid.locator('tbody tr').count()).toBe(members.length); // the group's 41 are not the branch's own members
    expect(await grid.innerText()).not.toContain('组员01');

    await page.getByTestId('assign-org').first().click();
    await page.locator('.el-select-dropdown:visible, .el-popper:visible').getByText('红旗村第一党小组', { exact: true }).first().click();
    await expect.poll(() => page.getByTestId('pairs-too-many').innerText()).toBe(
      '该组织本级成员超过 40 人，无法在表格中逐一指定。请改用“相互查摆”，或将组织拆分为较小的组织后再指定。',
    );
    expect(await grid.count()).toBe(0);
    expect(await page.getByTestId('assign-submit').isDisabled()).toBe(true);
  });
});
