import { dayIn } from '@massline/shared';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue 5, "Done when": the whole loop. A resident's anonymous opinion becomes a problem; in the
// staff app the office makes a rectification item with a milestone, reports progress with a photo,
// releases the photo, publishes the item and marks it done; the resident judges it with the
// receipt on a 360 px phone; the item shows the verdict, in the staff app and on its public page.
// The opinion → problem step goes through the API here: its UI is the opinion loop's own test.

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');
const OFFICE = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN' };
const day = (n: number) => dayIn(Date.now() + n * 86_400_000);

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the rectification loop: opinion → problem → item with a milestone and a photo → published → done → the resident’s verdict', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  const contexts: BrowserContext[] = [];

  async function context(options: typeof PHONE | typeof OFFICE): Promise<Page> {
    const c = await browser.newContext(options);
    contexts.push(c);
    return c.newPage();
  }
  async function shoot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForLoadState('networkidle');
    await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
    await expect.poll(() => page.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, name), fullPage: true });
  }
  async function sitePhoto(): Promise<Buffer> {
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    await page.setContent(`<body style="margin:0"><div style="width:640px;height:480px;background:linear-gradient(#a9d0f0 0 45%,#8a9a66 45% 100%);position:relative;font-family:'Noto Sans CJK SC',sans-serif">
      <div style="position:absolute;left:200px;right:200px;top:216px;bottom:0;background:#aaa;clip-path:polygon(45% 0,55% 0,100% 100%,0 100%)"></div>
      <div style="position:absolute;left:20px;top:20px;color:#fff;font-size:28px;text-shadow:0 1px 3px #000">三组村道 · 边沟疏通完成</div></div></body>`);
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 70 });
    await page.close();
    return jpeg;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('closes the loop through the staff app and the resident’s phone', async () => {
    const tag = Date.now().toString(36).slice(-5).toUpperCase();
    const village = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items.find((o) => o.name === '青山村党支部')!;
    const title = `青山村三组村道边沟堵塞（${tag}）`;

    // 1. The resident, anonymous, on a phone: the opinion and its receipt.
    const phone = await context(PHONE);
    await phone.goto(`${server.url}/o/${village.id}`);
    await expect.poll(() => phone.getByTestId('org-name').innerText()).toBe('青山村党支部');
    await phone.getByTestId('category').getByRole('radio', { name: '民生诉求', exact: true }).click();
    await phone.getByTestId('content').locator('textarea').fill(`三组村道两边的边沟堵了，一下雨路上全是水（${tag}）。`);
    await phone.getByTestId('identity').getByRole('radio', { name: '匿名', exact: true }).click();
    await phone.getByTestId('submit').click();
    await expect.poll(() => phone.getByTestId('sent-title').innerText()).toBe('提交成功');
    const receipt = (await phone.getByTestId('receipt-code').getAttribute('aria-label'))!;

    // 2. The problem it became.
    const opinion = (await api<{ items: { id: string }[] }>('GET', `/api/opinions?q=${encodeURIComponent(tag)}`)).items[0];
    const problem = await api<{ id: string }>('POST', '/api/problems', { title, category: 'livelihood', ownerOrgId: village.id, sources: [{ type: 'opinion', opinionId: opinion.id }] });

    // 3. The office, in the staff app: from the problem's page, an item with one milestone.
    const office = await context(OFFICE);
    await office.goto(`${server.url}/login`);
    await office.getByTestId('login-username').fill('office');
    await office.getByTestId('login-password').fill('demo1234');
    await office.getByTestId('login-submit').click();
    await office.waitForURL(/\/orgs/);
    await office.goto(`${server.url}/problems/${problem.id}`);
    await office.getByTestId('problem-rectify').click();
    const form = office.getByTestId('rect-form-dialog');
    await form.waitFor({ state: 'visible' });
    await expect.poll(() => form.getByTestId('rect-form-problems').innerText()).toContain(title);
    await expect.poll(() => form.getByTestId('rect-form-owner').innerText()).toContain('青山村党支部');
    await form.getByTestId('rect-form-title').fill(`疏通三组村道边沟（${tag}）`);
    await form.getByTestId('rect-form-measures').fill('清理边沟淤泥 600 米，破损处重新砌筑，雨季前每月巡查一次。');
    await form.getByTestId('rect-form-commitment').fill('一个月内疏通边沟，下雨路上不再积水。');
    await form.getByTestId('rect-form-deadline').fill(day(30));
    await form.getByTestId('milestone-add').click();
    await form.getByTestId('milestone-title-0').fill('边沟疏通完成');
    await form.getByTestId('milestone-due-0').fill(day(20));
    expect(await form.getByTestId('milestone-sum').innerText()).toContain('100%');
    await office.getByTestId('rect-form-submit').click();
    await office.waitForURL(/\/rectification\/[0-9a-f-]{36}$/);
    const itemId = office.url().split('/').pop()!;
    await expect.poll(() => office.getByTestId('rect-status').innerText()).toBe('未开始');

    // Progress: the milestone reached, with a photo of the site.
    await office.getByTestId('rect-report').click();
    const report = office.getByTestId('rect-progress-dialog');
    await report.waitFor({ state: 'visible' });
    await report.getByTestId('rect-progress-body').fill('边沟淤泥已全部清理，破损处已砌好。');
    await report.getByTestId('rect-progress-milestones').getByText('边沟疏通完成').click();
    await report.locator('input[type=file]').setInputFiles({ name: '边沟.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
    await office.getByTestId('rect-progress-submit').click();
    await report.waitFor({ state: 'hidden' });
    await expect.poll(() => office.getByTestId('rect-status').innerText()).toBe('整改中');
    await expect.poll(() => office.getByTestId('rect-file').count()).toBe(1);
    expect(await office.getByTestId('rect-progress').innerText()).toContain('100%');

    // The office releases the photo and publishes the item; then it is marked done.
    await office.getByTestId('rect-release').click();
    await expect.poll(() => office.getByTestId('rect-file').innerText()).toContain('已公开');
    await office.getByTestId('rect-publish').click();
    await expect.poll(() => office.getByTestId('rect-public-link').count()).toBe(1);
    await office.getByTestId('rect-done').click();
    const move = office.getByTestId('rect-move-dialog');
    await move.waitFor({ state: 'visible' });
    await move.getByTestId('rect-move-reason').fill('边沟全部疏通，村民代表现场查看。');
    await office.getByTestId('rect-move-submit').click();
    await move.waitFor({ state: 'hidden' });
    await expect.poll(() => office.getByTestId('rect-status').innerText()).toBe('已完成');

    // 4. The resident, with the receipt: solved? satisfied? — solved, satisfied.
    await phone.goto(`${server.url}/r#${receipt}`);
    const ask = phone.getByTestId('receipt-verdict-item').filter({ hasText: tag });
    await expect.poll(() => ask.count()).toBe(1);
    await ask.getByTestId('verdict-solved-solved').click();
    await ask.getByTestId('verdict-satisfied-satisfied').click();
    await ask.getByTestId('receipt-verdict-send').click();
    await expect.poll(() => ask.getByTestId('receipt-verdict-given').innerText()).toBe('您的评议：解决，满意');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // 5. The item shows it, counted: in the staff app and on its public page, with the released photo.
    await office.reload();
    await expect.poll(() => office.getByTestId('rect-verdicts').innerText()).toContain('计票评议 1 票');
    expect(await office.getByTestId('rect-verdicts').innerText()).toContain('解决率 100%，满意率 100%');
    expect(await office.getByTestId('rect-verdict-kind-receipt').innerText()).toContain('凭查询码（含回访） 1（计票）');
    await shoot(office, 'rectification-item.png');
    const item = await api<{ status: string; verdicts: { counted: { total: number; solved: number; satisfied: number } }; problems: { status: string }[] }>('GET', `/api/rectifications/${itemId}`);
    expect(item).toMatchObject({ status: 'done', verdicts: { counted: { total: 1, solved: 1, satisfied: 1 } }, problems: [{ status: 'rectifying' }] });
    await phone.goto(`${server.url}/d/i/${itemId}`);
    await expect.poll(() => phone.getByTestId('verdict-total').innerText()).toBe('计票评议 1 票');
    await expect.poll(() => phone.getByTestId('photo').count()).toBe(1);
  }, 240_000);
});
