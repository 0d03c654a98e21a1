import { dayIn } from '@massline/shared';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

// Issue 5, parts 4 and 5 on a phone: the office publishes a rectification item with a milestone and
// a released photo and marks it done (through the staff API); a resident on a 360 px phone in WeChat
// reads the org's 整改公示, opens the item, sees the photo, gives an open verdict (shown apart as 参考,
// one a day from one place) and then, with the receipt of the opinion behind it, a counted one, flags
// an error and later reads the answer; the resident who sent the opinion sees and changes their
// verdict on /r; a printed slip's 评议码 judges an item the office attached codes to, and judging
// again with it changes that verdict. Screenshots of the phone and of the print layout go to
// /tmp/shots-disclosure/.

const shots = '/tmp/shots-disclosure';

interface Tally { solved: number; partly: number; unsolved: number; satisfied: number; basic: number; unsatisfied: number; total: number }
interface Detail {
  id: string; status: string; milestones: { id: string; title: string }[]; timeline: { id: string; kind: string }[];
  verdicts: { counted: Tally; byBacking: { receipt: Tally; callback: Tally; code: Tally; open: Tally }; countedKinds: string[]; reopenMin: number; solvedRate: number | null; satisfaction: number | null };
}
type Spoken = { text: string; lang: string }[];

const day = (offset: number) => dayIn(Date.now() + offset * 86_400_000);

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('rectification disclosure on a phone: 公示, photo, 群众评议, 纠错, and the receipt holder\'s verdict', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let cookie = '';
  const contexts: BrowserContext[] = [];
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const TITLE = `硬化红旗村西头到小学道路（${tag}）`;
  const LATE = `设立村道管护员（${tag}）`;
  const SPOT = `清理小学门口垃圾堆（${tag}）`;
  const COMMITMENT = '6 月底前完成路面硬化和边沟疏通，雨天不再积水，孩子上学不用绕路。';
  const PROGRESS = '三组至小学路段已铺设碎石垫层，边沟疏通完毕。';
  const FLAG = '公示说边沟已经疏通，小学门口那段还是堵的。';
  const FLAG_ANSWER = '经核实，小学门口 20 米边沟确未疏通，已安排本周内疏通。';
  let orgId = '';
  let itemId = '';
  let lateId = '';
  let spotId = '';
  let receipt = '';
  let slipCode = '';

  async function phone(): Promise<Page> {
    const c = await browser.newContext(PHONE);
    contexts.push(c);
    // Headless Chromium has no voices: record what would be read instead of reading it.
    await c.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = [];
      (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        spoken.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 5);
      };
      window.speechSynthesis.cancel = () => undefined;
    });
    return c.newPage();
  }
  const noSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  async function shoot(page: Page, name: string, fullPage = true) {
    // From the top, or the sticky bar lands mid-page in a full-page shot.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, name), fullPage });
  }
  const pub = (pathname: string, body: unknown) =>
    fetch(`${server.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(body) });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ username: 'office', password: 'demo1234' }),
    });
    cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const orgs = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items;
    orgId = orgs.find((o) => o.name === '红旗村党支部')!.id;

    // A resident's anonymous opinion (its receipt kept for /r), and the problem it became.
    const sent = await pub('/api/public/opinions', { orgId, category: 'livelihood', content: `红旗村西头到小学的路一下雨就积水，孩子上学要绕远路（${tag}）。`, idempotencyKey: `disclosure-e2e-${tag}-0000000` });
    expect(sent.status).toBe(201);
    receipt = ((await sent.json()) as { receipt: string }).receipt;
    const opinion = (await api<{ items: { id: string }[] }>('GET', `/api/opinions?q=${encodeURIComponent(tag)}`)).items[0];
    const problem = await api<{ id: string }>('POST', '/api/problems', { title: `红旗村西头道路积水（${tag}）`, category: 'livelihood', ownerOrgId: orgId, sources: [{ type: 'opinion', opinionId: opinion.id }] });

    // The item: two milestones, progress on the first with a photo the office releases, done, published.
    const created = await api<Detail>('POST', '/api/rectifications', {
      problemIds: [problem.id], title: TITLE, measures: '铺设碎石垫层，浇筑混凝土路面，疏通两侧边沟。', commitment: COMMITMENT, ownerOrgId: orgId, deadline: day(40),
      milestones: [{ title: '铺设垫层、疏通边沟', dueDay: day(10), weight: 40 }, { title: '浇筑混凝土路面', dueDay: day(30), weight: 60 }],
    });
    itemId = created.id;
    const progressed = await api<Detail>('POST', `/api/rectifications/${itemId}/progress`, { body: PROGRESS, milestoneIds: [created.milestones[0].id] });
    const update = progressed.timeline.filter((e) => e.kind === 'progress').at(-1)!;
    const photo = await roadPhoto();
    const attached = await fetch(`${server.url}/api/rectifications/${itemId}/attachments?name=${encodeURIComponent('路面垫层.jpg')}&updateId=${update.id}`, {
      method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'image/jpeg' }, body: new Uint8Array(photo),
    });
    expect(attached.status).toBe(201);
    const attachment = (await attached.json()) as { id: string };
    await api('POST', `/api/rectifications/${itemId}/attachments/${attachment.id}/release`, { released: true });
    await api('POST', `/api/rectifications/${itemId}/status`, { status: 'done', reason: '路面硬化、边沟疏通全部完成，经村民代表现场查看。' });
    await api('POST', `/api/rectifications/${itemId}/publish`, { published: true });

    // A second item, still being worked on and past its deadline (moved back in the database: the
    // API refuses a deadline in the past), to show overdue in red.
    lateId = (await api<Detail>('POST', '/api/rectifications', { problemIds: [problem.id], title: LATE, measures: '每个村民小组明确一名管护员。', commitment: '村道有人管，坑洼有人报。', ownerOrgId: orgId, deadline: day(5) })).id;
    await api('POST', `/api/rectifications/${lateId}/progress`, { body: '已确定三组、五组管护员。', milestoneIds: [] });
    await api('POST', `/api/rectifications/${lateId}/publish`, { published: true });
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(path.join(server.dataDir, 'massline.db'));
    db.prepare('UPDATE rectifications SET deadline = ? WHERE id = ?').run(day(-3), lateId);
    db.close();

    // A third, fixed on the spot, judged with the printed slips the office made for it.
    spotId = (await api<Detail>('POST', '/api/rectifications', { problemIds: [problem.id], title: SPOT, measures: '组织志愿者清运垃圾，设置垃圾桶。', commitment: '当天清理干净。', ownerOrgId: orgId, onTheSpot: { note: '当天清运垃圾 3 车，新设垃圾桶 2 个。' } })).id;
    await api('POST', `/api/rectifications/${spotId}/publish`, { published: true });
    slipCode = (await api<{ codes: string[] }>('POST', `/api/rectification-plans/${orgId}/verdict-codes`, { count: 2, rectificationId: spotId })).codes[0];
  }, 180_000);

  /** A photo of a road for the evidence: drawn in the browser, as a JPEG. */
  async function roadPhoto(): Promise<Buffer> {
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    await page.setContent(`<body style="margin:0"><div style="width:640px;height:480px;background:linear-gradient(#9cc7ec 0 40%,#7a8a5a 40% 100%);position:relative;font-family:'Noto Sans CJK SC',sans-serif">
      <div style="position:absolute;left:180px;right:180px;top:192px;bottom:0;background:#bbb;clip-path:polygon(45% 0,55% 0,100% 100%,0 100%)"></div>
      <div style="position:absolute;left:20px;top:20px;color:#fff;font-size:28px;text-shadow:0 1px 3px #000">红旗村西头道路 · 垫层完工</div></div></body>`);
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 70 });
    await page.close();
    return jpeg;
  }

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('shows the org\'s list with progress, 满意率, overdue in red, a QR code, read-aloud and a print layout', async () => {
    const page = await phone();
    await page.goto(`${server.url}/d/${orgId}`);
    await expect.poll(() => page.getByTestId('list-heading').innerText()).toBe('红旗村党支部整改清单');
    // The demo township's own published item is there too: the figures are checked against the public API.
    const list = (await (await fetch(`${server.url}/api/public/rectification/orgs/${orgId}`)).json()) as { items: { id: string; status: string; overdue: boolean }[]; progress: number };
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([itemId, lateId, spotId]));
    const items = page.locator('[data-role="item"]');
    await expect.poll(() => items.count()).toBe(list.items.length);
    // Soonest deadline first: the overdue one leads.
    expect(await items.first().getAttribute('data-testid')).toBe(`item-${lateId}`);
    const first = page.getByTestId(`item-${itemId}`);
    expect(await first.getByTestId('item-status').innerText()).toBe('已完成');
    expect(await first.getByTestId('item-progress').innerText()).toBe('100%');
    expect(await first.innerText()).toContain(COMMITMENT);
    const late = page.getByTestId(`item-${lateId}`);
    expect(await late.getByTestId('item-status').innerText()).toBe('整改中 · 已逾期');
    expect(await late.getByTestId('item-status').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(207, 19, 34)');
    expect(await late.getByTestId('item-deadline').innerText()).toBe(`完成时限：${day(-3)}`);
    expect(await page.getByTestId('count-items').innerText()).toBe(`${list.items.length} 项`);
    expect(await page.getByTestId('count-overdue').innerText()).toBe(`${list.items.filter((i) => i.overdue).length} 项`);
    expect(await page.getByTestId('count-finished').innerText()).toBe(`${list.items.filter((i) => i.status === 'done' || i.status === 'verified').length} 项`);
    expect(await page.getByTestId('overall-progress').innerText()).toBe(`${Math.round(list.progress)}%`);
    expect(await page.getByTestId('overall-satisfaction').innerText()).toBe('暂无评议');
    await expect.poll(() => page.getByTestId('share-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByTestId('share').innerText()).toContain(`${server.url}/d/${orgId}`);
    await noSideways(page);

    // Read aloud: the heading, the overall figures, each item.
    await page.getByTestId('read-page').click();
    const spoken = await page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken);
    const text = spoken.map((s) => s.text).join('\n');
    expect(text).toContain('红旗村党支部整改清单');
    expect(text).toContain(`共${list.items.length}项整改`);
    expect(text).toContain(TITLE);
    expect(text).toContain('状态：整改中 · 已逾期');
    expect(spoken.every((s) => s.lang === 'zh-CN')).toBe(true);
    await shoot(page, 'list-phone.png');

    // Printed: the table, no bar, no buttons, no cards; the QR code stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-table').isVisible()).toBe(true);
    expect(await page.locator('.bar').isVisible()).toBe(false);
    expect(await page.locator('[data-role="item"]').first().isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.getByTestId('share-qr').isVisible()).toBe(true);
    const rows = page.getByTestId('print-table').locator('tbody tr');
    expect(await rows.count()).toBe(list.items.length);
    expect(await rows.filter({ hasText: LATE }).innerText()).toContain('已逾期');
    await page.setViewportSize({ width: 794, height: 1123 });
    await shoot(page, 'list-print.png');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 360, height: 740 });

    // In English, still one column at 360 px.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('list-heading').innerText()).toBe('Rectification list of 红旗村党支部');
    expect(await late.getByTestId('item-status').innerText()).toBe('In progress · Overdue');
    await noSideways(page);
    await shoot(page, 'list-phone-en.png', false);
    await page.getByTestId('lang-switch').click();

    // Tap the item: its page, with the way back to the list.
    await first.getByTestId('item-link').click();
    await page.waitForURL(`${server.url}/d/i/${itemId}`);
    await expect.poll(() => page.getByTestId('item-title').innerText()).toBe(TITLE);
    expect(await page.getByTestId('back-to-list').getAttribute('href')).toBe(`/d/${orgId}`);
  });

  it('opens the item on a phone: the photo, an open verdict shown as 参考 (one a day), a receipt\'s verdict counted, and a 纠错', async () => {
    const page = await phone();
    await page.goto(`${server.url}/d/i/${itemId}`);
    await expect.poll(() => page.getByTestId('item-title').innerText()).toBe(TITLE);
    expect(await page.getByTestId('back-to-list').count()).toBe(0);
    expect(await page.getByTestId('item-commitment').innerText()).toBe(COMMITMENT);
    expect(await page.getByTestId('item-status').innerText()).toBe('已完成');
    expect(await page.getByTestId('milestone').count()).toBe(2);
    expect(await page.getByTestId('timeline').innerText()).toContain(PROGRESS);

    // The released photo: lazy, loaded once scrolled to, enlarged on a tap.
    const photo = page.getByTestId('photo');
    await expect.poll(() => photo.count()).toBe(1);
    expect(await photo.locator('img').getAttribute('loading')).toBe('lazy');
    await photo.scrollIntoViewIfNeeded();
    await expect.poll(() => photo.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    await photo.click();
    const box = page.getByTestId('lightbox');
    await box.waitFor({ state: 'visible' });
    await expect.poll(() => box.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await shoot(page, 'item-photo-enlarged.png', false);
    await page.getByTestId('lightbox-close').click();
    await box.waitFor({ state: 'hidden' });

    // The verdict: two questions, big radio rows; without a receipt it is an open verdict, said plainly.
    expect(await page.getByTestId('verdict-none').innerText()).toBe('还没有人评议。');
    const form = page.getByTestId('verdict-form');
    expect(await form.innerText()).toContain('解决了吗？满意吗？');
    expect(await form.innerText()).toContain('问题解决了吗？');
    expect(await form.innerText()).toContain('您满意吗？');
    expect(await page.getByTestId('verdict-receipt-lead').innerText()).toBe('如果您反映过这个问题，请输入查询码，您的评议将计票。');
    const openNote = await page.getByTestId('verdict-open-note').innerText();
    expect(openNote).toContain('公开参考');
    expect(openNote).toContain('每天只能评议一次');
    expect(await page.getByTestId('verdict-code').count()).toBe(0);
    expect(await page.getByTestId('verdict-rule').innerText()).toContain('至少 3 票计票评议、且超过半数认为未解决时，事项退回重新整改');
    for (const id of ['verdict-solved-solved', 'verdict-solved-unsolved', 'verdict-satisfied-basic']) {
      expect((await page.getByTestId(id).boundingBox())!.height, id).toBeGreaterThanOrEqual(44);
    }
    await noSideways(page);
    await shoot(page, 'item-phone.png');
    await page.getByTestId('verdict-send').click();
    expect(await page.getByTestId('verdict-solved-error').innerText()).toBe('请选择问题是否解决');
    expect(await page.getByTestId('verdict-satisfied-error').innerText()).toBe('请选择是否满意');
    // Radio groups: a tap picks one; the arrow keys move within the group.
    const checked = (id: string) => page.getByTestId(id).locator('input').isChecked();
    await page.getByTestId('verdict-solved-solved').click();
    expect(await checked('verdict-solved-solved')).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await checked('verdict-solved-partly')).toBe(true);
    expect(await checked('verdict-solved-solved')).toBe(false);
    await page.keyboard.press('ArrowUp');
    expect(await checked('verdict-solved-solved')).toBe(true);
    await page.getByTestId('verdict-satisfied-satisfied').click();
    await page.getByTestId('verdict-comment').locator('textarea').fill('路修好了，下雨也不积水了。');
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-thanks').innerText()).toContain('感谢您的评议');
    expect(await page.getByTestId('verdict-thanks').innerText()).toContain('您的评议：解决，满意');
    expect(await page.getByTestId('verdict-thanks').innerText()).toContain('不计票');
    // Shown apart, as 参考: nothing counted yet.
    expect(await page.getByTestId('verdict-total').innerText()).toBe('计票评议 0 票');
    expect(await page.getByTestId('verdict-none-counted').innerText()).toBe('还没有计票的评议。');
    expect(await page.getByTestId('verdict-kind-open').innerText()).toMatch(/公开参考\s*1 票\s*仅作参考/);
    expect(await page.getByTestId('verdict-kind-receipt').innerText()).toMatch(/凭查询码（含回访）\s*0 票\s*计票/);
    expect(await form.count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('massline.verdict')))).toEqual([]);
    await shoot(page, 'item-verdict-open.png');
    let detail = (await api<Detail>('GET', `/api/rectifications/${itemId}`)).verdicts;
    expect(detail.byBacking.open).toMatchObject({ total: 1, solved: 1, satisfied: 1 });
    expect(detail.counted.total).toBe(0);

    // A second open verdict from the same place today is refused, in the server's words; a receipt still may.
    await page.getByTestId('verdict-another').click();
    await page.getByTestId('verdict-solved-unsolved').click();
    await page.getByTestId('verdict-satisfied-unsatisfied').click();
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-error').innerText()).toBe('今天从这里已经评议过这项整改（公开评议每处每天一票）；有查询码或评议码的，请凭码评议');
    expect((await api<Detail>('GET', `/api/rectifications/${itemId}`)).verdicts.byBacking.open.total).toBe(1);

    // The resident who reported it, with the receipt: counted.
    await page.getByTestId('verdict-receipt').fill('ABCD-EFGH');
    await page.getByTestId('verdict-solved-partly').click();
    await page.getByTestId('verdict-satisfied-basic').click();
    await page.getByTestId('verdict-send').click();
    expect(await page.getByTestId('verdict-receipt-error').innerText()).toContain('查询码应为 16 位');
    await page.getByTestId('verdict-receipt').fill(receipt.toLowerCase());
    expect(await page.getByTestId('verdict-open-note').count()).toBe(0);
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-thanks').innerText()).toContain('您的评议已计入下面的统计');
    expect(await page.getByTestId('verdict-thanks').innerText()).toContain('部分解决，基本满意');
    expect(await page.getByTestId('verdict-total').innerText()).toBe('计票评议 1 票');
    expect(await page.getByTestId('verdict-count-partly').innerText()).toContain('1');
    expect(await page.getByTestId('verdict-solved-rate').innerText()).toBe('0%');
    expect(await page.getByTestId('verdict-rate').innerText()).toBe('100%');
    expect(await page.getByTestId('verdict-kind-receipt').innerText()).toMatch(/1 票\s*计票/);
    expect(await page.getByTestId('verdict-kind-open').innerText()).toMatch(/1 票\s*仅作参考/);
    await shoot(page, 'item-verdict-thanks.png');
    detail = (await api<Detail>('GET', `/api/rectifications/${itemId}`)).verdicts;
    expect(detail.counted).toMatchObject({ total: 1, partly: 1, basic: 1 });
    expect(detail).toMatchObject({ solvedRate: 0, satisfaction: 100 });

    // 纠错: a few words, no name; it lands in the office's queue and its answer comes back here.
    await page.getByTestId('flag').click();
    const sheet = page.getByTestId('flag-sheet');
    await sheet.waitFor({ state: 'visible' });
    await page.getByTestId('flag-send').click();
    expect(await page.getByTestId('flag-error').innerText()).toBe('请写下哪里有错');
    await page.getByTestId('flag-text').locator('textarea').fill(FLAG);
    await shoot(page, 'item-flag.png', false);
    await page.getByTestId('flag-send').click();
    await expect.poll(() => page.getByTestId('flag-done').innerText()).toContain('已收到');
    await page.getByTestId('flag-close').click();
    const queue = await api<{ items: { id: string; rectificationId: string; body: string }[] }>('GET', '/api/rectification-flags?status=open');
    const flag = queue.items.find((f) => f.rectificationId === itemId)!;
    expect(flag.body).toBe(FLAG);
    await api('POST', `/api/rectification-flags/${flag.id}/answer`, { status: 'answered', answer: FLAG_ANSWER });
    await page.reload();
    await expect.poll(() => page.getByTestId('answered-flag').count()).toBe(1);
    expect(await page.getByTestId('answered-flag').innerText()).toContain(FLAG);
    expect(await page.getByTestId('flag-answer').innerText()).toBe(FLAG_ANSWER);

    // Read aloud: the item, its measures and the verdicts so far.
    await page.getByTestId('read-page').click();
    const spoken = (await page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken)).map((s) => s.text).join('\n');
    expect(spoken).toContain(TITLE);
    expect(spoken).toContain('整改措施：');
    expect(spoken).toContain('计票评议1票：解决0票，部分解决1票，未解决0票。解决率0%，满意率100%。');
    await shoot(page, 'item-phone-after.png');

    // Printed: no form, no buttons; the photo, the figures and the QR code stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.bar').isVisible()).toBe(false);
    expect(await page.getByTestId('flag').isVisible()).toBe(false);
    expect(await page.getByTestId('verdict-summary').isVisible()).toBe(true);
    expect(await page.getByTestId('share-qr').isVisible()).toBe(true);
    await page.setViewportSize({ width: 794, height: 1123 });
    await shoot(page, 'item-print.png');
  });

  it('shows the opinion\'s sender on /r the verdict they gave and lets them change it, with the receipt kept out of every address', async () => {
    const page = await phone();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${server.url}/r#${receipt}`);
    const card = page.getByTestId('receipt-verdicts');
    await expect.poll(() => card.count()).toBe(1);
    const ask = card.getByTestId('receipt-verdict-item').filter({ hasText: TITLE });
    expect(await ask.innerText()).toContain(COMMITMENT);
    // The item fixed on the spot fixes the same problem: asked too.
    expect(await card.getByTestId('receipt-verdict-item').count()).toBe(2);
    await noSideways(page);
    // Given on the item's page with this receipt: shown, and it may be changed.
    expect(await ask.getByTestId('receipt-verdict-given').innerText()).toBe('您的评议：部分解决，基本满意');
    await ask.getByTestId('receipt-verdict-change').click();
    expect(await ask.getByTestId('verdict-solved-partly').locator('input').isChecked()).toBe(true);
    expect(await ask.getByTestId('verdict-satisfied-basic').locator('input').isChecked()).toBe(true);
    await ask.getByTestId('verdict-solved-unsolved').click();
    await ask.getByTestId('verdict-satisfied-unsatisfied').click();
    await ask.getByTestId('verdict-comment').locator('textarea').fill('小学门口那段边沟还是堵的。');
    await card.scrollIntoViewIfNeeded();
    await shoot(page, 'receipt-verdict.png');
    await ask.getByTestId('receipt-verdict-send').click();
    await expect.poll(() => ask.getByTestId('receipt-verdict-thanks').innerText()).toContain('已更新您的评议');
    expect(await ask.getByTestId('receipt-verdict-thanks').innerText()).toContain('计票评议 1 票');
    expect(await ask.getByTestId('receipt-verdict-given').innerText()).toBe('您的评议：未解决，不满意');
    await shoot(page, 'receipt-verdict-thanks.png');
    expect(urls.filter((u) => u.includes(receipt) || u.includes(receipt.replace(/-/g, '')))).toEqual([]);
    // Changed, not added: still one counted verdict, the open one still apart.
    const v = (await api<Detail>('GET', `/api/rectifications/${itemId}`)).verdicts;
    expect(v.counted).toMatchObject({ total: 1, unsolved: 1, unsatisfied: 1, partly: 0 });
    expect(v.byBacking.open.total).toBe(1);

    // Opened again: the verdict given, not the form.
    await page.goto(`${server.url}/r#${receipt}`);
    const given = page.getByTestId('receipt-verdict-item').filter({ hasText: TITLE }).getByTestId('receipt-verdict-given');
    await expect.poll(() => given.innerText()).toBe('您的评议：未解决，不满意');
  });

  it('takes a printed slip\'s 评议码 where the office attached codes; the same slip again changes its verdict', async () => {
    const page = await phone();
    await page.goto(`${server.url}/d/i/${spotId}`);
    await expect.poll(() => page.getByTestId('item-title').innerText()).toBe(SPOT);
    expect(await page.getByTestId('disclosure-item').innerText()).toContain('立行立改');
    expect(await page.getByTestId('verdict-code-lead').innerText()).toContain('评议码');
    expect(await page.getByTestId('verdict-open-note').count()).toBe(0);
    expect(await page.getByTestId('verdict-code-only').innerText()).toContain('查询码或评议码');
    await page.getByTestId('verdict-solved-solved').click();
    await page.getByTestId('verdict-satisfied-satisfied').click();
    await page.getByTestId('verdict-send').click();
    expect(await page.getByTestId('verdict-code-error').innerText()).toBe('请输入查询码或评议码');
    await page.getByTestId('verdict-code').fill('ABCD2345');
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-code-error').innerText()).toBe('评议码不正确，请核对后重新输入');
    await page.getByTestId('verdict-code').fill(slipCode.toLowerCase());
    await shoot(page, 'item-code.png');
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-total').innerText()).toBe('计票评议 1 票');
    expect(await page.getByTestId('verdict-thanks').innerText()).toContain('感谢您的评议');
    expect(await page.getByTestId('verdict-kind-code').innerText()).toMatch(/1 票\s*计票/);
    // The same slip again changes its verdict, and says so.
    await page.getByTestId('verdict-another').click();
    await page.getByTestId('verdict-solved-partly').click();
    await page.getByTestId('verdict-satisfied-basic').click();
    await page.getByTestId('verdict-code').fill(slipCode);
    await page.getByTestId('verdict-send').click();
    await expect.poll(() => page.getByTestId('verdict-thanks').innerText()).toContain('已更新您的评议');
    expect(await page.getByTestId('verdict-total').innerText()).toBe('计票评议 1 票');
    expect((await api<Detail>('GET', `/api/rectifications/${spotId}`)).verdicts.counted).toMatchObject({ total: 1, partly: 1, basic: 1, solved: 0 });
    // Nothing here for an item that is not published.
    await page.goto(`${server.url}/d/i/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('没有找到公示内容');
  });

  it('asks an answered opinion\'s sender on /r whether it was solved and whether they are satisfied, and keeps their answer', async () => {
    // Another resident's opinion, answered by the office (nothing fixes it as an item).
    const said = `村口的公交站牌被撞倒了，一直没人扶起来（${tag}）。`;
    const sent = await pub('/api/public/opinions', { orgId, category: 'service', content: said, idempotencyKey: `disclosure-e2e-${tag}-opinion1` });
    expect(sent.status).toBe(201);
    const code = ((await sent.json()) as { receipt: string }).receipt;
    const opinion = (await api<{ items: { id: string; content: string }[] }>('GET', `/api/opinions?q=${encodeURIComponent(said.slice(0, 10))}`)).items.find((o) => o.content === said)!;
    const ANSWERED = '已联系县公交公司，站牌已重新立好并加固。';
    await api('POST', `/api/opinions/${opinion.id}/reply`, { body: ANSWERED, public: false });

    const page = await phone();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${server.url}/r#${code}`);
    const mine = page.getByTestId('opinion-verdict');
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.locator('h2').innerText()).toBe('您的意见已答复：问题解决了吗？满意吗？');
    expect(await page.getByTestId('staff-message').innerText()).toContain(ANSWERED);
    // Nothing else to judge for this opinion: no item card.
    expect(await page.getByTestId('receipt-verdicts').count()).toBe(0);
    await mine.getByTestId('opinion-verdict-send').click();
    expect(await mine.getByTestId('verdict-solved-error').innerText()).toBe('请选择问题是否解决');
    await mine.getByTestId('verdict-solved-partly').click();
    await mine.getByTestId('verdict-satisfied-basic').click();
    await mine.getByTestId('verdict-comment').locator('textarea').fill('站牌立起来了，就是还没有遮雨棚。');
    await noSideways(page);
    await mine.scrollIntoViewIfNeeded();
    await shoot(page, 'receipt-opinion-verdict.png');
    await mine.getByTestId('opinion-verdict-send').click();
    await expect.poll(() => mine.getByTestId('opinion-verdict-thanks').innerText()).toContain('感谢您的评议');
    expect(await mine.getByTestId('opinion-verdict-given').innerText()).toBe('您的评议：部分解决，基本满意');

    // Reloaded: the code is not in the address (nor remembered on this phone), so it is typed again; the answer is kept.
    await page.reload();
    await expect.poll(() => page.getByTestId('receipt-input').count()).toBe(1);
    await page.getByTestId('receipt-input').fill(code);
    await page.getByTestId('look-up').click();
    const given = page.getByTestId('opinion-verdict').getByTestId('opinion-verdict-given');
    await expect.poll(() => given.innerText()).toBe('您的评议：部分解决，基本满意');
    expect(await page.getByTestId('opinion-verdict-form').count()).toBe(0);
    expect(urls.filter((u) => u.includes(code) || u.includes(code.replace(/-/g, '')))).toEqual([]);
  });
});
