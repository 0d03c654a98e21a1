import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalDocx } from '../apps/server/test/documents.js';
import { CHROMIUM, E2E_REQUIRED, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// 学习教育: the office adds a reading with its Word file; a cadre writes a study note, the live
// counter holding it back below the minimum; the office returns it, the cadre revises it, the office
// approves it; the office reads study hours against a threshold.

const DESK = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('学习教育: reading list, a study note returned then approved, study hours', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(username: string): Promise<Page> {
    const c = await browser.newContext(DESK);
    contexts.push(c);
    const page = await c.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    server = await startServer();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('the office adds a reading with its file; a cadre reads it', async () => {
    const office = await signedIn('office');
    await office.getByTestId('menu-study').click();
    // The demo campaign's list, from the source's required reading.
    await expect.poll(() => office.getByTestId('readings-table').innerText()).toContain('论群众路线——重要论述摘编');
    await office.getByTestId('reading-add').click();
    await office.getByTestId('reading-title').fill('党的群众路线教育实践活动学习辅导');
    await office.getByTestId('reading-file-input').setInputFiles({
      name: '学习辅导.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await minimalDocx('学习辅导', ['第一讲　群众路线是党的生命线。']),
    });
    await office.getByTestId('reading-save').click();
    await expect.poll(() => office.getByTestId('readings-table').innerText()).toContain('党的群众路线教育实践活动学习辅导');

    const cadre = await signedIn('cadre');
    await cadre.getByTestId('menu-study').click();
    const row = cadre.getByTestId('readings-table').locator('tbody tr', { hasText: '学习辅导' });
    await expect.poll(() => row.getByTestId('reading-file').innerText()).toContain('下载 Word');
    expect(await cadre.getByTestId('reading-add').count()).toBe(0);
  });

  it('a cadre writes a note, the office returns it, the cadre revises it, the office approves it', async () => {
    const cadre = await signedIn('cadre');
    await cadre.goto(`${server.url}/study?tab=notes`);
    await cadre.getByTestId('note-write').click();
    await cadre.getByTestId('note-title').fill('学习辅导读后感');
    await cadre.getByTestId('note-body').fill('群众路线是党的生命线。'.repeat(10));
    await expect.poll(() => cadre.getByTestId('note-counter').innerText()).toBe('已写 110 字，至少 300 字（不计空格）');
    // Below the minimum: held back in the dialog, nothing sent.
    await cadre.getByTestId('note-save').click();
    await expect.poll(() => cadre.getByTestId('note-dialog').innerText()).toContain('正文至少 300 字，现在只有 110 字');
    await cadre.getByTestId('note-body').fill('群众路线是党的生命线，必须落实到为群众办实事上。'.repeat(14));
    await expect.poll(() => cadre.getByTestId('note-counter').innerText()).toBe('已写 336 字（至少 300 字）');
    await cadre.getByTestId('note-save').click();
    const mine = cadre.getByTestId('my-notes-table').locator('tbody tr', { hasText: '学习辅导读后感' });
    await expect.poll(() => mine.getByTestId('my-note-status').innerText()).toBe('待审核');

    const office = await signedIn('office');
    await office.goto(`${server.url}/study?tab=review`);
    await office.getByTestId('review-table').locator('tbody tr', { hasText: '学习辅导读后感' }).getByTestId('review-open').click();
    await office.getByTestId('note-text').waitFor();
    await office.getByTestId('review-return').click();
    // A return needs a comment: nothing sent without one.
    await expect.poll(() => office.getByTestId('note-status').innerText()).toBe('待审核');
    await office.getByTestId('review-comment').fill('请写出本人分管工作中查找到的问题');
    await office.getByTestId('review-return').click();
    await expect.poll(() => office.getByTestId('note-status').innerText()).toBe('已退回');

    await cadre.reload();
    await expect.poll(() => mine.getByTestId('my-note-status').innerText()).toBe('已退回');
    await expect.poll(() => mine.innerText()).toContain('请写出本人分管工作中查找到的问题');
    await mine.getByTestId('my-note-edit').click();
    await cadre.getByTestId('note-body').fill(`${'群众路线是党的生命线，必须落实到为群众办实事上。'.repeat(14)}我分管的便民服务大厅午间无人值班，群众意见大。`);
    await cadre.getByTestId('note-save').click();
    await expect.poll(() => mine.getByTestId('my-note-status').innerText()).toBe('待审核');

    await office.reload();
    await office.getByTestId('review-approve').click();
    await expect.poll(() => office.getByTestId('note-status').innerText()).toBe('已通过');
    await cadre.reload();
    await expect.poll(() => mine.getByTestId('my-note-status').innerText()).toBe('已通过');
    expect(await mine.getByTestId('my-note-edit').count()).toBe(0);
  });

  it('the office reads study hours of the township against a threshold, down to a branch', async () => {
    const api = await officeApi(server.url);
    const { items } = await api<{ items: { id: string; orgId: string }[] }>('GET', '/api/campaigns');
    const report = await api<{ members: number }>('GET', `/api/study/hours?campaignId=${items[0].id}&orgId=${items[0].orgId}`);
    const office = await signedIn('office');
    await office.goto(`${server.url}/study?tab=hours`);
    await expect.poll(() => office.getByTestId('hours-figures').innerText()).toContain(String(report.members));
    await office.getByTestId('hours-min').locator('input').fill('6');
    await office.getByTestId('hours-min').locator('input').press('Enter');
    await expect.poll(() => office.getByTestId('hours-below-count').innerText()).toMatch(/学时不足\s*\d+ 人/);
    await office.getByTestId('hours-drill').filter({ hasText: '红旗村党支部' }).click();
    await expect.poll(() => office.getByTestId('hours-people').innerText()).toContain('王德明');
  });
});
