import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.join(os.tmpdir(), 'shots-notify');

async function shoot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, name) });
}

/**
 * The scheduler of a freshly started server finds the demo's overdue opinion (青山村, answer day
 * five days past, nobody there to answer for it): the office is told, the matter escalated, and the
 * day's digest sent. The office reads them through the bell and the notification centre.
 */
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('notifications in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    // The digest goes out from 08:00 Beijing time; this test's server sends it at its first tick whatever the hour.
    server = await startServer({ MASSLINE_DIGEST_HOUR: '0' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the unread count on the bell, opens a notification\'s page and marks them read', async () => {
    const api = await officeApi(server.url);
    // The scheduler's first tick runs at start: wait for its last job, the digest.
    type Listing = { items: { kind: string; title: string }[] };
    await expect.poll(async () => (await api<Listing>('GET', '/api/notifications?limit=100')).items.some((n) => n.kind === 'digest')).toBe(true);
    const mine = (await api<Listing>('GET', '/api/notifications?limit=100')).items;
    expect(mine.map((n) => n.title)).toEqual(expect.arrayContaining(['意见逾期督办：会议太多，村干部整天开会填表，下村少', '意见逾期未答复：会议太多，村干部整天开会填表，下村少']));
    const n = mine.length;
    expect(n).toBeGreaterThanOrEqual(3);

    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    const badge = page.getByTestId('notification-count').locator('sup');
    await expect.poll(() => badge.textContent()).toBe(String(n));
    await shoot(page, 'e2e-01-bell.png');

    await page.getByTestId('notification-bell').click();
    await expect.poll(() => page.getByTestId('bell-item').count()).toBe(Math.min(n, 5));
    const titles = await page.getByTestId('bell-item').allTextContents();
    expect(titles.some((x) => x.includes(`今日待办：${n - 1} 条未读提醒`))).toBe(true);
    await shoot(page, 'e2e-02-bell-open.png');

    // Clicking a notification opens what it is about and counts it read.
    await page.getByTestId('bell-item').filter({ hasText: '意见逾期' }).first().click();
    await page.waitForURL(/\/opinions\/[0-9a-f-]+$/);
    await expect.poll(() => badge.textContent()).toBe(String(n - 1));

    await page.goto(`${server.url}/notifications?unread=true`);
    await expect.poll(() => page.getByTestId('notification-item').count()).toBe(n - 1);
    await shoot(page, 'e2e-03-centre-unread.png');
    await page.getByTestId('filter-all').click();
    await expect.poll(() => page.getByTestId('notification-item').count()).toBe(n);
    expect(await page.locator('[data-testid="notification-item"][data-unread="false"]').count()).toBe(1);

    await page.getByTestId('mark-read').first().click();
    await expect.poll(() => badge.textContent()).toBe(String(n - 2));
    await page.getByTestId('mark-all-read').click();
    await expect.poll(() => badge.isVisible()).toBe(false);
    await expect.poll(() => page.locator('[data-testid="notification-item"][data-unread="true"]').count()).toBe(0);
    await shoot(page, 'e2e-04-centre-all-read.png');
    expect((await api<{ count: number }>('GET', '/api/notifications/unread-count')).count).toBe(0);
  });
});
