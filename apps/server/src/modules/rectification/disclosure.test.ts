import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' + '0000000970485973000003e8000003e801b57b526b0000000d494441540899636060606000000005000187a14ed40000000049454e44ae426082', 'hex');

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

  // Verdicts (receipts, codes, open, call-backs, the reopen rule) are tried as an attacker would in verdicts.test.ts.

  it('shows the public side only what was published and released, whatever the id', async () => {
    const { itemId } = await loop();
    const progressed = (await post('cadre', `/api/rectifications/${itemId}/progress`, { body: '已开工' })).json();
    const updateId = progressed.timeline.find((e: { kind: string }) => e.kind === 'progress').id;
    const photo = (await t.as('cadre', { method: 'POST', url: `/api/rectifications/${itemId}/attachments?name=site.png&updateId=${updateId}`, headers: { 'content-type': 'image/png' }, payload: PNG })).json();
    const routes: ['GET' | 'POST', string, object?][] = [
      ['GET', `/api/public/rectification/orgs/${t.tree.orgs.own.id}`],
      ['GET', `/api/public/rectification/items/${itemId}`],
      ['GET', `/api/public/rectification/items/${itemId}/photos/${photo.id}`],
      ['GET', `/api/public/rectification/items/${itemId}/photos/${photo.id}?size=thumb`],
      ['POST', `/api/public/rectification/items/${itemId}/verdicts`, { solved: 'solved', satisfied: 'satisfied' }],
      ['POST', `/api/public/rectification/items/${itemId}/flags`, { body: '路还没修' }],
    ];
    for (const [method, url, body] of routes) expect((await pub(method, url, body)).statusCode, url).toBe(404);
    // Published: the item shows, its photo not until the office releases it.
    await post('office', `/api/rectifications/${itemId}/publish`, { published: true });
    expect((await pub('GET', routes[2][1])).statusCode).toBe(404);
    expect((await pub('GET', routes[3][1])).statusCode).toBe(404);
    const detail = (await pub('GET', routes[1][1])).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'progress', 'status']);
    expect(detail.timeline[1].photos).toEqual([]);
    await post('office', `/api/rectifications/${itemId}/attachments/${photo.id}/release`, { released: true });
    const shown = await pub('GET', routes[2][1]);
    expect([shown.statusCode, shown.headers['content-type']]).toEqual([200, 'image/png']);
    // 纠错 reaches the office's queue; its answer shows on the page.
    // The timeline's thumbnail follows the same release.
    const thumb = await pub('GET', routes[3][1]);
    expect([thumb.statusCode, thumb.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const flag = await pub('POST', routes[5][1], { body: '路还没修完' });
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
