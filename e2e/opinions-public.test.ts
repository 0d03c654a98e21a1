import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');



interface OpinionRow { id: string; orgId: string; orgName: string; content: string; status: string; published: boolean }
interface OpinionDetail extends OpinionRow { messages: { author: 'sender' | 'staff'; public: boolean; body: string }[] }
type Spoken = { text: string; lang: string }[];

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('published answers: a resident flags an error on a phone, the office handles it; the QR poster', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let opinion: OpinionDetail;
  let answer = '';
  const contexts: BrowserContext[] = [];
  const FLAG = '答复说开通了村代办服务，可我上周去村部问，说还没有这项服务。';
  const HANDLED = '经核实，村代办服务本月底才开通，已更正公开答复并告知村部做好解释。';

  async function shoot(page: Page, name: string, fullPage = false) {
    await page.waitForLoadState('networkidle');
    await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
    await expect.poll(() => page.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, name), fullPage });
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);

    // An answered demo opinion the office has not published yet: it gets a public answer (unless it
    // has one) and is published, as the office would from the opinion's page.
    const answered = (await api<{ items: OpinionRow[] }>('GET', '/api/opinions?status=answered&limit=50')).items.filter((o) => !o.published);
    expect(answered.length).toBeGreaterThan(0);
    opinion = await api<OpinionDetail>('GET', `/api/opinions/${answered[0].id}`);
    const publicAnswer = opinion.messages.find((m) => m.author === 'staff' && m.public);
    answer = publicAnswer?.body ?? '路灯已于本月维修，请群众监督。';
    if (!publicAnswer) await api('POST', `/api/opinions/${opinion.id}/reply`, { body: answer, public: true });
    // Unpublished, the public list does not know it and a flag is refused.
    const early = await fetch(`${server.url}/api/public/opinions/${opinion.id}/flags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ body: '试一下' }),
    });
    expect(early.status).toBe(404);
    await api('POST', `/api/opinions/${opinion.id}/publish`);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('shows the published opinion and its public answer on a 360 px phone, never the sender, reads it aloud, and takes a 纠错', async () => {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
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
    const page = await context.newPage();

    // The way there: from the send page of the opinion's org, and from the receipt page.
    await page.goto(`${server.url}/o/${opinion.orgId}`);
    await expect.poll(() => page.getByTestId('answers-link').getAttribute('href')).toBe(`/p/${opinion.orgId}`);
    await page.goto(`${server.url}/r`);
    await expect.poll(() => page.getByTestId('answers-link').getAttribute('href')).toBe('/p');
    await page.getByTestId('answers-link').click();
    await page.waitForURL(`${server.url}/p`);
    await expect.poll(() => page.getByTestId('answer-item').filter({ hasText: opinion.content }).count()).toBe(1);

    await page.goto(`${server.url}/p/${opinion.orgId}`);
    await expect.poll(() => page.getByTestId('answers-org').innerText()).toBe(opinion.orgName);
    expect(await page.getByTestId('bar-title').innerText()).toBe('意见答复公开');
    const item = page.getByTestId('answer-item').filter({ hasText: opinion.content });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByTestId('answer-body').first().innerText()).toContain(answer);
    // Sender never shown; no sideways scrolling at 360 px; the way back to sending.
    expect(await page.getByTestId('answers').innerText()).toContain('不显示反映人');
    const published = (await (await fetch(`${server.url}/api/public/opinions?orgId=${opinion.orgId}`)).json()) as { items: Record<string, unknown>[] };
    expect(Object.keys(published.items.find((i) => i.id === opinion.id)!).sort()).toEqual(['answers', 'category', 'content', 'day', 'handling', 'id', 'orgName', 'status']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByTestId('answers-send').getAttribute('href')).toBe(`/o/${opinion.orgId}`);
    await shoot(page, 'phone-public-answers.png');

    // Read aloud, one item: its words as published.
    await item.getByTestId('read-item').click();
    await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken.splice(0))).map((s) => s.text).join('|')).toContain(opinion.content);

    // 纠错: empty is refused on the phone, then a few words are sent.
    await item.getByTestId('flag').click();
    const sheet = page.getByTestId('flag-sheet');
    await sheet.waitFor({ state: 'visible' });
    expect(await sheet.innerText()).toContain(opinion.content.slice(0, 10));
    await sheet.getByTestId('flag-send').click();
    expect(await sheet.getByTestId('flag-error').innerText()).toBe('请写下哪里有错');
    await sheet.getByTestId('flag-text').locator('textarea').fill(FLAG);
    await page.screenshot({ path: path.join(shots, 'phone-public-flag.png') });
    await sheet.getByTestId('flag-send').click();
    await expect.poll(() => sheet.getByTestId('flag-done').innerText()).toContain('已收到，我们会核实处理');
    await sheet.getByTestId('flag-close').click();
    await sheet.waitFor({ state: 'detached' });
  });

  it('puts the flag in the office\'s 纠错处理 queue, where it is handled with a reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
    await page.goto(`${server.url}/opinions`);
    await page.getByTestId('opinions-flags-link').click();
    await page.waitForURL(/\/opinions\/flags/);

    const row = page.getByTestId('flags-table').locator('tr.el-table__row').filter({ hasText: FLAG });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('flag-opinion').innerText()).toContain(opinion.content.slice(0, 10));
    expect(await row.innerText()).toContain(opinion.orgName);
    expect(await row.getByTestId('flag-status').innerText()).toBe('待处理');
    await shoot(page, 'opinions-flags.png');

    await row.getByTestId('flag-handle').click();
    const dialog = page.getByTestId('flag-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toContain(FLAG);
    // A reason is required.
    await page.getByTestId('flag-submit').click();
    await expect.poll(() => dialog.innerText()).toContain('请填写处理说明或驳回理由');
    await dialog.getByTestId('flag-answer').fill(HANDLED);
    await page.getByTestId('flag-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    // Gone from the open ones; among the handled, with its reason.
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('flags-status').getByText('已处理', { exact: true }).click();
    await page.waitForURL(/status=answered/);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('flag-result').innerText()).toBe(HANDLED);
    expect(await row.getByTestId('flag-status').innerText()).toBe('已处理');
    const stored = await api<{ items: { body: string; status: string; answer: string | null }[] }>('GET', '/api/opinion-flags?status=answered');
    expect(stored.items.find((f) => f.body === FLAG)).toMatchObject({ status: 'answered', answer: HANDLED });
    await page.close();
  });

  it('prints an A4 QR poster for a village notice board, pointing at the village\'s send page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
    await page.goto(`${server.url}/opinions`);
    // The inbox's header carries the two ways in (纠错处理, the poster) without squeezing its title.
    await page.getByTestId('opinions-table').waitFor();
    const title = await page.locator('.head-title').boundingBox();
    expect(title!.height).toBeLessThan(30);
    await page.getByTestId('opinions-poster').click();
    const dialog = page.getByTestId('poster-dialog');
    await dialog.waitFor({ state: 'visible' });
    // The township by default; the village picked.
    await expect.poll(() => dialog.getByTestId('poster-org').innerText()).toBe('示范镇党委');
    await dialog.getByTestId('poster-org-select').click();
    await page.locator('.el-select-dropdown:visible, .el-popper:visible').getByText('红旗村党支部', { exact: true }).first().click();
    await expect.poll(() => dialog.getByTestId('poster-org').innerText()).toBe('红旗村党支部');
    const orgs = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items;
    const village = orgs.find((o) => o.name === '红旗村党支部')!;
    const poster = dialog.getByTestId('opinion-poster');
    await expect.poll(() => poster.locator('img').getAttribute('data-qr')).toBe(`${server.url}/o/${village.id}`);
    const text = await poster.innerText();
    expect(text).toContain('扫码提意见，可以匿名');
    expect(text).toContain(`${server.url}/p/${village.id}`);
    await page.mouse.move(0, 0);
    await shoot(page, 'opinions-poster.png');

    // Print: window.print() with the poster alone on the page (the portal active while it runs).
    await page.evaluate(() => {
      const w = window as unknown as { __printed: string[] };
      w.__printed = [];
      window.print = () => {
        w.__printed.push([...document.querySelectorAll('.print-portal--active')].map((el) => (el as HTMLElement).innerText).join('|') + (document.body.classList.contains('printing-portal') ? '#portal' : ''));
      };
    });
    await page.getByTestId('poster-print').click();
    const printed = await page.evaluate(() => (window as unknown as { __printed: string[] }).__printed);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('红旗村党支部');
    expect(printed[0]).toContain('扫码提意见，可以匿名');
    expect(printed[0]).toMatch(/#portal$/);

    // What the printer gets: the A4 sheet alone.
    await page.evaluate(() => {
      document.body.classList.add('printing-portal');
      document.querySelectorAll('.print-portal').forEach((el) => el.classList.toggle('print-portal--active', !!el.querySelector('[data-testid="opinion-poster"]')));
    });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'opinions-poster-print.png') });
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });
});
