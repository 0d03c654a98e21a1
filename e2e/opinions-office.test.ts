import { dayIn } from '@massline/shared';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

/** Days as the server keeps them: UTC, YYYY-MM-DD. */
const dayOffset = (n: number) => dayIn(Date.now() + n * 86_400_000);
const TODAY = dayOffset(0);
const OLD_DAY = dayOffset(-10);
const OLD_DUE = dayOffset(-3); // 7 days to answer

/** Screenshot once requests, loading masks and transitions have settled. */
async function shoot(page: Page, name: string, fullPage = false) {
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

/** Type a day into an Element Plus date picker (its input carries the test id, or holds it). */
async function fillDate(page: Page, testid: string, day: string, nth = 0) {
  const input = page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).nth(nth);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/** Yes in the confirmation box. */
async function confirm(page: Page) {
  const box = page.locator('.el-message-box');
  await box.waitFor({ state: 'visible' });
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

// Earlier opinions from around the township, sent through the API: a list as the office meets it
// after a few weeks, long enough for a second page.
const earlier = [
  { org: '青山村党支部', channel: 'visit', category: 'livelihood', content: '村口自来水管经常爆裂，停水一停就是两三天', place: '青山村三组' },
  { org: '镇机关支部', channel: 'mailbox', category: 'bureaucratism', content: '到镇里办低保证明要跑三趟，每次都说材料不全', place: '镇便民服务中心' },
  { org: '河湾村党支部', channel: 'forum', category: 'service', content: '村干部很少到河湾组来，有事找不到人', place: '河湾村村部' },
  { org: '桃源社区党支部', channel: 'phone', category: 'livelihood', content: '小区垃圾清运不及时，夏天气味很大', place: '' },
  { org: '石桥村党支部', channel: 'meeting', category: 'formalism', content: '检查考核表格太多，村干部天天填表没时间下地', place: '镇党委会议室' },
  { org: '镇机关支部', channel: 'letter', category: 'extravagance', content: '有的单位公务接待标准偏高，希望公开接待清单', place: '' },
  { org: '新华社区党支部', channel: 'visit', category: 'service', content: '老年人不会用手机预约，社区服务窗口应保留现场办理', place: '新华社区' },
  { org: '红旗村党支部', channel: 'forum', category: 'other', content: '希望村里多组织农业技术培训', place: '红旗村村部' },
] as const;

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the office triages residents’ opinions in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let orgIds: Map<string, string>;

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

    // 30 earlier opinions, 11 to 25 days old: most answered, six still waiting (overdue).
    const api = page.request;
    const headers = { origin: server.url };
    const orgs = (await (await api.get(`${server.url}/api/orgs`)).json()).items as { id: string; name: string }[];
    orgIds = new Map(orgs.map((o) => [o.name, o.id]));
    for (let i = 0; i < 30; i++) {
      const e = earlier[i % earlier.length];
      const res = await api.post(`${server.url}/api/opinions`, {
        headers,
        data: { orgId: orgIds.get(e.org), channel: e.channel, category: e.category, content: e.content, place: e.place, day: dayOffset(-11 - (i % 15)) },
      });
      expect(res.status()).toBe(201);
      const { id } = await res.json();
      if (i % 5 === 1) continue; // left waiting: overdue (none among the three oldest, on page 2)
      const done = i % 7 === 0
        ? await api.post(`${server.url}/api/opinions/${id}/handle`, { headers, data: { handling: 'resolved_on_spot', note: '当场核实并已整改' } })
        : await api.post(`${server.url}/api/opinions/${id}/reply`, { headers, data: { body: '已转有关部门办理，办理结果将在村务公开栏公布', public: true } });
      expect(done.status()).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const table = () => page.getByTestId('opinions-table');
  const rows = () => table().locator('.el-table__body-wrapper tr.el-table__row');
  const row = (text: string) => rows().filter({ hasText: text });

  async function record(o: { channel: string; day?: string; place: string; org: string; category: string; content: string; sender?: { name: string; phone: string } }) {
    await page.getByTestId('opinion-record').click();
    const dialog = page.getByTestId('record-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByTestId('record-channel').getByText(o.channel, { exact: true }).click();
    if (o.day) await fillDate(page, 'record-day', o.day);
    await dialog.getByTestId('record-place').fill(o.place);
    await dialog.getByTestId('record-org').click();
    await pick(page, o.org);
    await dialog.getByTestId('record-category').click();
    await pick(page, o.category);
    await dialog.getByTestId('record-content').fill(o.content);
    if (o.sender) {
      await dialog.getByTestId('record-named').getByText('实名', { exact: true }).click();
      await dialog.getByTestId('record-sender-name').fill(o.sender.name);
      await dialog.getByTestId('record-sender-phone').fill(o.sender.phone);
    }
    await page.getByTestId('record-submit').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  const ROAD = '村里道路坑洼无人管，下雨天孩子上学很不方便';
  const ROAD_AGAIN = '东头那段道路一下雨全是泥坑，电动车经常滑倒';
  const MEETINGS = '村里开会太多，通知层层转发，群众办事找不到村干部';

  /** What the server holds now (the demo township comes with opinions of its own). */
  async function count(query: string): Promise<number> {
    let n = 0;
    let cursor: string | null = null;
    do {
      const url: string = `${server.url}/api/opinions?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await (await page.request.get(url)).json()) as { items: unknown[]; nextCursor: string | null };
      n += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    return n;
  }

  it('records opinions heard at a forum, on a visit and by phone, and finds them in the inbox', async () => {
    const before = await count('');
    expect(before).toBeGreaterThanOrEqual(30);
    await page.getByTestId('menu-opinions').click();
    await page.waitForURL(/\/opinions$/);
    await expect.poll(() => rows().count()).toBe(30); // one page

    await record({ channel: '座谈会', place: '红旗村村部', org: '红旗村党支部', category: '民生诉求', content: ROAD });
    await expect.poll(() => row(ROAD).count()).toBe(1);
    expect(await row(ROAD).innerText()).toContain(`座谈会 · ${TODAY} · 红旗村村部 · 匿名`);
    expect(await row(ROAD).getByTestId('opinion-status').innerText()).toBe('已收到');

    await record({ channel: '走访', place: '红旗村东头', org: '红旗村党支部', category: '民生诉求', content: ROAD_AGAIN, sender: { name: '张大爷', phone: '13900001111' } });
    await expect.poll(() => row(ROAD_AGAIN).count()).toBe(1);
    expect(await row(ROAD_AGAIN).innerText()).toContain('张大爷');

    // Heard by phone ten days ago and never answered: the 7 days to answer have passed.
    await record({ channel: '电话', day: OLD_DAY, place: '', org: '红旗村党支部', category: '形式主义', content: MEETINGS });
    expect(await count('')).toBe(before + 3);

    // Keyset pages of 30: load more until everything is shown; the counts follow what is shown.
    expect(await rows().count()).toBe(30);
    expect(await page.getByTestId('opinions-counts').innerText()).toContain('已显示 30 条');
    while (await page.getByTestId('load-more').isVisible()) {
      const shown = await rows().count();
      await page.getByTestId('load-more').click();
      await expect.poll(() => rows().count()).toBeGreaterThan(shown);
    }
    expect(await rows().count()).toBe(before + 3);
    expect(await page.locator('.load-more').innerText()).toContain('已全部加载');
    const counts = await page.getByTestId('opinions-counts').innerText();
    expect(counts).toContain(`已显示 ${before + 3} 条`);
    const overdue = await count('&overdue=true');
    expect(overdue).toBeGreaterThanOrEqual(7); // 6 earlier ones + the phone call (and the demo's)
    expect(counts).toContain(`逾期 ${overdue} 条`);
    expect(await table().getByTestId('opinion-overdue').count()).toBe(overdue);

    const old = row(MEETINGS);
    expect(await old.getByTestId('opinion-overdue').innerText()).toBe('逾期');
    expect(await old.innerText()).toContain(`${OLD_DUE} 前答复`);
    expect(await old.getAttribute('class')).toContain('overdue-row');
    expect(await row(ROAD).getByTestId('opinion-overdue').count()).toBe(0);
  });

  it('filters by keyword (道路), overdue and channel', async () => {
    const roads = await count(`&q=${encodeURIComponent('道路')}`);
    expect(roads).toBeGreaterThanOrEqual(2);
    await page.getByTestId('opinions-search').fill('道路');
    await page.getByTestId('opinions-search-submit').click();
    await expect.poll(() => rows().count()).toBe(roads);
    for (const text of await rows().allInnerTexts()) expect(text).toContain('道路');
    expect(await row(ROAD).count()).toBe(1);
    expect(await row(ROAD_AGAIN).count()).toBe(1);
    expect(page.url()).toContain('q=%E9%81%93%E8%B7%AF');

    // 导出 gives the filtered list, every row of it, as .xlsx.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('opinions-export').click()]);
    expect(file.suggestedFilename()).toBe('意见建议.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.actualRowCount).toBe(roads + 1); // a header row, then one row per opinion
    const cells = sheet.getSheetValues().flat().map(String).join('\n');
    expect(cells).toContain(ROAD);
    expect(cells).toContain(ROAD_AGAIN);

    await page.getByTestId('opinions-reset').click();
    await page.getByTestId('opinions-overdue').click();
    await pick(page, '仅逾期');
    await expect.poll(() => rows().count()).toBe(await count('&overdue=true'));
    expect(await table().getByTestId('opinion-overdue').count()).toBe(await rows().count());
    expect(await row(MEETINGS).count()).toBe(1);

    // The day it was heard: a range of one day finds it.
    await page.getByTestId('opinions-reset').click();
    await fillDate(page, 'opinions-dates', OLD_DAY, 0);
    await fillDate(page, 'opinions-dates', OLD_DAY, 1);
    await expect.poll(() => rows().count()).toBe(await count(`&from=${OLD_DAY}&to=${OLD_DAY}`));
    expect(await row(MEETINGS).count()).toBe(1);
    for (const text of await rows().allInnerTexts()) expect(text).toContain(OLD_DAY);
    expect(page.url()).toContain(`from=${OLD_DAY}`);

    await page.getByTestId('opinions-reset').click();
    await page.getByTestId('opinions-channel').click();
    await pick(page, '电话');
    await expect.poll(() => rows().count()).toBe(await count('&channel=phone'));
    for (const text of await rows().allInnerTexts()) expect(text).toContain('电话 ·');
    await page.getByTestId('opinions-reset').click();
    await expect.poll(() => rows().count()).toBe(30);
  });

  it('merges the second road opinion into the first', async () => {
    await page.getByTestId('opinions-search').fill('道路');
    await page.getByTestId('opinions-search-submit').click();
    await expect.poll(() => row(ROAD_AGAIN).count()).toBe(1);
    await row(ROAD).locator('.el-checkbox').click();
    await row(ROAD_AGAIN).locator('.el-checkbox').click();
    expect(await page.getByTestId('opinions-selected').innerText()).toBe('已选 2 条');
    await page.getByTestId('opinions-merge').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByTestId('merge-keep').locator('.el-radio').filter({ hasText: ROAD.slice(0, 10) }).click();
    await page.getByTestId('merge-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row(ROAD_AGAIN).getByTestId('opinion-status').innerText()).toBe('已合并');
    expect(await row(ROAD).getByTestId('opinion-status').innerText()).toBe('已收到');
  });

  it('assigns the road opinion to 红旗村党支部 with a deadline, answers it publicly and publishes it', async () => {
    await row(ROAD).getByTestId('opinion-link').click();
    await page.waitForURL(/\/opinions\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('detail-content').innerText()).toBe(ROAD);
    expect(await page.getByTestId('detail-sender').innerText()).toBe('匿名（背靠背）');
    expect(await page.getByTestId('detail-status').innerText()).toBe('已收到');
    expect(await page.getByTestId('detail-merged').innerText()).toContain(ROAD_AGAIN);
    // Publishing waits for an answer.
    expect(await page.getByTestId('action-publish').isDisabled()).toBe(true);

    const due = dayOffset(5);
    await page.getByTestId('action-assign').click();
    const assign = page.getByTestId('assign-dialog');
    await assign.waitFor({ state: 'visible' });
    await assign.getByTestId('assign-org').click();
    await pick(page, '红旗村党支部');
    await fillDate(page, 'assign-due', due);
    await page.getByTestId('assign-submit').click();
    await assign.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('已交办');
    expect(await page.getByTestId('detail-assignee').innerText()).toBe('红旗村党支部');
    expect(await page.getByTestId('detail-due').innerText()).toBe(due);

    await page.getByTestId('action-reply').click();
    const reply = page.getByTestId('reply-dialog');
    await reply.waitFor({ state: 'visible' });
    await reply.getByTestId('reply-body').fill('村里已安排下周修整这段道路，修好后请群众监督。');
    await page.getByTestId('reply-submit').click();
    await reply.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('已答复');
    const message = page.getByTestId('message');
    expect(await message.count()).toBe(1);
    expect(await message.innerText()).toContain('公开答复');
    expect(await message.innerText()).toContain('村里已安排下周修整这段道路');

    await page.getByTestId('action-publish').click();
    await confirm(page);
    await expect.poll(() => page.getByTestId('detail-published').innerText()).toBe('已公开');
    expect(await page.getByTestId('action-publish').innerText()).toBe('撤回公开');
  });

  it('turns the opinion into a problem, prefilled from it, and links to it', async () => {
    await page.getByTestId('action-to-problem').click();
    const dialog = page.getByTestId('problem-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('problem-title').inputValue()).toBe(ROAD);
    expect(await dialog.getByTestId('problem-owner').innerText()).toContain('红旗村党支部');
    expect(await dialog.getByTestId('problem-description').inputValue()).toBe(`【座谈会 ${TODAY} 红旗村村部】${ROAD}`);
    await dialog.getByTestId('problem-title').fill('红旗村道路坑洼长期无人维修');
    await page.getByTestId('problem-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const problems = page.getByTestId('detail-problems');
    await expect.poll(() => problems.innerText()).toContain('红旗村道路坑洼长期无人维修');
    expect(await problems.getByRole('link').getAttribute('href')).toMatch(/^\/problems\/[0-9a-f-]{36}$/);
    // One problem per opinion: the action is spent.
    expect(await page.getByTestId('action-to-problem').isDisabled()).toBe(true);
  });

  it('adds a photo to the opinion', async () => {
    // A photo of the road, drawn in the page: a real PNG the server recognises by its bytes.
    const png = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 240;
      const g = c.getContext('2d')!;
      g.fillStyle = '#9cc9ef';
      g.fillRect(0, 0, 320, 110);
      g.fillStyle = '#7aa35a';
      g.fillRect(0, 110, 320, 130);
      g.fillStyle = '#8d8d8d';
      g.beginPath();
      g.moveTo(140, 110);
      g.lineTo(180, 110);
      g.lineTo(300, 240);
      g.lineTo(20, 240);
      g.fill();
      g.fillStyle = '#5b4328';
      for (const [x, y, r] of [[150, 150, 10], [190, 185, 16], [120, 215, 20]]) {
        g.beginPath();
        g.ellipse(x, y, r * 1.6, r * 0.6, 0, 0, Math.PI * 2);
        g.fill();
      }
      return c.toDataURL('image/png').split(',')[1];
    });
    await page.getByTestId('attach-input').setInputFiles({ name: '道路坑洼.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
    const attachment = page.getByTestId('attachment');
    await expect.poll(() => attachment.count()).toBe(1);
    expect(await attachment.innerText()).toContain('道路坑洼.png');
    expect(await page.getByTestId('detail-attachments').innerText()).toContain('附件（1）');
    // The thumbnail loads from the server (a session-only address).
    await expect.poll(() => attachment.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await shoot(page, 'opinions-detail.png');
  });

  it('shows the merged opinion pointing at the one it went into', async () => {
    await page.getByTestId('detail-merged').getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('detail-content').innerText()).toBe(ROAD_AGAIN);
    expect(await page.getByTestId('detail-status').innerText()).toBe('已合并');
    expect(await page.getByTestId('detail-sender').innerText()).toBe('张大爷 · 13900001111');
    expect(await page.getByTestId('detail-actions').count()).toBe(0);
    await page.getByTestId('detail-merged-into').getByRole('link').click();
    await expect.poll(() => page.getByTestId('detail-content').innerText()).toBe(ROAD);
  });

  it('talks with an anonymous sender: a private answer, the sender writes back with the receipt', async () => {
    const send = await fetch(`${server.url}/api/public/opinions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ orgId: orgIds.get('红旗村党支部'), category: 'service', content: '村卫生室周末不开门，老人看病要跑到镇上', idempotencyKey: 'e2e-opinion-office-0001' }),
    });
    expect(send.status).toBe(201);
    const { receipt } = (await send.json()) as { receipt: string };

    await page.getByTestId('menu-opinions').click();
    await page.waitForURL(/\/opinions$/);
    const sent = row('村卫生室周末不开门');
    await expect.poll(() => sent.count()).toBe(1);
    expect(await sent.innerText()).toContain(`网上 · ${TODAY} · 匿名`);
    await sent.getByTestId('opinion-link').click();
    await expect.poll(() => page.getByTestId('detail-sender').innerText()).toBe('匿名（背靠背）');
    expect(await page.getByTestId('detail-facts').innerText()).toContain('反映人持有查询码');

    await page.getByTestId('action-reply').click();
    const reply = page.getByTestId('reply-dialog');
    await reply.waitFor({ state: 'visible' });
    await reply.getByTestId('reply-visibility').getByText('仅反映人可见', { exact: true }).click();
    await reply.getByTestId('reply-body').fill('已与村医商量，从下周起周六上午开诊。您反映的具体情况可以再补充。');
    await page.getByTestId('reply-submit').click();
    await reply.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('message').count()).toBe(1);

    const back = await fetch(`${server.url}/api/public/receipts/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ receipt, body: '谢谢！周日上午也有不少老人需要量血压。' }),
    });
    expect(back.status).toBe(201);
    await page.reload();
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(0).innerText()).toContain('仅反映人可见');
    expect(await messages.nth(1).innerText()).toContain('反映人补充');
    expect(await messages.nth(1).innerText()).toContain('周日上午也有不少老人需要量血压');
    await shoot(page, 'opinions-conversation.png');
  });

  it('merges a duplicate into the opinion found by searching its words (合并到…)', async () => {
    const res = await page.request.post(`${server.url}/api/opinions`, {
      headers: { origin: server.url },
      data: { orgId: orgIds.get('红旗村党支部'), channel: 'visit', category: 'service', content: '卫生室周末关门，看病不方便', place: '红旗村二组' },
    });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const target = page.url();
    await page.goto(`${server.url}/opinions/${id}`);
    await expect.poll(() => page.getByTestId('detail-content').innerText()).toBe('卫生室周末关门，看病不方便');
    await page.getByTestId('action-merge').click();
    const dialog = page.getByTestId('merge-into-dialog');
    await dialog.waitFor({ state: 'visible' });
    const select = dialog.getByTestId('merge-into-select');
    await select.click();
    await select.locator('input').fill('周末不开门');
    await page.locator('.el-select-dropdown:visible').getByText('村卫生室周末不开门，老人看病要跑到镇上').click();
    await page.getByTestId('merge-into-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    // Lands on the opinion it went into, which now lists the duplicate.
    await page.waitForURL(target);
    await expect.poll(() => page.getByTestId('detail-content').innerText()).toBe('村卫生室周末不开门，老人看病要跑到镇上');
    await expect.poll(() => page.getByTestId('detail-merged').innerText()).toContain('卫生室周末关门，看病不方便');
  });

  it('counts per unit: received by channel and category, answered, overdue, turned into problems', async () => {
    await page.getByTestId('menu-opinions').click();
    await page.waitForURL(/\/opinions$/);
    await page.getByTestId('opinions-counts-link').click();
    await page.waitForURL(/\/opinions\/counts/);
    const counts = (await (await page.request.get(`${server.url}/api/opinions/counts`)).json()).items as {
      orgName: string; received: number; answered: number; overdue: number; problems: number; byChannel: Record<string, number>;
    }[];
    const hongqi = counts.find((c) => c.orgName === '红旗村党支部')!;
    expect(hongqi.problems).toBeGreaterThanOrEqual(1); // the road
    expect(hongqi.overdue).toBeGreaterThanOrEqual(1); // the meetings
    const line = page.getByTestId('counts-table').locator('.el-table__body-wrapper tr').filter({ hasText: '红旗村党支部' });
    await expect.poll(() => line.count()).toBe(1);
    const cells = (await line.locator('td').allInnerTexts()).map((x) => x.trim());
    // 组织, 收到, the 7 channels, 已答复, 答复率, 逾期, 转为问题
    expect(cells[1]).toBe(String(hongqi.received));
    expect(cells[2]).toBe(String(hongqi.byChannel.forum ?? 0));
    expect(cells.slice(-4)).toEqual([String(hongqi.answered), `${Math.round((hongqi.answered / hongqi.received) * 100)}%`, String(hongqi.overdue), String(hongqi.problems)]);
    expect((await page.getByTestId('counts-table').locator('.total-row').innerText())).toContain('示范镇党委（合计）');
    await shoot(page, 'opinions-counts.png');

    // The overdue count opens the inbox on those opinions.
    await line.getByTestId('counts-overdue').click();
    await page.waitForURL(/\/opinions\?/);
    expect(page.url()).toContain('overdue=true');
    await expect.poll(() => rows().count()).toBe(hongqi.overdue);
  });

  it('shows the inbox with the answered, merged and overdue opinions', async () => {
    await page.getByTestId('menu-opinions').click();
    await page.waitForURL(/\/opinions$/);
    await expect.poll(() => rows().count()).toBe(30);
    const road = row(ROAD);
    expect(await road.getByTestId('opinion-status').innerText()).toBe('已答复');
    expect(await road.innerText()).toContain('已公开');
    expect(await road.innerText()).toContain('红旗村党支部');
    const flagged = await table().getByTestId('opinion-overdue').count();
    expect(flagged).toBeGreaterThan(0);
    expect(await page.getByTestId('opinions-counts').innerText()).toContain(`逾期 ${flagged} 条`);
    await row(MEETINGS).locator('.el-checkbox').click(); // a selection, as the office makes one
    expect(await page.getByTestId('opinions-selected').innerText()).toBe('已选 1 条');

    // A server without the problem registry answers 404 route_not_found: said plainly, nothing else breaks.
    await page.route('**/api/problems', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'route_not_found', message: '没有这个接口' } }) }),
    );
    await page.getByTestId('opinions-to-problem').click();
    const dialog = page.getByTestId('problem-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('problem-sources').innerText()).toContain(MEETINGS.slice(0, 20));
    await page.getByTestId('problem-submit').click();
    await expect.poll(() => dialog.getByTestId('problem-unavailable').innerText()).toBe('问题清单功能尚未启用');
    await page.unroute('**/api/problems');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    // Tall enough to show the overdue rows below the newest ones (the page scrolls inside its frame).
    await page.setViewportSize({ width: 1280, height: 1300 });
    await shoot(page, 'opinions-inbox.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
