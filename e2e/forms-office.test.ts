import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium, PHONE } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');
const CODE = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4} [23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}$/;

/** Screenshot once requests, loading masks and transitions have settled. */
async function shoot(page: Page, name: string, fullPage = false) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  // Let the toasts ("已保存") fade: they would cover the page.
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}

/** Pick an item in the Element Plus select or tree-select dropdown that is open now. */
async function pick(page: Page, text: string) {
  await page.locator('.el-select-dropdown:visible, .el-popper:visible').getByText(text, { exact: true }).first().click();
}

/** Yes in the confirmation box. */
async function confirm(page: Page) {
  const box = page.locator('.el-message-box');
  await box.waitFor({ state: 'visible' });
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

async function fillNumber(input: Locator, value: number) {
  const field = input.locator('input');
  await field.fill(String(value));
  await field.blur();
}

/** Cast a ballot as a resident's phone would: the public API, with a code from a slip. */
async function submit(url: string, formId: string, code: string, answers: Record<string, unknown>) {
  const res = await fetch(`${url}/api/public/forms/${formId}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ answers, code: code.replace(/\s/g, ''), idempotencyKey: randomUUID().replace(/-/g, '') }),
  });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
async function xlsform(survey: string[][], choices: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('survey').addRows(survey);
  if (choices.length) wb.addWorksheet('choices').addRows(choices);
  wb.addWorksheet('settings').addRows([['form_title'], ['村民议事满意度']]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the office builds, hands out and reads forms in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
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

  it('builds a form with two parts, a rating and a condition, and saves it', async () => {
    await page.getByTestId('menu-forms').click();
    await page.waitForURL(/\/forms$/);
    await page.getByTestId('form-create').click();
    const dialog = page.getByTestId('new-form-dialog');
    await expect.poll(() => dialog.innerText()).toContain('基层干部群众问卷调查'); // the templates came from the server
    await page.getByTestId('new-form-source-blank').click();
    await page.getByTestId('new-form-submit').click();
    await page.waitForURL(/\/forms\/new\?orgId=/);

    await page.getByTestId('builder-title').fill('村务服务满意度调查');
    await page.getByTestId('builder-description').fill('请根据您的真实感受填写，本问卷不记名。');
    await page.getByTestId('builder-distribution').getByText('一次性测评码').click();

    // Part 1: the single-choice question the blank form starts with.
    const first = page.getByTestId('question').nth(0);
    await first.getByTestId('question-label').fill('您对村里的服务满意吗？');
    await first.getByTestId('option-label').nth(0).fill('满意');
    await first.getByTestId('option-label').nth(1).fill('不满意');
    await page.getByTestId('section-title').first().fill('总体评价');

    // Part 2: a rating, shown only to those who are satisfied.
    await page.getByTestId('add-section').click();
    await expect.poll(() => page.getByTestId('builder-section').count()).toBe(2);
    await page.getByTestId('section-title').nth(1).fill('工作评分');
    const second = page.getByTestId('question').nth(1);
    await second.getByTestId('question-type').click();
    await pick(page, '评分');
    await second.getByTestId('question-label').fill('请为村干部的工作打分');
    await second.getByTestId('question-condition-add').click();
    await expect.poll(() => second.getByTestId('question-condition-row').count()).toBe(1);

    // The preview follows the condition: the rating shows once "满意" is chosen.
    const preview = page.getByTestId('form-preview');
    expect(await preview.innerText()).not.toContain('请为村干部的工作打分');
    await preview.getByText('满意', { exact: true }).click();
    await expect.poll(() => preview.innerText()).toContain('请为村干部的工作打分');

    // A broken question is caught by the shared schema before anything is sent.
    await page.getByTestId('add-question').nth(1).click();
    await page.getByTestId('add-question-single').filter({ visible: true }).click();
    const third = page.getByTestId('question').nth(2);
    await third.getByTestId('question-label').fill('');
    await page.getByTestId('builder-save').click();
    await expect.poll(() => third.getByTestId('question-issues').innerText()).toContain('题目：不能为空');
    expect(page.url()).toContain('/forms/new');
    await third.getByTestId('question-remove').click();

    await page.getByTestId('builder-save').click();
    await page.waitForURL(/\/forms\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('builder-status').innerText()).toBe('草稿');
    await page.getByTestId('question').nth(1).getByTestId('question-head').click(); // open the rating to show its condition
    await page.getByTestId('question-condition').scrollIntoViewIfNeeded();
    await shoot(page, 'forms-builder.png');
  });

  let surveyId = '';
  let surveyCodes: string[] = [];
  it('opens the form, generates 5 codes and shows the slips to print, with turnout', async () => {
    surveyId = page.url().split('/').pop()!;
    await page.getByTestId('builder-open').click();
    await confirm(page);
    await page.waitForURL(/\/distribute$/);
    await page.getByTestId('codes-org').first().click();
    await pick(page, '红旗村党支部');
    await fillNumber(page.getByTestId('codes-count'), 5);
    await page.getByTestId('codes-generate').click();
    const codes = page.getByTestId('slip-sheet').first().getByTestId('slip-code');
    await expect.poll(() => codes.count()).toBe(5);
    surveyCodes = await codes.allInnerTexts();
    for (const text of surveyCodes) expect(text).toMatch(CODE);
    expect(await page.getByTestId('codes-once-warning').innerText()).toContain('只显示这一次');
    await expect.poll(() => page.getByTestId('turnout-table').innerText()).toMatch(/红旗村党支部\s+5\s+0\s+0%/);
    await page.getByTestId('codes-batch').scrollIntoViewIfNeeded();
    await shoot(page, 'forms-codes.png');

    // What the printer gets: the A4 sheet alone (the print button does the same, then opens the dialog).
    await page.evaluate(() => {
      document.body.classList.add('printing-portal');
      document.querySelectorAll('.print-portal').forEach((el) => el.classList.toggle('print-portal--active', !!el.querySelector('[data-testid="slip-sheet"]')));
    });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await shoot(page, 'forms-codes-print.png');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => {
      document.body.classList.remove('printing-portal');
      document.querySelectorAll('.print-portal').forEach((el) => el.classList.remove('print-portal--active'));
    });
  });

  let ballotId = '';
  it('creates an evaluation ballot from the template and opens it', async () => {
    await page.getByText('返回列表').first().click();
    await confirm(page); // the codes were not printed: leaving is confirmed
    await page.waitForURL(/\/forms(\?|$)/);
    await page.getByTestId('form-create').click();
    await page.getByTestId('new-form-source-evaluation').click();
    const team = page.getByTestId('new-form-team');
    await expect.poll(() => team.inputValue()).toBe('示范镇党委');
    const cadres = page.getByTestId('new-form-cadres');
    await cadres.click();
    await cadres.locator('input').fill('李秀英'); // found among the org's people
    await pick(page, '李秀英');
    await cadres.locator('input').fill('张建华'); // or typed
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await shoot(page, 'forms-new-ballot.png');
    await page.getByTestId('new-form-submit').click();
    await page.waitForURL(/\/forms\/[0-9a-f-]{36}$/);
    ballotId = page.url().split('/').pop()!;
    const preview = page.getByTestId('form-preview');
    await expect.poll(() => preview.innerText()).toContain('示范镇党委领导班子（整体）');
    expect(await preview.innerText()).toContain('李秀英');
    expect(await preview.innerText()).toContain('张建华');
    await page.getByTestId('builder-open').click();
    await confirm(page);
    await page.waitForURL(/\/distribute$/);
    await expect.poll(() => page.getByTestId('dist-link').inputValue()).toBe(`${server.url}/f/${ballotId}`);
    await expect.poll(() => page.getByTestId('dist-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => page.getByTestId('turnout-table').innerText()).toContain('尚未生成测评码');
    await shoot(page, 'forms-distribute.png');
    await page.getByTestId('poster-preview').click();
    await expect.poll(() => page.getByTestId('poster-dialog').getByTestId('poster-sheet').innerText()).toContain('微信扫一扫，凭测评码投票');
    await shoot(page, 'forms-poster.png');
    await page.keyboard.press('Escape');
    await page.getByTestId('codes-org').first().click();
    await pick(page, '示范镇党委');
    await fillNumber(page.getByTestId('codes-count'), 7);
    await page.getByTestId('codes-generate').click();
    await expect.poll(() => page.getByTestId('slip-sheet').first().getByTestId('slip-code').count()).toBe(7);
  });

  it('shows the results: counts, rates and the flagged cadre in red', async () => {
    const codes = await page.getByTestId('slip-sheet').first().getByTestId('slip-code').allInnerTexts();
    // 6 ballots: 李秀英 (c1) gets 3 不满意 of 6 (50 %), above the default 1/3 line.
    const c1 = ['dissatisfied', 'dissatisfied', 'dissatisfied', 'satisfied', 'basically', 'unknown'];
    const c2 = ['satisfied', 'satisfied', 'basically', 'satisfied', 'satisfied', 'basically'];
    for (let i = 0; i < 4; i++) {
      await submit(server.url, ballotId, codes[i], { ratings: { team: 'satisfied', c1: c1[i], c2: c2[i] }, ...(i < 2 ? { advice: `建议${i + 1}：多下村走访，少开会。` } : {}) });
    }
    // Two ballots cast on a 360 px phone in WeChat, from the QR codes of printed slips.
    const labels: Record<string, string> = { satisfied: '满意', basically: '基本满意', dissatisfied: '不满意', unknown: '不了解' };
    const phone = await browser.newContext(PHONE);
    try {
      for (const i of [4, 5]) {
        const resident = await phone.newPage();
        await resident.goto(`${server.url}/f/${ballotId}?code=${codes[i].replace(/\s/g, '')}`);
        await resident.getByTestId('start').click();
        const grades = { team: 'basically', c1: c1[i], c2: c2[i] };
        for (const [row, grade] of Object.entries(grades)) {
          await resident.getByTestId(`matrix-ratings-${row}`).getByRole('radio', { name: labels[grade], exact: true }).click();
        }
        expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await resident.getByTestId('next').click();
        await resident.getByTestId('submit').click();
        await expect.poll(() => resident.getByTestId('status-title').innerText()).toBe('提交成功');
        await resident.close();
      }
    } finally {
      await phone.close();
    }
    await page.getByTestId('codes-batch').getByRole('button', { name: '已打印，收起' }).click();
    await confirm(page);
    await page.goto(`${server.url}/forms/${ballotId}/results`);
    await expect.poll(() => page.getByTestId('results-count').innerText()).toBe('6');
    const table = page.getByTestId('evaluation-table');
    await expect.poll(() => table.innerText()).toContain('李秀英');
    const flaggedRow = table.locator('tr.row-flagged');
    await expect.poll(() => flaggedRow.count()).toBe(1);
    expect(await flaggedRow.innerText()).toContain('李秀英');
    expect(await flaggedRow.innerText()).toContain('60%'); // 3 of the 5 who know her
    expect(await page.getByTestId('results-flagged').innerText()).toBe('1');
    await expect.poll(() => page.getByTestId('text-answers').first().innerText()).toContain('建议1');
    await shoot(page, 'forms-results.png');

    // Raising the line to 70 % clears the flag.
    await fillNumber(page.getByTestId('results-threshold'), 70);
    await expect.poll(() => flaggedRow.count()).toBe(0);
    await fillNumber(page.getByTestId('results-threshold'), 33.3);
    await expect.poll(() => flaggedRow.count()).toBe(1);

    // The first form's results: a bar chart per question (ECharts, loaded on demand). The rating is
    // answered only by those satisfied, as its condition says (the server refuses a hidden answer).
    const q1 = ['1', '1', '2', '1', '2'];
    const q2 = [4, 5, 0, 3, 0];
    for (let i = 0; i < 5; i++) await submit(server.url, surveyId, surveyCodes[i], q1[i] === '1' ? { q1: q1[i], q2: q2[i] } : { q1: q1[i] });
    await page.goto(`${server.url}/forms/${surveyId}/results`);
    await expect.poll(() => page.getByTestId('results-count').innerText()).toBe('5');
    await expect.poll(() => page.locator('[data-testid="question-chart"] canvas').count()).toBe(2);
    expect(await page.getByTestId('result-q1').innerText()).toMatch(/满意\s+3\s+60%/);
    expect(await page.getByTestId('rating-average').innerText()).toContain('4');
    await shoot(page, 'forms-results-chart.png');

    // Printed: no header or menu, the page on white.
    await page.goto(`${server.url}/forms/${ballotId}/results`);
    await expect.poll(() => page.getByTestId('results-count').innerText()).toBe('6');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.locator('.app-aside').isVisible()).toBe(false);
    await shoot(page, 'forms-results-print.png', true);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The list: both forms open, with their response counts.
    await page.getByTestId('menu-forms').click();
    const list = page.getByTestId('forms-table');
    await expect.poll(() => list.innerText()).toContain('示范镇党委民主测评票');
    const rows = await list.locator('.el-table__body tr').allInnerTexts();
    expect(rows.find((r) => r.includes('示范镇党委民主测评票'))).toMatch(/进行中[\s\S]*6/);
    expect(rows.find((r) => r.includes('村务服务满意度调查'))).toMatch(/进行中[\s\S]*5/);
    await shoot(page, 'forms-list.png');
  });

  it('imports an XLSForm: a bad file shows every bad row, a good one becomes a draft', async () => {
    await page.getByTestId('form-create').click();
    await page.getByTestId('new-form-source-xlsform').click();
    const bad = await xlsform([['type', 'name', 'label'], ['select_one yn', 'q1', '您满意吗？'], ['geopoint', 'where', '位置']], []);
    await page.getByTestId('xlsform-input').setInputFiles({ name: 'bad.xlsx', mimeType: XLSX, buffer: bad });
    const report = page.getByTestId('xlsform-report');
    await expect.poll(() => report.isVisible()).toBe(true);
    expect(await report.innerText()).toContain('没有选项列表“yn”');
    expect(await report.locator('.el-table__body tr').count()).toBe(2);
    await shoot(page, 'forms-xlsform-report.png');
    await report.getByRole('button', { name: '确定' }).click();

    const good = await xlsform(
      [['type', 'name', 'label', 'relevant'], ['select_one yn', 'q1', '您对村民议事会满意吗？', ''], ['text', 'why', '请说说原因', "${q1} = 'no'"]],
      [['list_name', 'name', 'label'], ['yn', 'yes', '满意'], ['yn', 'no', '不满意']],
    );
    await page.getByTestId('xlsform-input').setInputFiles({ name: 'good.xlsx', mimeType: XLSX, buffer: good });
    await page.waitForURL(/\/forms\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('builder-title').inputValue()).toBe('村民议事满意度');
    const preview = page.getByTestId('form-preview');
    await expect.poll(() => preview.innerText()).toContain('您对村民议事会满意吗？');
    expect(await preview.innerText()).not.toContain('请说说原因');
    await preview.getByText('不满意', { exact: true }).click();
    await expect.poll(() => preview.innerText()).toContain('请说说原因');
  });
});
