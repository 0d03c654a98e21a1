import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

/** Screenshot once requests, loading masks and transitions have settled. */
async function shoot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, name) });
}

async function roster(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓名', '性别', '手机号', '职务', '是否党员', '所属组织']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the office user in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in and sees the organisation tree in Chinese', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.innerText()).toContain('示范镇党委');
    const text = await tree.innerText();
    for (const name of ['红旗村党支部', '桃源社区党支部', '示范镇中心小学党支部', '绿源农业公司党支部']) expect(text).toContain(name);
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('李秀英');
    await page.getByText('红旗村党支部', { exact: true }).first().click();
    await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe('红旗村党支部');
    await shoot(page, 'org-tree.png');
  });

  it('imports a roster: a bad file is refused with every bad row shown, a good one adds people', async () => {
    await page.getByTestId('org-open-people').click();
    await page.waitForURL(/\/people\?orgId=/);
    const table = page.getByTestId('people-table');
    await expect.poll(() => table.innerText()).toContain('王德明'); // the demo secretary of 红旗村

    const bad = await roster([
      ['', '男', '13911112222', '', '是', ''],
      ['刘晓燕', '未知', '12345', '组长', '是', ''],
    ]);
    await page.getByTestId('roster-import-input').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    const report = page.getByTestId('roster-report');
    await expect.poll(() => report.isVisible()).toBe(true);
    const reportText = await report.innerText();
    expect(reportText).toContain('姓名不能为空');
    expect(reportText).toContain('性别只能填“男”或“女”');
    expect(reportText).toContain('不是有效的 11 位手机号');
    expect(reportText).toContain('未导入');
    await shoot(page, 'roster-report.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => report.isVisible()).toBe(false);
    expect(await table.innerText()).not.toContain('刘晓燕');

    const good = await roster([
      ['刘晓燕', '女', '13911112222', '妇女主任', '是', ''],
      ['孙大山', '男', '13911113333', '村民代表', '否', ''],
    ]);
    await page.getByTestId('roster-import-input').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await expect.poll(() => page.getByText('新增 2').first().isVisible().catch(() => false), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('people-search').fill('13911112222');
    await page.getByTestId('people-search-submit').click();
    await expect.poll(() => table.innerText()).toContain('刘晓燕');
    expect(await table.innerText()).toContain('妇女主任');
    await shoot(page, 'people.png');
  });
});
