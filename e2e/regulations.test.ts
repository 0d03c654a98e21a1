import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalDocx } from '../apps/server/test/documents.js';
import { CHROMIUM, E2E_REQUIRED, launchChromium } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('建章立制: the office registers a rule for a problem, a cadre reads it', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('registers a rule with a problem picked by keyword and its Word document; a fake PDF is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await signIn(page, server.url, 'office');
    await page.getByTestId('menu-regulations').click();
    // The demo township's rota rule, made because of the service hall's lunchtime problem.
    await expect.poll(() => page.getByTestId('regulations-table').innerText()).toContain('便民服务大厅午间轮流值班制度');

    await page.getByTestId('regulation-create').click();
    const dialog = page.getByTestId('regulation-form-dialog');
    await page.getByTestId('regulation-form-title').fill('红旗村村务公开制度');
    await dialog.locator('.el-select').first().click();
    await page.locator('.el-select-dropdown:visible, .el-popper:visible').getByText('红旗村党支部', { exact: true }).first().click();
    await page.getByTestId('regulation-form-summary').fill('村务、财务每季度公开一次。');
    await page.getByTestId('regulation-problem-picker').click();
    await page.keyboard.type('坑洼');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '坑洼' }).first().click();
    await dialog.locator('.el-dialog__header').click();
    await page.getByTestId('regulation-form-file-input').setInputFiles({
      name: '村务公开制度.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await minimalDocx('红旗村村务公开制度', ['第一条　村务每季度公开一次。']),
    });
    await page.getByTestId('regulation-form-submit').click();

    await page.waitForURL(/\/regulations\/[^/]+$/);
    await expect.poll(() => page.getByTestId('document-download').innerText()).toContain('村务公开制度.docx');
    await expect.poll(() => page.getByTestId('detail-problem-link').first().innerText()).toContain('坑洼');
    const problemHref = await page.getByTestId('detail-problem-link').first().getAttribute('href');
    expect(problemHref).toMatch(/^\/problems\/[^/]+$/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'regulation-detail.png'), fullPage: true });

    await page.getByTestId('upload-input').setInputFiles({ name: '制度.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await expect.poll(() => page.locator('.el-message--error').first().innerText()).toContain('制度文件只能是 PDF 或 Word（.docx）文件');
    // The Word document is still the one kept.
    expect(await page.getByTestId('document-download').innerText()).toContain('村务公开制度.docx');

    await page.getByTestId('detail-problem-link').first().click();
    await page.waitForURL((u) => u.pathname === problemHref);
    await page.close();
  });

  it('shows a cadre the rules of their org, with no way to change them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await signIn(page, server.url, 'cadre');
    await page.getByTestId('menu-regulations').click();
    await expect.poll(() => page.getByTestId('regulations-table').innerText()).toContain('便民服务大厅午间轮流值班制度');
    expect(await page.getByTestId('regulations-table').innerText()).not.toContain('红旗村');
    expect(await page.getByTestId('regulation-create').count()).toBe(0);
    await page.getByTestId('regulation-link').first().click();
    await expect.poll(() => page.getByTestId('detail-title').innerText()).toBe('便民服务大厅午间轮流值班制度');
    expect(await page.getByTestId('regulation-actions').count()).toBe(0);
    await expect.poll(() => page.getByTestId('detail-hidden').innerText()).toContain('1');
    await page.screenshot({ path: path.join(shots, 'regulation-cadre.png'), fullPage: true });
    await page.close();
  });
});
