import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('rectification lists, disclosure and residents’ verdicts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const pub = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { host: 'massline.test', origin: 'http://massline.test' }, ...(payload ? { payload } : {}) });

  /** A resident's anonymous opinion, a problem from it, and an item fixing it. */
  async function loop() {
    const sent = await pub('POST', '/api/public/opinions', { orgId: t.tree.orgs.own.id, category: 'livelihood', content: '村里道路坑洼无人管', idempotencyKey: 'verdict-key-000000000001' });
    const receipt = sent.json().receipt as string;
    const opinion = await t.deps.db.selectFrom('opinions').select('id').executeTakeFirstOrThrow();
    const problem = (await post('office', '/api/problems', { title: '村道坑洼', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'opinion', opinionId: opinion.id }] })).json();
    const item = (await post('secretary', '/api/rectifications', {
      problemIds: [problem.id], title: '修复村道', measures: '硬化三组至小学路段', commitment: '6 月底前修好', ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, deadline: '2026-06-30',
    })).json();
    return { receipt, opinionId: opinion.id, problemId: problem.id, itemId: item.id as string };
  }

  it('takes a list from draft through review to publication, and back to draft when an item is added', async () => {
    const { itemId, problemId } = await loop();
    const own = t.tree.orgs.own.id;
    expect((await get('secretary', `/api/rectification-plans/${own}`)).json()).toMatchObject({ status: 'draft', published: false, items: [{ id: itemId }], abilities: ['submit'] });
    expect((await post('office', `/api/rectification-plans/${own}/publish`, { published: true })).json().error.code).toBe('plan_status');
    expect((await post('secretary', `/api/rectification-plans/${own}/submit`)).json()).toMatchObject({ status: 'submitted' });
    expect((await post('secretary', `/api/rectification-plans/${own}/decide`, { decision: 'approve' })).statusCode).toBe(403);
    const returned = await post('office', `/api/rectification-plans/${own}/decide`, { decision: 'return' });
    expect(returned.json().error.code).toBe('rect_reason_required');
    expect((await post('office', `/api/rectification-plans/${own}/decide`, { decision: 'return', comment: '时限过长，请压缩' })).json()).toMatchObject({ status: 'returned', comment: '时限过长，请压缩' });
    await post('secretary', `/api/rectification-plans/${own}/submit`);
    expect((await post('office', `/api/rectification-plans/${own}/decide`, { decision: 'approve' })).json()).toMatchObject({ status: 'approved', abilities: ['publish'] });
    expect((await post('office', `/api/rectification-plans/${own}/publish`, { published: true })).json()).toMatchObject({ published: true, items: [{ id: itemId, published: true }] });
    expect((await pub('GET', `/api/public/rectification/orgs/${own}`)).json()).toMatchObject({ orgName: '红旗村党支部', items: [{ id: itemId, commitment: '6 月底前修好', status: 'planned', ownerPersonName: 'cadre用户' }] });
    // A new item sends the list back for review; it is not public until then.
    const second = (await post('secretary', '/api/rectifications', { problemIds: [problemId], title: '设立村道管护员', measures: '每组一名管护员', commitment: '村道有人管', ownerOrgId: own, deadline: '2026-05-01' })).json();
    expect((await get('office', `/api/rectification-plans/${own}`)).json()).toMatchObject({ status: 'draft', comment: '清单有新增事项，需重新报审', published: true });
    expect((await pub('GET', `/api/public/rectification/items/${second.id}`)).statusCode).toBe(404);
    expect((await pub('GET', `/api/public/rectification/orgs/${own}`)).json().items).toHaveLength(1);
  });

  it('asks the resident with the receipt once the item is done, and reopens the item when most say not fixed', async () => {
    const { receipt, itemId, opinionId } = await loop();
    expect((await pub('POST', '/api/public/receipts/verdicts/view', { receipt })).json()).toEqual({ items: [] });
    await post('cadre', `/api/rectifications/${itemId}/status`, { status: 'done', reason: '已硬化' });
    const asks = (await pub('POST', '/api/public/receipts/verdicts/view', { receipt })).json();
    expect(asks.items).toEqual([expect.objectContaining({ id: itemId, status: 'done', given: null })]);
    const first = await pub('POST', '/api/public/receipts/verdicts', { receipt, rectificationId: itemId, value: 'not_fixed', comment: '只修了一半' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ reopened: false, verdicts: { round: 1, notFixed: 1, total: 1 } });
    const again = await pub('POST', '/api/public/receipts/verdicts', { receipt, rectificationId: itemId, value: 'fixed' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'verdict_twice']);
    expect((await pub('POST', '/api/public/receipts/verdicts/view', { receipt })).json().items[0].given).toBe('not_fixed');
    const wrong = await pub('POST', '/api/public/receipts/verdicts', { receipt: 'XXXX-XXXX-XXXX-XXXX', rectificationId: itemId, value: 'fixed' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([404, 'receipt_unknown']);

    // Published: two residents in the open (one per browser), not fixed again: 3 verdicts, 2 of 3 say not → reopened.
    await post('office', `/api/rectifications/${itemId}/publish`, { published: true });
    const open = (await pub('GET', `/api/public/rectification/items/${itemId}`)).json();
    expect(open).toMatchObject({ verdictMode: 'browser', verdictOpen: true, verdicts: { total: 1 } });
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', browserToken: 'browser-token-aaaaaaaa' })).json()).toMatchObject({ reopened: false });
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', browserToken: 'browser-token-aaaaaaaa' })).json().error.code).toBe('verdict_twice');
    const third = await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'not_fixed', browserToken: 'browser-token-bbbbbbbb' });
    expect(third.json()).toMatchObject({ reopened: true });
    const reopened = (await get('office', `/api/rectifications/${itemId}`)).json();
    expect(reopened).toMatchObject({ status: 'in_progress', verdicts: { round: 1, total: 3 }, problems: [{ status: 'rectifying' }] });
    expect(reopened.timeline.at(-1)).toMatchObject({ kind: 'reopened', toStatus: 'in_progress', body: expect.stringContaining('3 票中 2 票') });
    // The office and the owner are told.
    const told = await t.deps.db.selectFrom('notifications').select(['person_id', 'kind', 'link']).where('kind', '=', 'rectification.reopened').execute();
    expect(told.map((n) => n.person_id).sort()).toEqual([t.tree.users.office.personId, t.tree.users.cadre.personId].sort());
    expect(told[0].link).toBe(`/rectification/${itemId}`);
    // While being fixed again no verdicts are taken; the org's counters no longer count that round.
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', browserToken: 'browser-token-cccccccc' })).json().error.code).toBe('verdict_not_open');
    const progress = (await get('office', `/api/rectifications/progress?orgId=${t.tree.orgs.own.id}`)).json();
    expect(progress.orgs[0].verdicts).toEqual({ fixed: 0, partly: 0, notFixed: 0, satisfaction: null });
    // Done again: a new round, and the same receipt may judge again; staff record a call-back verdict.
    await post('cadre', `/api/rectifications/${itemId}/status`, { status: 'done', reason: '全部路段已硬化' });
    expect((await pub('POST', '/api/public/receipts/verdicts', { receipt, rectificationId: itemId, value: 'fixed' })).json()).toMatchObject({ verdicts: { round: 2, fixed: 1 } });
    expect((await post('secretary', `/api/rectifications/${itemId}/verdicts`, { opinionId, value: 'fixed' })).json().error.code).toBe('verdict_twice');
    const after = (await get('office', `/api/rectifications/progress?orgId=${t.tree.orgs.own.id}`)).json();
    expect(after.orgs[0].verdicts).toEqual({ fixed: 1, partly: 0, notFixed: 0, satisfaction: 100 });
  });

  it('tells whoever recorded a named opinion to call its sender back once the item is done', async () => {
    const recorded = await post('secretary', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'livelihood', content: '路灯坏了半年没人修', sender: { name: '王大妈', phone: '13900002222' } });
    expect(recorded.statusCode).toBe(201);
    const problem = (await post('office', '/api/problems', { title: '路灯损坏', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'opinion', opinionId: recorded.json().id }] })).json();
    const item = (await post('office', '/api/rectifications', { problemIds: [problem.id], title: '修复路灯', measures: '更换灯具', commitment: '一周内修好', ownerOrgId: t.tree.orgs.own.id, deadline: '2026-03-08' })).json();
    await post('office', `/api/rectifications/${item.id}/status`, { status: 'done', reason: '已更换' });
    const told = (await get('secretary', '/api/notifications')).json().items;
    expect(told).toEqual([expect.objectContaining({ kind: 'rectification.callback', title: '请回访：整改事项“修复路灯”已完成', link: `/rectification/${item.id}` })]);
    expect(told[0].body).toContain('王大妈');
    // The secretary records the call-back verdict for that opinion.
    expect((await post('secretary', `/api/rectifications/${item.id}/verdicts`, { opinionId: recorded.json().id, value: 'partly', comment: '亮了，但还有一盏不亮' })).statusCode).toBe(201);
  });

  it('limits open verdicts to one per one-time code once the office attaches codes', async () => {
    const { itemId } = await loop();
    await post('cadre', `/api/rectifications/${itemId}/status`, { status: 'done', reason: '已硬化' });
    await post('office', `/api/rectifications/${itemId}/publish`, { published: true });
    const issued = await post('office', `/api/rectification-plans/${t.tree.orgs.own.id}/verdict-codes`, { count: 3 });
    expect(issued.statusCode).toBe(201);
    const [code] = issued.json().codes;
    expect((await pub('GET', `/api/public/rectification/items/${itemId}`)).json().verdictMode).toBe('code');
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', browserToken: 'browser-token-aaaaaaaa' })).json().error.code).toBe('verdict_code_required');
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', code: 'ZZZZZZZZ' })).json().error.code).toBe('verdict_code_unknown');
    // The same code, sent 20 times at once: exactly one verdict is taken.
    const results = await Promise.all(Array.from({ length: 20 }, () => pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', code: code.toLowerCase() })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'verdict_twice')).toBe(true);
    expect(await t.deps.db.selectFrom('verdicts').select(['channel', 'voter_key']).execute()).toEqual([{ channel: 'code', voter_key: expect.stringMatching(/^c:[0-9a-f]{64}$/) }]);
  });

  it('shows the public side only what was published and released, whatever the id', async () => {
    const { itemId } = await loop();
    const progressed = (await post('cadre', `/api/rectifications/${itemId}/progress`, { body: '已开工' })).json();
    const updateId = progressed.timeline.find((e: { kind: string }) => e.kind === 'progress').id;
    const photo = (await t.as('cadre', { method: 'POST', url: `/api/rectifications/${itemId}/attachments?name=site.png&updateId=${updateId}`, headers: { 'content-type': 'image/png' }, payload: PNG })).json();
    const routes: ['GET' | 'POST', string, object?][] = [
      ['GET', `/api/public/rectification/orgs/${t.tree.orgs.own.id}`],
      ['GET', `/api/public/rectification/items/${itemId}`],
      ['GET', `/api/public/rectification/items/${itemId}/photos/${photo.id}`],
      ['POST', `/api/public/rectification/items/${itemId}/verdicts`, { value: 'fixed', browserToken: 'browser-token-aaaaaaaa' }],
      ['POST', `/api/public/rectification/items/${itemId}/flags`, { body: '路还没修' }],
    ];
    for (const [method, url, body] of routes) expect((await pub(method, url, body)).statusCode, url).toBe(404);
    // Published: the item shows, its photo not until the office releases it.
    await post('office', `/api/rectifications/${itemId}/publish`, { published: true });
    expect((await pub('GET', routes[2][1])).statusCode).toBe(404);
    const detail = (await pub('GET', routes[1][1])).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'progress', 'status']);
    expect(detail.timeline[1].photos).toEqual([]);
    await post('office', `/api/rectifications/${itemId}/attachments/${photo.id}/release`, { released: true });
    const shown = await pub('GET', routes[2][1]);
    expect([shown.statusCode, shown.headers['content-type']]).toEqual([200, 'image/png']);
    // 纠错 reaches the office's queue; its answer shows on the page.
    const flag = await pub('POST', routes[4][1], { body: '路还没修完' });
    expect(flag.statusCode).toBe(201);
    const queue = (await get('office', '/api/rectification-flags?status=open')).json();
    expect(queue.items).toEqual([expect.objectContaining({ rectificationId: itemId, body: '路还没修完', status: 'open' })]);
    expect((await get('secretary', '/api/rectification-flags')).statusCode).toBe(403);
    await post('office', `/api/rectification-flags/${flag.json().id}/answer`, { status: 'answered', answer: '二期工程 5 月开工' });
    expect((await pub('GET', routes[1][1])).json().flags).toEqual([{ body: '路还没修完', answer: '二期工程 5 月开工', day: '2026-03-01' }]);
    // Withdrawn: gone again.
    await post('office', `/api/rectifications/${itemId}/publish`, { published: false });
    expect((await pub('GET', routes[1][1])).statusCode).toBe(404);
  });
});

describe('rectification list exports', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('exports the list as .xlsx and as a Word document laid out as an official list', async () => {
    const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
    const problem = (await post('office', '/api/problems', { title: '村道坑洼', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '发现' }] })).json();
    await post('office', '/api/rectifications', { problemIds: [problem.id], title: '修复村道', measures: '硬化三组至小学路段', commitment: '6 月底前修好', ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, deadline: '2026-06-30' });
    const own = t.tree.orgs.own.id;

    const xlsx = await t.as('secretary', { method: 'GET', url: `/api/rectification-plans/${own}/export.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('红旗村党支部整改清单.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '问题', '整改措施', '责任人', '完成时限', '进展']);
    expect(sheet.getRow(3).values).toEqual([undefined, '1', '村道坑洼', '修复村道：硬化三组至小学路段', 'cadre用户（红旗村党支部）', '2026-06-30', '未开始，0%']);

    const docx = await t.as('secretary', { method: 'GET', url: `/api/rectification-plans/${own}/export.docx` });
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('w:orient="landscape"');
    expect(xml).toContain('红旗村党支部整改清单');
    for (const head of ['序号', '问题', '整改措施', '责任人', '完成时限', '进展']) expect(xml).toContain(`>${head}<`);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('硬化三组至小学路段');
    const footer = await zip.file(/word\/footer\d*\.xml/)[0].async('string');
    expect(footer).toMatch(/— <\/w:t>.*PAGE.* —<\/w:t>/s);
    // Out of reach: another township's list is not there.
    expect((await t.as('secretary', { method: 'GET', url: `/api/rectification-plans/${t.tree.orgs.other.id}/export.docx` })).statusCode).toBe(404);
  });
});
