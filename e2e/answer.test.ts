import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');


async function shoot(page: Page, name: string, fullPage = false) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}


const satisfaction = [
  { value: 'satisfied', label: '满意' }, { value: 'basically', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }, { value: 'unknown', label: '不了解' },
];
/** A survey with every question type, a question and a whole section shown only on an earlier answer. */
const survey = {
  sections: [
    { key: 'about', title: '基本情况', questions: [
      { key: 'intro', type: 'note', label: '本问卷不记名，请根据您的真实感受填写。' },
      { key: 'role', type: 'single', label: '您的身份', required: true, options: [{ value: 'resident', label: '群众' }, { value: 'member', label: '党员' }, { value: 'cadre', label: '村（社区）干部' }, { value: 'other', label: '其他' }] },
      { key: 'winds_seen', type: 'single', label: '您是否感到身边干部存在“四风”问题？', required: true, options: [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }] },
      { key: 'which_winds', type: 'multiple', label: '主要表现在哪些方面？', required: true, minPicks: 1, maxPicks: 2, showIf: { question: 'winds_seen', op: 'is', value: 'yes' },
        options: [{ value: 'formalism', label: '形式主义' }, { value: 'bureaucratism', label: '官僚主义' }, { value: 'hedonism', label: '享乐主义' }, { value: 'extravagance', label: '奢靡之风' }] },
    ] },
    { key: 'winds', title: '“四风”问题举例', showIf: { question: 'winds_seen', op: 'is', value: 'yes' }, questions: [
      { key: 'example', type: 'text', long: true, maxLength: 300, label: '请举一个您见到的例子', help: '可以不写姓名，只写事情。' },
    ] },
    { key: 'service', title: '服务评价', questions: [
      { key: 'service', type: 'rating', label: '您对干部服务群众的总体评价', required: true, min: 1, max: 5, minLabel: '很不满意', maxLabel: '很满意' },
      { key: 'visits', type: 'number', integer: true, min: 0, max: 50, label: '今年干部到您家走访过几次？' },
      { key: 'last_visit', type: 'date', label: '最近一次走访是哪天？', showIf: { question: 'visits', op: 'answered' } },
    ] },
    { key: 'village', title: '村干部评价', questions: [
      { key: 'cadres', type: 'matrix', label: '请评价下列村干部', required: true,
        rows: [{ value: 'secretary', label: '村党支部书记' }, { value: 'director', label: '村委会主任' }, { value: 'supervisor', label: '村务监督委员会主任' }], scale: satisfaction },
    ] },
    { key: 'advice', title: '意见建议', questions: [
      { key: 'problems', type: 'text', long: true, required: true, maxLength: 200, label: '您认为最需要解决的问题是什么？' },
      { key: 'phone_ok', type: 'text', label: '其他想说的话' },
    ] },
  ],
};

interface Results { responseCount: number | string; questions: { key: string; options?: { value: string; count: number | string }[]; rows?: { value: string; grades: { value: string; count: number | string }[] }[] }[] }

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('a resident answers on a phone, in WeChat', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let orgs: { id: string; name: string }[];
  const contexts: BrowserContext[] = [];

  async function phone(opts: { speech?: 'record' | 'none' } = {}): Promise<Page> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    if (opts.speech === 'record') {
      // Headless Chromium has no voices: record what would be read instead of reading it.
      await context.addInitScript(() => {
        const spoken: { text: string; lang: string }[] = [];
        (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
        window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
          spoken.push({ text: u.text, lang: u.lang });
          setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 5);
        };
        window.speechSynthesis.cancel = () => undefined;
      });
    }
    if (opts.speech === 'none') {
      await context.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
    }
    return context.newPage();
  }

  async function createOpenForm(body: Record<string, unknown>): Promise<string> {
    const form = await api<{ id: string }>('POST', '/api/forms', body);
    await api('POST', `/api/forms/${form.id}/open`);
    return form.id;
  }

  const option = (page: Page, question: string, label: string) => page.getByTestId(`question-${question}`).getByText(label, { exact: true });
  const chip = (page: Page, testid: string, label: string) => page.getByTestId(testid).getByRole('radio', { name: label, exact: true });

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

  it('fills a survey section by section, keeps the answers over a reload, and sends them once despite a lost reply', async () => {
    const township = orgs.find((o) => o.name === '示范镇党委')!;
    const village = orgs.find((o) => o.name === '红旗村党支部')!;
    const formId = await createOpenForm({
      orgId: township.id, kind: 'resident_survey', title: '基层干部群众问卷调查', anonymous: true, distribution: 'open',
      description: '本问卷不记名，请如实填写。您的意见将用于查找和整改干部作风方面的问题。', definition: survey,
    });
    const page = await phone({ speech: 'record' });
    await page.goto(`${server.url}/f/${formId}?org=${village.id}`);

    // Start: title, what is and is not kept, no horizontal scrolling at 360 px.
    await expect.poll(() => page.getByTestId('form-title').innerText()).toBe('基层干部群众问卷调查');
    expect(await page.getByTestId('anonymity').innerText()).toContain('不记录您的姓名、手机号、IP 地址');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(page, 'phone-start.png');

    await page.getByTestId('start').click();
    // The section of examples is not shown yet: 4 screens.
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('第 1 / 4 部分');

    // Read-aloud: the question, then its options, in Chinese.
    await page.getByTestId('read-role').click();
    const spoken = await page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
    expect(spoken.map((s) => s.text)).toEqual(['第 1 题。您的身份（必答）', '选项有：群众，党员，村（社区）干部，其他']);
    expect(spoken.every((s) => s.lang === 'zh-CN')).toBe(true);

    // Nothing answered: the errors show under the questions, and the screen stays.
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('error-role').innerText()).toBe('此题为必答题');
    expect(await page.getByTestId('error-winds_seen').innerText()).toBe('此题为必答题');
    expect(await page.getByTestId('error-count').innerText()).toBe('还有 2 道题需要修改');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'phone-errors.png');

    await option(page, 'role', '群众').click();
    await expect.poll(() => page.getByTestId('error-role').count()).toBe(0);
    // A display condition, applied as the answer is given: a question and a whole section appear.
    expect(await page.getByTestId('question-which_winds').count()).toBe(0);
    await option(page, 'winds_seen', '是').click();
    await expect.poll(() => page.getByTestId('question-which_winds').count()).toBe(1);
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('第 1 / 5 部分');
    await option(page, 'which_winds', '形式主义').click();
    await option(page, 'which_winds', '官僚主义').click();
    await option(page, 'which_winds', '享乐主义').click(); // a third pick: at most 2
    expect(await page.getByTestId('question-which_winds').locator('[role="checkbox"][aria-checked="true"]').count()).toBe(2);
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('“四风”问题举例');
    await page.getByTestId('question-example').locator('textarea').fill('村里开会太多，材料层层加码。');
    expect(await page.getByTestId('question-example').innerText()).toContain('14/300');
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('服务评价');
    await chip(page, 'rating-service', '4').click();
    expect(await page.getByTestId('question-last_visit').count()).toBe(0);
    await page.getByTestId('question-visits').locator('input').fill('3');
    await expect.poll(() => page.getByTestId('question-last_visit').count()).toBe(1);
    await page.getByTestId('question-last_visit').locator('input[type="date"]').fill('2026-03-15');
    await shoot(page, 'phone-section.png');

    // The phone drops the page (WeChat closed, battery): everything comes back where it was.
    await page.reload();
    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('服务评价');
    expect(await page.getByTestId('restored').innerText()).toBe('已恢复您上次未提交的回答');
    expect(await chip(page, 'rating-service', '4').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('question-visits').locator('input').inputValue()).toBe('3');
    expect(await page.getByTestId('question-last_visit').locator('input').inputValue()).toBe('2026-03-15');
    await page.getByTestId('prev').click();
    await page.getByTestId('prev').click();
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('第 1 / 5 部分');
    expect(await page.getByTestId('question-role').locator('[role="radio"][aria-checked="true"]').innerText()).toBe('群众');
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('村干部评价');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('error-cadres').innerText()).toBe('此题为必答题');
    await chip(page, 'matrix-cadres-secretary', '满意').click();
    await chip(page, 'matrix-cadres-director', '基本满意').click();
    await page.getByTestId('next').click();
    // A required matrix needs every row.
    await expect.poll(() => page.getByTestId('error-cadres').innerText()).toBe('此题为必答题');
    await chip(page, 'matrix-cadres-supervisor', '不了解').click();
    expect(await page.getByTestId('question-cadres').innerText()).toContain('已评 3 / 3 项');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(page, 'phone-matrix.png');
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('意见建议');
    await page.getByTestId('question-problems').locator('textarea').fill('希望村里的路灯早日修好。');
    await page.getByTestId('next').click();

    const review = page.getByTestId('review');
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('请检查您的回答');
    const reviewText = await review.innerText();
    for (const text of ['群众', '形式主义、官僚主义', '村里开会太多', '2026-03-15', '村委会主任', '基本满意', '希望村里的路灯早日修好。']) expect(reviewText).toContain(text);
    await shoot(page, 'phone-review.png');

    // The first submission reaches the server, but its reply is lost on the way back.
    const bodies: { idempotencyKey: string; orgId?: string; answers: Record<string, unknown> }[] = [];
    let dropReply = true;
    await page.route('**/api/public/forms/*/responses', async (route) => {
      bodies.push(JSON.parse(route.request().postData() ?? '{}'));
      const response = await route.fetch();
      if (dropReply) {
        dropReply = false;
        await route.abort('connectionreset');
      } else {
        await route.fulfill({ response });
      }
    });
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('网络连接失败');
    expect(await page.getByTestId('status-message').innerText()).toContain('不会重复提交');
    await shoot(page, 'phone-network.png');
    // Retry: the same key, so the server recognises it and counts it once.
    await page.getByTestId('retry').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('提交成功');
    expect(await page.getByTestId('status-message').innerText()).toContain('活动领导小组办公室汇总');
    await shoot(page, 'phone-done.png');

    expect(bodies).toHaveLength(2);
    expect(bodies[1].idempotencyKey).toBe(bodies[0].idempotencyKey);
    expect(bodies[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(bodies[0].orgId).toBe(village.id);
    expect(bodies[0].answers).toEqual({
      role: 'resident', winds_seen: 'yes', which_winds: ['formalism', 'bureaucratism'], example: '村里开会太多，材料层层加码。',
      service: 4, visits: 3, last_visit: '2026-03-15', cadres: { secretary: 'satisfied', director: 'basically', supervisor: 'unknown' },
      problems: '希望村里的路灯早日修好。',
    });
    expect(await page.evaluate((id) => localStorage.getItem(`massline.answer.${id}`), formId)).toBeNull();

    const results = await api<Results>('GET', `/api/forms/${formId}/results`);
    expect(results.responseCount).toBe(1);
    const byVillage = await api<Results>('GET', `/api/forms/${formId}/results?orgId=${village.id}`);
    expect(byVillage.responseCount).toBe(1);
    const role = results.questions.find((q) => q.key === 'role')!;
    expect(role.options!.find((o) => o.value === 'resident')!.count).toBe(1);
  });

  it('casts an evaluation ballot with the code from a printed slip, once', async () => {
    const township = orgs.find((o) => o.name === '示范镇党委')!;
    const templates = await api<{ items: { key: string; kind: string; title: string; description: string; anonymous: boolean; distribution: string; definition: unknown }[] }>(
      'GET', `/api/forms/templates?team=${encodeURIComponent('示范镇党委')}&cadres=${encodeURIComponent('张建国,李秀英,王德明')}`,
    );
    const ballot = templates.items.find((t) => t.key === 'evaluation')!;
    const formId = await createOpenForm({
      orgId: township.id, kind: ballot.kind, title: ballot.title, description: ballot.description,
      anonymous: ballot.anonymous, distribution: ballot.distribution, definition: ballot.definition,
    });
    const { codes } = await api<{ codes: string[] }>('POST', `/api/forms/${formId}/codes`, { orgId: township.id, count: 3 });

    const page = await phone({ speech: 'none' });
    // Typed from a slip, or read from its QR code: any case, a dash in the middle.
    const typed = `${codes[0].slice(0, 4).toLowerCase()}-${codes[0].slice(4).toLowerCase()}`;
    await page.goto(`${server.url}/f/${formId}?code=${typed}`);
    await expect.poll(() => page.getByTestId('form-title').innerText()).toBe('示范镇党委民主测评票');
    expect(await page.getByTestId('code-input').inputValue()).toBe(codes[0]);
    // The code leaves the address bar (a forwarded page must not hand it on) but stays in the draft.
    expect(page.url()).not.toContain('code=');
    expect(await page.getByTestId('anonymity').innerText()).toContain('选票与测评码之间不保留任何关联');
    // No speech synthesis in this browser: no read-aloud buttons.
    expect(await page.getByTestId('read-page').count()).toBe(0);
    await shoot(page, 'phone-ballot-start.png');

    await page.getByTestId('start').click();
    const rows = ['team', 'c1', 'c2', 'c3'];
    const grades = ['满意', '基本满意', '满意', '不了解'];
    for (const [i, row] of rows.entries()) await chip(page, `matrix-ratings-${row}`, grades[i]).click();
    expect(await page.getByTestId('question-ratings').innerText()).toContain('已评 4 / 4 项');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(page, 'phone-ballot.png');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('请检查您的回答');
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('提交成功');
    expect(await page.getByTestId('status-message').innerText()).toContain('这个测评码已作废');
    await shoot(page, 'phone-ballot-done.png');
    // Nothing of the ballot, nor the code, is left on the phone.
    expect(await page.evaluate((id) => localStorage.getItem(`massline.answer.${id}`), formId)).toBeNull();

    // The same slip again: refused with the server's words; another code can be entered.
    await page.goto(`${server.url}/f/${formId}?code=${codes[0]}`);
    await page.getByTestId('start').click();
    for (const row of rows) await chip(page, `matrix-ratings-${row}`, '不满意').click();
    await page.getByTestId('next').click();
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('测评码已使用');
    expect(await page.getByTestId('status-message').innerText()).toBe('该测评码已经使用过');
    await shoot(page, 'phone-code-used.png');
    await page.getByTestId('reenter-code').click();
    await page.getByTestId('code-input').fill('O0O0-1111');
    await page.getByTestId('start').click();
    await expect.poll(() => page.getByTestId('code-error').innerText()).toBe('测评码应为 8 位字母或数字（没有 0、O、1、I）');
    await page.getByTestId('code-input').fill(codes[1]);
    await page.getByTestId('start').click();
    // Back to the review: the answers were kept.
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('请检查您的回答');
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('提交成功');

    const turnout = await api<{ items: { orgId: string; issued: number; used: number }[] }>('GET', `/api/forms/${formId}/turnout`);
    expect(turnout.items).toEqual([expect.objectContaining({ orgId: township.id, issued: 3, used: 2 })]);
    const results = await api<Results>('GET', `/api/forms/${formId}/results`);
    expect(results.responseCount).toBe(2);
    const team = results.questions.find((q) => q.key === 'ratings')!.rows!.find((r) => r.value === 'team')!;
    expect(Object.fromEntries(team.grades.map((g) => [g.value, g.count]))).toEqual({ satisfied: 1, basically: 0, dissatisfied: 1, unknown: 0 });
  });

  it('says why a form cannot be answered, and speaks English on request', async () => {
    const page = await phone();
    await page.goto(`${server.url}/f/no-such-form`);
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('找不到这份问卷');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('Form not found');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('找不到这份问卷');
  });
});
