import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue 4, "Done when": the whole loop in real browsers. A resident sends an anonymous opinion from a
// 360 px phone in WeChat, the office answers it and turns it into a problem, and the resident reads
// the answer with the receipt code. Every step named here goes through the UIs; the API only looks
// things up and checks the result.

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

const OFFICE = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

/** Screenshot from the top, once requests, loading masks, toasts and transitions have settled. */
async function shoot(page: Page, name: string, fullPage = false) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}

/** Pick an item in the Element Plus select or tree-select dropdown that is open now. */
async function pick(page: Page, text: string) {
  await page.locator('.el-select-dropdown:visible, .el-popper:visible').getByText(text, { exact: true }).first().click();
}


interface OpinionRow { id: string; orgId: string; channel: string; category: string; content: string; named: boolean; sender: unknown; status: string; hasReceipt: boolean }
interface OpinionDetail extends OpinionRow {
  messages: { author: 'sender' | 'staff'; public: boolean; body: string }[];
  problems: { id: string; title: string }[];
}
interface ProblemDetail {
  id: string;
  title: string;
  severity: string;
  ownerOrg: { id: string; name: string };
  sources: { type: string; opinion: { id: string; content: string } | null }[];
}

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the opinion loop: a phone sends, the office answers and raises a problem, the phone reads the answer', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let orgs: { id: string; name: string }[];
  const contexts: BrowserContext[] = [];

  async function context(options: typeof PHONE | typeof OFFICE): Promise<Page> {
    const c = await browser.newContext(options);
    contexts.push(c);
    return c.newPage();
  }
  const chip = (page: Page, testid: string, label: string) => page.getByTestId(testid).getByRole('radio', { name: label, exact: true });
  const noSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    orgs = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('goes from an anonymous phone opinion to an answer and a problem, and back to the phone with the receipt', async () => {
    const township = orgs.find((o) => o.name === '示范镇党委')!;
    const village = orgs.find((o) => o.name === '红旗村党支部')!;
    const tag = Date.now().toString(36).slice(-5).toUpperCase();
    const content = `红旗村西头到小学那段道路坑坑洼洼，下雨天积水没过脚踝，孩子上学只能绕远路（${tag}）。`;
    const answer = '您反映的红旗村西头道路积水问题，村里已请施工队查看，下周开始垫高路面、疏通边沟，完工后在村务公开栏公示。';
    const problemTitle = `红旗村西头道路积水影响学生上学（${tag}）`;

    // 1. The phone: the township's poster page, a village below it, 民生诉求, the text, anonymous.
    const phone = await context(PHONE);
    await phone.goto(`${server.url}/o/${township.id}`);
    await expect.poll(() => phone.getByTestId('org-name').innerText()).toBe('示范镇党委');
    await phone.getByTestId('unit').selectOption({ label: '红旗村党支部' });
    await chip(phone, 'category', '民生诉求').click();
    await phone.getByTestId('content').locator('textarea').fill(content);
    await chip(phone, 'identity', '匿名').click();
    expect(await chip(phone, 'identity', '匿名').getAttribute('aria-checked')).toBe('true');
    expect(await phone.getByTestId('sender-name').count()).toBe(0);
    expect(await phone.getByTestId('privacy').innerText()).toContain('系统不记录您的姓名、手机号、住址');
    await noSideways(phone);
    await phone.getByTestId('submit').click();
    await expect.poll(() => phone.getByTestId('sent-title').innerText()).toBe('提交成功');
    const receipt = (await phone.getByTestId('receipt-code').getAttribute('aria-label'))!;
    expect(receipt).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    await expect.poll(() => phone.getByTestId('receipt-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await noSideways(phone);
    await shoot(phone, 'loop-phone-send.png', true);

    // 2. The office at 1280 px: log in, find it in the inbox by its words, answer it publicly.
    const office = await context(OFFICE);
    await office.goto(`${server.url}/login`);
    await office.getByTestId('login-username').fill('office');
    await office.getByTestId('login-password').fill('demo1234');
    await office.getByTestId('login-submit').click();
    await office.waitForURL(/\/orgs/);
    await office.getByTestId('menu-opinions').click();
    await office.waitForURL(/\/opinions$/);
    await office.getByTestId('opinions-search').fill(tag);
    await office.getByTestId('opinions-search-submit').click();
    const rows = office.getByTestId('opinions-table').locator('.el-table__body-wrapper tr.el-table__row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('匿名');
    expect(await rows.first().getByTestId('opinion-status').innerText()).toBe('已收到');
    await rows.first().getByTestId('opinion-link').click();
    await office.waitForURL(/\/opinions\/[0-9a-f-]{36}$/);
    const opinionId = office.url().split('/').pop()!;
    await expect.poll(() => office.getByTestId('detail-content').innerText()).toBe(content);
    expect(await office.getByTestId('detail-sender').innerText()).toBe('匿名（背靠背）');
    expect(await office.getByTestId('detail-facts').innerText()).toContain('反映人持有查询码');

    await office.getByTestId('action-reply').click();
    const reply = office.getByTestId('reply-dialog');
    await reply.waitFor({ state: 'visible' });
    await reply.getByTestId('reply-visibility').getByText('公开答复', { exact: true }).click();
    await reply.getByTestId('reply-body').fill(answer);
    await office.getByTestId('reply-submit').click();
    await reply.waitFor({ state: 'hidden' });
    await expect.poll(() => office.getByTestId('detail-status').innerText()).toBe('已答复');
    const message = office.getByTestId('message');
    await expect.poll(() => message.count()).toBe(1);
    expect(await message.innerText()).toContain('公开答复');
    expect(await message.innerText()).toContain(answer);

    // 转为问题: title, owner org, severity; then to the new problem's page.
    await office.getByTestId('action-to-problem').click();
    const dialog = office.getByTestId('problem-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('problem-sources').innerText()).toContain(content.slice(0, 20));
    await dialog.getByTestId('problem-title').fill(problemTitle);
    await dialog.getByTestId('problem-owner').click();
    await pick(office, '红旗村党支部');
    await expect.poll(() => dialog.getByTestId('problem-owner').innerText()).toContain('红旗村党支部');
    await dialog.getByTestId('problem-severity').click();
    await pick(office, '严重');
    await office.getByTestId('problem-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const problems = office.getByTestId('detail-problems');
    await expect.poll(() => problems.innerText()).toContain(problemTitle);
    expect(await office.getByTestId('action-to-problem').isDisabled()).toBe(true);
    await problems.getByRole('link', { name: problemTitle }).click();
    await office.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
    const problemId = office.url().split('/').pop()!;
    await expect.poll(() => office.getByTestId('detail-title').innerText()).toBe(problemTitle);
    expect(await office.getByTestId('detail-fields').innerText()).toContain('红旗村党支部');
    // The trail walks back to the opinion: its words, where it came from, a link to it.
    const source = office.getByTestId('detail-trail').getByTestId('source-opinion');
    await expect.poll(() => source.count()).toBe(1);
    const sourceText = await source.innerText();
    expect(sourceText).toContain(content);
    expect(sourceText).toContain('红旗村党支部');
    expect(sourceText).toContain('民生诉求');
    expect(await source.getByTestId('source-link').getAttribute('href')).toBe(`/opinions/${opinionId}`);
    await shoot(office, 'loop-office-problem.png');

    // 3. The phone again, with the receipt: answered, the office's words.
    await phone.goto(`${server.url}/r#${receipt}`);
    await expect.poll(() => phone.getByTestId('status').innerText()).toContain('已答复');
    expect(phone.url()).toBe(`${server.url}/r`);
    expect(await phone.getByTestId('opinion-content').innerText()).toBe(content);
    const staff = phone.getByTestId('staff-message');
    await expect.poll(() => staff.count()).toBe(1);
    expect(await staff.innerText()).toContain(answer);
    await noSideways(phone);
    await shoot(phone, 'loop-phone-answer.png', true);

    // 4. What the server holds: the links both ways, and nothing about the sender.
    const detail = await api<OpinionDetail>('GET', `/api/opinions/${opinionId}`);
    expect(detail).toMatchObject({ orgId: village.id, channel: 'online', category: 'livelihood', content, named: false, sender: null, status: 'answered', hasReceipt: true });
    expect(detail.messages.map((m) => [m.author, m.public, m.body])).toEqual([['staff', true, answer]]);
    expect(detail.problems).toEqual([{ id: problemId, title: problemTitle }]);
    const problem = await api<ProblemDetail>('GET', `/api/problems/${problemId}`);
    expect(problem).toMatchObject({ title: problemTitle, severity: 'serious', ownerOrg: { id: village.id, name: '红旗村党支部' } });
    expect(problem.sources).toHaveLength(1);
    expect(problem.sources[0]).toMatchObject({ type: 'opinion', opinion: { id: opinionId, content } });
    const listed = await api<{ items: OpinionRow[] }>('GET', `/api/opinions?q=${encodeURIComponent(tag)}`);
    expect(listed.items.map((o) => [o.id, o.named, o.sender])).toEqual([[opinionId, false, null]]);
    // Found by 道路 too (the keyword search for Chinese text).
    const roads = await api<{ items: OpinionRow[]; nextCursor: string | null }>('GET', `/api/opinions?limit=100&q=${encodeURIComponent('道路')}`);
    expect(roads.items.some((o) => o.id === opinionId)).toBe(true);
  }, 180_000);
});
