import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// The problem registry from the office's side, in a real browser on the demo township: a low mark on
// the results page raised in one click, an opinion added to a problem already registered (and the
// server's refusal when it already feeds one), 转为问题 with the rule broken and the person
// responsible, and the resident's receipt showing 已交办 only when the opinion was passed on.

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');
const OFFICE = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN' };

interface FormRow { id: string; kind: string }
interface OpinionRow { id: string; content: string }
interface ProblemRow { id: string; title: string }
interface ProblemDetail extends ProblemRow {
  rule: { id: string; title: string } | null;
  ownerPerson: { id: string; name: string } | null;
  sources: { type: string; opinion: { id: string } | null; answer: { formId: string; responseId: string; question: string; value: string | null } | null }[];
}

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('problems from low marks and opinions; the receipt\'s progress', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let page: Page;
  const contexts: BrowserContext[] = [];

  const opinionWith = async (words: string) => (await api<{ items: OpinionRow[] }>('GET', '/api/opinions?limit=100')).items.find((o) => o.content.includes(words))!;
  const openDropdownItem = (text: string) => page.locator('.el-select-dropdown__item:visible', { hasText: text }).first();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    const c = await browser.newContext(OFFICE);
    contexts.push(c);
    page = await c.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
  }, 90_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('低评价 on the results page: a 不满意 answer raised in one click, its problem leading back to the form', async () => {
    const survey = (await api<{ items: FormRow[] }>('GET', '/api/forms')).items.find((f) => f.kind === 'resident_survey')!;
    await page.goto(`${server.url}/forms/${survey.id}/results`);
    const panel = page.getByTestId('low-answers-satisfaction');
    const first = panel.getByTestId('low-item').first();
    await first.getByTestId('low-raise').waitFor();
    await expect.poll(() => panel.getByTestId('low-total').innerText()).toMatch(/^共 \d+ 份回答$/);
    expect(await first.getByTestId('low-mark').innerText()).toBe('不满意');

    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/problems/from-answer') && r.request().method() === 'POST'),
      first.getByTestId('low-raise').click(),
    ]);
    expect(posted.status()).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    const body = JSON.parse(posted.request().postData() ?? '{}') as { responseId: string; question: string };
    expect(body.question).toBe('satisfaction');
    await expect.poll(() => page.locator('.el-message--success').innerText()).toContain('已列为问题');
    expect(await first.getByTestId('low-problem').getAttribute('href')).toBe(`/problems/${id}`);
    await page.getByTestId('result-satisfaction').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.getByTestId('result-satisfaction').screenshot({ path: path.join(shots, 'forms-low-marks.png') });

    const detail = await api<ProblemDetail>('GET', `/api/problems/${id}`);
    expect(detail.sources).toEqual([expect.objectContaining({ type: 'response_rating', answer: expect.objectContaining({ formId: survey.id, responseId: body.responseId, question: 'satisfaction', value: '不满意' }) })]);

    // The problem's page names the source and links back to the results.
    await page.locator('.el-message--success').getByTestId('raised-link').click();
    await page.waitForURL(new RegExp(`/problems/${id}$`));
    await expect.poll(() => page.locator('body').innerText()).toContain('问卷低评价');
    expect(await page.getByRole('link', { name: '查看问卷结果' }).getAttribute('href')).toBe(`/forms/${survey.id}/results`);

    // Opened afresh, the results page shows that answer raised, linking to its problem.
    await page.goto(`${server.url}/forms/${survey.id}/results`);
    await expect.poll(() => page.getByTestId('low-answers-satisfaction').getByTestId('low-problem').count()).toBe(1);
    expect(await page.getByTestId('low-answers-satisfaction').getByTestId('low-problem').getAttribute('href')).toBe(`/problems/${id}`);
  }, 90_000);

  it('转为问题 with the rule broken and the person responsible; 归入已有问题, and the server\'s refusal when it already feeds one', async () => {
    // 转为问题: rule and person chosen in the dialog reach the problem.
    const garbage = await opinionWith('垃圾清运');
    await page.goto(`${server.url}/opinions/${garbage.id}`);
    await page.getByTestId('action-to-problem').click();
    const dialog = page.getByTestId('problem-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('problem-rule').click();
    await dialog.getByTestId('problem-rule').locator('input').fill('官僚');
    await page.locator('.el-tree-node__content:visible', { hasText: '官僚主义' }).first().click();
    await dialog.getByTestId('problem-owner-person').click();
    // The people of the owner org (its options carry their units beside the name).
    const firstPerson = page.locator('.el-select-dropdown__item:visible .person-option').first();
    await firstPerson.waitFor();
    const person = (await firstPerson.locator('span').first().innerText()).trim();
    await firstPerson.click();
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/problems') && r.request().method() === 'POST'),
      page.getByTestId('problem-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    const made = (await created.json()) as ProblemDetail;
    expect(made.rule).toMatchObject({ id: 'seed-four-winds-bureaucratism', title: '官僚主义' });
    expect(made.ownerPerson?.name).toBe(person);
    await expect.poll(() => page.getByTestId('detail-problems').innerText()).toContain(made.title);

    // 归入已有问题: find a problem by its words and add this opinion to it.
    const certificate = await opinionWith('办个证明');
    const service = (await api<{ items: ProblemRow[] }>('GET', `/api/problems?q=${encodeURIComponent('便民服务')}`)).items[0];
    await page.goto(`${server.url}/opinions/${certificate.id}`);
    await page.getByTestId('action-add-to-problem').click();
    const add = page.getByTestId('add-to-problem-dialog');
    await add.waitFor();
    await add.getByTestId('add-to-problem-select').click();
    await add.getByTestId('add-to-problem-select').locator('input').fill('便民');
    await openDropdownItem(service.title).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'opinion-add-to-problem.png') });
    const [added] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/problems/${service.id}/sources`)),
      page.getByTestId('add-to-problem-submit').click(),
    ]);
    expect(added.status()).toBe(200);
    await expect.poll(() => page.getByTestId('detail-problems').innerText()).toContain(service.title);
    expect(await page.getByTestId('detail-problems').getByRole('link').getAttribute('href')).toBe(`/problems/${service.id}`);
    expect(await page.getByTestId('action-add-to-problem').isDisabled()).toBe(true);
    const trail = await api<ProblemDetail>('GET', `/api/problems/${service.id}`);
    expect(trail.sources.map((s) => s.opinion?.id)).toContain(certificate.id);

    // Someone else links the opinion while the dialog is open: the server's words, then the page shows where it went.
    const accounts = await opinionWith('村务账目');
    await page.goto(`${server.url}/opinions/${accounts.id}`);
    await page.getByTestId('action-add-to-problem').click();
    await add.getByTestId('add-to-problem-select').click();
    await openDropdownItem(service.title).click();
    await api('POST', `/api/problems/${made.id}/sources`, { sources: [{ type: 'opinion', opinionId: accounts.id }] });
    await page.getByTestId('add-to-problem-submit').click();
    await expect.poll(() => page.locator('.el-message--error').innerText()).toBe('该意见已归入一个问题，一条意见只能归入一个问题');
    await expect.poll(() => page.getByTestId('detail-problems').innerText()).toContain(made.title);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'opinion-add-to-problem-refused.png') });
  }, 90_000);

  it('the receipt marks 已交办 only when the opinion was passed on', async () => {
    const hongqi = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items.find((o) => o.name === '红旗村党支部')!;
    const send = async (content: string, key: string) => {
      const res = await fetch(`${server.url}/api/public/opinions`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ orgId: hongqi.id, category: 'livelihood', content, idempotencyKey: key }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { receipt: string }).receipt;
    };
    const direct = await send('村口路灯坏了一个多月，晚上走路看不见', 'e2e-receipt-direct-0001');
    const passed = await send('村里的公共厕所没人打扫，气味很大', 'e2e-receipt-passed-0001');
    await api('POST', `/api/opinions/${(await opinionWith('村口路灯')).id}/reply`, { body: '已报修，供电所周五前修好。', public: true });
    const toilet = (await opinionWith('公共厕所')).id;
    await api('POST', `/api/opinions/${toilet}/assign`, { orgId: hongqi.id });
    await api('POST', `/api/opinions/${toilet}/reply`, { body: '已安排保洁员每天打扫两次。', public: false });

    const phone = await browser.newContext(PHONE);
    contexts.push(phone);
    const p = await phone.newPage();
    const steps = async (code: string) => {
      await p.goto(`${server.url}/r#${code}`);
      await p.getByTestId('progress').waitFor();
      await expect.poll(() => p.getByTestId('status').innerText()).toContain('已答复');
      return p.locator('[data-testid^="step-"]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).innerText.trim()}:${(e as HTMLElement).dataset.state}`));
    };
    expect(await steps(direct)).toEqual(['已收到:done', '直接办理:skipped', '已答复:now', '已办结:todo']);
    await p.getByTestId('progress').screenshot({ path: path.join(shots, 'receipt-answered-directly.png') });
    expect(await steps(passed)).toEqual(['已收到:done', '已交办:done', '已答复:now', '已办结:todo']);
  }, 90_000);
});
