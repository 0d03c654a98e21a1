import { dayIn } from '@massline/shared';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi, signIn } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// 回访名单: a named resident's opinion, heard on a visit to 红旗村, became a problem and an item the
// village marked done; another named resident's opinion was answered. The office of the level above
// (示范镇党委) is told to call them back, opens the list from the notification on a desktop, records
// the item's call-back and sees it leave 待回访; on a 360 px phone it opens the list from the menu,
// calls the number (a tel: link) and records the answered opinion's call-back. The judged village's
// own secretary gets neither the list nor the entries.

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');
const DESKTOP = { viewport: { width: 1366, height: 860 }, locale: 'zh-CN' };
const day = (n: number) => dayIn(Date.now() + n * 86_400_000);

interface Entry {
  opinionId: string; senderName: string; phone: string | null; orgName: string; content: string;
  subject: { kind: 'opinion'; answeredDay: string | null } | { kind: 'item'; id: string; title: string; doneDay: string | null; round: number };
  recorded: { solved: string; satisfied: string; comment: string; day: string } | null;
}
interface Tally { total: number; solved: number; partly: number; unsolved: number; satisfied: number; basic: number; unsatisfied: number }

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('回访名单: the level above calls named senders back and records their verdict', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  const contexts: BrowserContext[] = [];
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const ITEM = `修复红旗村五组路灯（${tag}）`;
  const SAID = `五组到村部那段路灯坏了快两个月，晚上老人出门不敢走（${tag}）。`;
  const ASKED = `村卫生室周末不开门，孩子半夜发烧只能去镇上（${tag}）。`;
  const ANSWER = '已与村医商定，周六上午开诊，周日留值班电话。';
  const PHONE_1 = '13907315512';
  const PHONE_2 = '13607318866';
  let itemId = '';
  let itemOpinionId = '';
  let askedOpinionId = '';

  async function page(options: typeof PHONE | typeof DESKTOP): Promise<Page> {
    const c = await browser.newContext(options);
    contexts.push(c);
    return c.newPage();
  }
  const login = (p: Page, username = 'office') => signIn(p, server.url, username);
  async function shoot(p: Page, name: string) {
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.waitForLoadState('networkidle');
    await p.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined);
    await expect.poll(() => p.locator('.el-message').count(), { timeout: 8000 }).toBe(0);
    await p.waitForTimeout(400);
    await p.screenshot({ path: path.join(shots, name), fullPage: true });
  }
  const callbacks = async (pending: boolean, as = api) => (await as<{ items: Entry[] }>('GET', `/api/callbacks${pending ? '?pending=true' : ''}`)).items.filter((e) => e.content.includes(tag));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    const village = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items.find((o) => o.name === '红旗村党支部')!;

    // Heard on a visit, named: a problem, an item, done by the village's secretary.
    itemOpinionId = (await api<{ id: string }>('POST', '/api/opinions', { orgId: village.id, channel: 'visit', category: 'livelihood', content: SAID, place: '红旗村五组', sender: { name: '赵桂芳', phone: PHONE_1 } })).id;
    const problem = await api<{ id: string }>('POST', '/api/problems', { title: `红旗村五组路灯不亮（${tag}）`, category: 'livelihood', ownerOrgId: village.id, sources: [{ type: 'opinion', opinionId: itemOpinionId }] });
    itemId = (await api<{ id: string }>('POST', '/api/rectifications', { problemIds: [problem.id], title: ITEM, measures: '更换五组至村部沿路 12 盏损坏路灯，线路重新敷设。', commitment: '两周内路灯全部亮起来。', ownerOrgId: village.id, deadline: day(20) })).id;
    const secretary = await officeApi(server.url, 'secretary');
    await secretary('POST', `/api/rectifications/${itemId}/status`, { status: 'done', reason: '12 盏路灯已更换，晚上全部亮灯。' });

    // Heard by phone, named, and answered.
    askedOpinionId = (await api<{ id: string }>('POST', '/api/opinions', { orgId: village.id, channel: 'phone', category: 'service', content: ASKED, sender: { name: '孙建华', phone: PHONE_2 } })).id;
    await api('POST', `/api/opinions/${askedOpinionId}/reply`, { body: ANSWER, public: false });

    // The judged village gets none of it: 回访 is the level above's.
    expect(await callbacks(false, secretary)).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('opens the list from the notification, records the finished item\'s call-back, and the entry leaves 待回访', async () => {
    const office = await page(DESKTOP);
    await login(office);
    await office.getByTestId('notification-bell').click();
    const note = office.getByTestId('bell-item').filter({ hasText: `请回访：整改事项“${ITEM}”已完成` });
    await expect.poll(() => note.count()).toBe(1);
    await note.click();
    await office.waitForURL(`${server.url}/rectification/callbacks`);
    expect(await office.getByTestId('menu-callbacks').getAttribute('class')).toContain('is-active');

    const entries = office.getByTestId('callback-entry');
    const fixed = entries.filter({ hasText: ITEM });
    const asked = entries.filter({ hasText: ASKED.slice(0, 12) });
    await expect.poll(() => fixed.count()).toBe(1);
    expect(await asked.count()).toBe(1);
    expect(await fixed.getByTestId('callback-name').innerText()).toBe('赵桂芳');
    expect(await fixed.getByTestId('callback-phone').getAttribute('href')).toBe(`tel:${PHONE_1}`);
    expect(await fixed.innerText()).toContain('红旗村党支部');
    expect(await fixed.getByTestId('callback-content').innerText()).toBe(SAID);
    const subject = await fixed.getByTestId('callback-subject').innerText();
    for (const part of ['整改事项', ITEM, `${day(0)} 完成`]) expect(subject).toContain(part);
    expect(await fixed.getByTestId('callback-state').innerText()).toBe('待回访');
    const answered = await asked.getByTestId('callback-subject').innerText();
    for (const part of ['意见已答复', day(0)]) expect(answered).toContain(part);
    // Everything in 待回访 is still to be called.
    expect(await entries.getByTestId('callback-recorded').count()).toBe(0);
    await shoot(office, 'callbacks-desktop.png');

    await fixed.getByTestId('callback-record').click();
    const dialog = office.getByTestId('rect-callback-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('rect-callback-who').innerText()).toContain('赵桂芳');
    expect(await dialog.getByTestId('rect-callback-subject').innerText()).toContain(ITEM);
    await dialog.getByTestId('rect-callback-submit').click();
    await expect.poll(() => office.locator('.el-message').last().innerText()).toBe('请选择是否解决、是否满意');
    await dialog.getByTestId('rect-callback-solved-partly').click();
    await dialog.getByTestId('rect-callback-satisfied-basic').click();
    await dialog.getByTestId('rect-callback-comment').fill('路灯亮了，就是村部门口那盏还有点暗。');
    await dialog.getByTestId('rect-callback-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => office.locator('.el-message').filter({ hasText: '已记录回访评议' }).count()).toBe(1);
    // Out of 待回访; the answered opinion is still there.
    await expect.poll(() => fixed.count()).toBe(0);
    expect(await asked.count()).toBe(1);

    // Under 全部 it shows as called back, with what was said.
    await office.getByTestId('callbacks-all').click();
    await expect.poll(() => fixed.count()).toBe(1);
    expect(await fixed.getByTestId('callback-state').innerText()).toBe('已回访');
    expect(await fixed.getByTestId('callback-recorded').innerText()).toBe(`${day(0)} 回访：部分解决，基本满意：“路灯亮了，就是村部门口那盏还有点暗。”`);
    expect(await fixed.getByTestId('callback-record').innerText()).toBe('修改回访');
    // Called-back entries come after those still to call.
    const states = await entries.getByTestId('callback-state').allInnerTexts();
    expect(states.indexOf('已回访')).toBeGreaterThan(states.lastIndexOf('待回访'));
    expect(office.url()).toBe(`${server.url}/rectification/callbacks?show=all`);

    // Counted on the item as a call-back verdict.
    const item = await api<{ verdicts: { counted: Tally; byBacking: { callback: Tally } } }>('GET', `/api/rectifications/${itemId}`);
    expect(item.verdicts.byBacking.callback).toMatchObject({ total: 1, partly: 1, basic: 1 });
    expect(item.verdicts.counted.total).toBe(1);
    const pending = await callbacks(true);
    expect(pending.map((e) => e.opinionId)).toEqual([askedOpinionId]);
  }, 120_000);

  it('on a 360 px phone: from the menu, a tel: link, and the answered opinion\'s call-back', async () => {
    const phone = await page({ ...PHONE, locale: 'zh-CN' });
    await login(phone);
    // The side menu is in a drawer on a phone.
    expect(await phone.getByTestId('side-menu').isVisible()).toBe(false);
    await phone.getByTestId('menu-open').click();
    await phone.getByTestId('menu-callbacks').click();
    await phone.waitForURL(`${server.url}/rectification/callbacks`);
    const asked = phone.getByTestId('callback-entry').filter({ hasText: ASKED.slice(0, 12) });
    await expect.poll(() => asked.count()).toBe(1);
    expect(await phone.getByTestId('callback-entry').filter({ hasText: ITEM }).count()).toBe(0);
    expect(await asked.getByTestId('callback-name').innerText()).toBe('孙建华');
    const tel = asked.getByTestId('callback-phone');
    expect(await tel.getAttribute('href')).toBe(`tel:${PHONE_2}`);
    expect((await tel.boundingBox())!.height).toBeGreaterThanOrEqual(32);
    // One card a row, nothing sideways.
    const box = (await asked.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(phone, 'callbacks-phone.png');

    await asked.getByTestId('callback-record').click();
    const dialog = phone.getByTestId('rect-callback-dialog');
    await dialog.waitFor({ state: 'visible' });
    // The answer being judged, as the sender got it.
    await expect.poll(() => dialog.getByTestId('rect-callback-answer').innerText()).toBe(ANSWER);
    expect(await dialog.locator('a[href^="tel:"]').getAttribute('href')).toBe(`tel:${PHONE_2}`);
    await dialog.getByTestId('rect-callback-solved-solved').click();
    await dialog.getByTestId('rect-callback-satisfied-satisfied').click();
    const panel = (await phone.locator('.el-dialog').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(360);
    await dialog.getByTestId('rect-callback-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => asked.count()).toBe(0);

    // Recorded on the opinion: its receipt-less sender's verdict, as a call-back.
    const all = await callbacks(false);
    expect(all.find((e) => e.opinionId === askedOpinionId)?.recorded).toMatchObject({ solved: 'solved', satisfied: 'satisfied', comment: '' });
    expect(await callbacks(true)).toEqual([]);
  }, 120_000);

  it('is not offered to the judged village\'s secretary', async () => {
    const p = await page(DESKTOP);
    await login(p, 'secretary');
    expect(await p.getByTestId('menu-callbacks').count()).toBe(0);
    await p.goto(`${server.url}/rectification/callbacks`);
    await p.waitForURL((u) => u.pathname !== '/rectification/callbacks');
    await p.goto(`${server.url}/rectification`);
    await expect.poll(() => p.getByTestId('rect-table').count()).toBe(1);
    expect(await p.getByTestId('rect-callbacks').count()).toBe(0);
  }, 60_000);
});
