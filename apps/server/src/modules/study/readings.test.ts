import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { minimalDocx, tinyPdf, tinyXlsx } from '../../../test/documents.js';
import { DOCX_MIME } from '../../kernel/attachments.js';
import { newId } from '../../kernel/ids.js';

const PHASES = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];

describe('必学书目: the reading list of a campaign', () => {
  let t: TestApp;
  let campaignId: string;
  beforeEach(async () => {
    t = await createTestApp();
    const res = await t.as('office', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.own.id, title: '红旗村群众路线教育实践活动', phases: PHASES } });
    expect(res.statusCode, res.body).toBe(201);
    campaignId = res.json().id;
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const add = async (title: string, extra: object = {}) => {
    const res = await post('office', '/api/study/readings', { campaignId, title, kind: 'book', ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const titles = async (who = 'office') => (await get(who, `/api/study/readings?campaignId=${campaignId}`)).json().items.map((r: { title: string }) => r.title);
  const upload = (who: string, id: string, body: Buffer, opts: { name?: string; type?: string } = {}) =>
    t.as(who, {
      method: 'POST', url: `/api/study/readings/${id}/file${opts.name ? `?name=${encodeURIComponent(opts.name)}` : ''}`,
      payload: body, headers: { 'content-type': opts.type ?? 'application/octet-stream' },
    });
  const audit = async () => (await t.deps.db.selectFrom('audit_log').select(['action', 'summary', 'org_path']).where('action', 'like', 'reading.%').orderBy('seq').execute());

  it('adds readings in order, shows them to everyone who reads the campaign and audits each change', async () => {
    const first = await post('office', '/api/study/readings', { campaignId, title: ' 论群众路线——重要论述摘编 ', kind: 'book', note: '中央文献出版社、党建读物出版社 2013 年版' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({
      id: expect.any(String), campaignId, seq: 1, title: '论群众路线——重要论述摘编', kind: 'book', url: null, file: null,
      note: '中央文献出版社、党建读物出版社 2013 年版', sessions: 0, createdAt: '2026-03-01T08:00:00.000Z',
    });
    const second = await add('习近平在党的群众路线教育实践活动工作会议上的讲话', { kind: 'speech', url: 'https://www.12371.cn/2013/06/18/ARTI1371540123456.shtml' });
    expect(second).toMatchObject({ seq: 2, kind: 'speech', url: 'https://www.12371.cn/2013/06/18/ARTI1371540123456.shtml' });

    // The office of the campaign keeps it; a secretary, cadre, inspector and surveyor of the org read it.
    const asOffice = (await get('office', `/api/study/readings?campaignId=${campaignId}`)).json();
    expect(asOffice.abilities).toEqual(['manage']);
    for (const who of ['secretary', 'cadre', 'inspector', 'surveyor']) {
      const res = await get(who, `/api/study/readings?campaignId=${campaignId}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json(), who).toEqual({ items: asOffice.items, abilities: [] });
    }
    expect(await audit()).toEqual([
      { action: 'reading.create', org_path: t.tree.orgs.own.path, summary: '“红旗村群众路线教育实践活动”的必学书目增加书籍“论群众路线——重要论述摘编”' },
      { action: 'reading.create', org_path: t.tree.orgs.own.path, summary: '“红旗村群众路线教育实践活动”的必学书目增加讲话“习近平在党的群众路线教育实践活动工作会议上的讲话”' },
    ]);
  });

  it('edits, reorders and deletes; an order must name every reading once', async () => {
    const a = await add('党章');
    const b = await add('十八大报告', { kind: 'document' });
    const c = await add('厉行节约、反对浪费——重要论述摘编');

    const edited = await t.as('office', { method: 'PATCH', url: `/api/study/readings/${b.id}`, payload: { title: '党的十八大报告', url: 'http://www.xinhuanet.com/18cpcnc/' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: '党的十八大报告', kind: 'document', url: 'http://www.xinhuanet.com/18cpcnc/', seq: 2 });
    // Removing the link.
    expect((await t.as('office', { method: 'PATCH', url: `/api/study/readings/${b.id}`, payload: { url: null } })).json().url).toBeNull();

    const reordered = await post('office', '/api/study/readings/reorder', { campaignId, ids: [c.id, a.id, b.id] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((r: { title: string; seq: number }) => [r.seq, r.title])).toEqual([[1, '厉行节约、反对浪费——重要论述摘编'], [2, '党章'], [3, '党的十八大报告']]);

    for (const ids of [[c.id, a.id], [c.id, a.id, b.id, b.id], [c.id, a.id, 'no-such-reading']]) {
      const res = await post('office', '/api/study/readings/reorder', { campaignId, ids });
      expect([res.statusCode, res.json().error.code], JSON.stringify(ids)).toEqual([422, 'study_reading_order']);
    }
    expect(await titles()).toEqual(['厉行节约、反对浪费——重要论述摘编', '党章', '党的十八大报告']);

    const deleted = await t.as('office', { method: 'DELETE', url: `/api/study/readings/${a.id}` });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().items.map((r: { title: string }) => r.title)).toEqual(['厉行节约、反对浪费——重要论述摘编', '党的十八大报告']);
    expect((await t.as('office', { method: 'DELETE', url: `/api/study/readings/${a.id}` })).statusCode).toBe(404);
    expect((await audit()).map((e) => e.action)).toEqual(['reading.create', 'reading.create', 'reading.create', 'reading.update', 'reading.update', 'reading.reorder', 'reading.delete']);
    expect((await audit()).at(-1)!.summary).toBe('从“红旗村群众路线教育实践活动”的必学书目中删除“党章”');
  });

  it('refuses to delete a reading that a study session covered', async () => {
    const r = await add('为民务实清廉——重要论述摘编');
    // The meetings module records sessions; here one is inserted directly.
    const meetingId = newId();
    const now = '2026-03-01T08:00:00.000Z';
    await t.deps.db.insertInto('meetings').values({
      id: meetingId, campaign_id: campaignId, org_id: t.tree.orgs.own.id, kind: 'study', title: '第一次集中学习', agenda: '', place: '村委会', day: '2026-02-20',
      start_time: '09:00', minutes_long: 120, host_person_id: null, minutes: '学习了重要论述', held: 1, signin_hash: null, created_by: null, created_at: now, updated_at: now,
    }).execute();
    await t.deps.db.insertInto('meeting_readings').values({ meeting_id: meetingId, reading_id: r.id }).execute();

    expect((await get('cadre', `/api/study/readings?campaignId=${campaignId}`)).json().items[0].sessions).toBe(1);
    const res = await t.as('office', { method: 'DELETE', url: `/api/study/readings/${r.id}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'study_reading_used', message: '“为民务实清廉——重要论述摘编”已在 1 次集中学习中学过，不能删除' });
    expect(await titles()).toEqual(['为民务实清廉——重要论述摘编']);
    // Still editable.
    expect((await t.as('office', { method: 'PATCH', url: `/api/study/readings/${r.id}`, payload: { note: '第一章' } })).statusCode).toBe(200);
  });

  it('keeps a PDF or Word file told by its bytes, replaces and removes it; readers download it', async () => {
    const r = await add('党的群众路线教育实践活动学习文件选编');
    const pdf = await upload('office', r.id, tinyPdf, { name: 'C:\\文件\\选编.pdf', type: 'application/pdf' });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.json().file).toEqual({ name: '选编.pdf', mime: 'application/pdf', size: tinyPdf.length });
    const down = await get('cadre', `/api/study/readings/${r.id}/file`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toBe(`attachment; filename="reading.pdf"; filename*=UTF-8''${encodeURIComponent('选编.pdf')}`);
    expect(down.rawPayload.equals(tinyPdf)).toBe(true);

    // A Word file sent as a PDF by name is kept as the Word file it is.
    const docx = await minimalDocx('学习文件选编', ['第一篇']);
    const word = await upload('office', r.id, docx, { name: '选编.pdf' });
    expect(word.json().file).toEqual({ name: '选编.docx', mime: DOCX_MIME, size: docx.length });
    expect((await get('inspector', `/api/study/readings/${r.id}/file`)).rawPayload.equals(docx)).toBe(true);

    // Wrong types: nothing changes.
    for (const bad of [Buffer.from('not a pdf'), await tinyXlsx(), Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(0)]) {
      const res = await upload('office', r.id, bad, { type: 'application/pdf' });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'study_reading_file_type']);
    }
    expect((await get('office', `/api/study/readings?campaignId=${campaignId}`)).json().items[0].file.mime).toBe(DOCX_MIME);
    // Only the office uploads.
    expect((await upload('secretary', r.id, tinyPdf)).statusCode).toBe(403);

    const removed = await t.as('office', { method: 'DELETE', url: `/api/study/readings/${r.id}/file` });
    expect(removed.json().file).toBeNull();
    expect((await get('cadre', `/api/study/readings/${r.id}/file`)).statusCode).toBe(404);
    expect((await t.as('office', { method: 'DELETE', url: `/api/study/readings/${r.id}/file` })).statusCode).toBe(404);
    expect((await audit()).map((e) => e.summary).slice(1)).toEqual([
      '上传必学书目“党的群众路线教育实践活动学习文件选编”的文件“选编.pdf”（1 KB）',
      `替换必学书目“党的群众路线教育实践活动学习文件选编”的文件“选编.docx”（${Math.max(1, Math.round(docx.length / 1024))} KB）`,
      '删除必学书目“党的群众路线教育实践活动学习文件选编”的文件“选编.docx”',
    ]);
  });

  it('follows the campaign: its office keeps the list, a campaign above is read only, one out of sight is 404', async () => {
    // The township's campaign, above the office's own org: read, not kept.
    const above = await post('admin', '/api/campaigns', { orgId: t.tree.orgs.root.id, title: '示范镇群众路线教育实践活动', phases: PHASES });
    const aboveId = above.json().id;
    const onAbove = await post('admin', '/api/study/readings', { campaignId: aboveId, title: '党章', kind: 'book' });
    expect(onAbove.statusCode).toBe(201);
    expect((await get('office', `/api/study/readings?campaignId=${aboveId}`)).json()).toMatchObject({ abilities: [], items: [{ title: '党章' }] });
    expect((await post('office', '/api/study/readings', { campaignId: aboveId, title: '十八大报告', kind: 'document' })).statusCode).toBe(403);
    expect((await t.as('office', { method: 'PATCH', url: `/api/study/readings/${onAbove.json().id}`, payload: { title: '改' } })).statusCode).toBe(403);
    // A sibling's campaign is out of sight.
    const beside = await post('admin', '/api/campaigns', { orgId: t.tree.orgs.sibling.id, title: '青山村的活动', phases: PHASES });
    const besideReading = await post('admin', '/api/study/readings', { campaignId: beside.json().id, title: '党章', kind: 'book' });
    await upload('admin', besideReading.json().id, tinyPdf);
    expect((await get('office', `/api/study/readings?campaignId=${beside.json().id}`)).statusCode).toBe(404);
    expect((await get('cadre', `/api/study/readings/${besideReading.json().id}/file`)).statusCode).toBe(404);
    expect((await post('office', '/api/study/readings', { campaignId: beside.json().id, title: '党章', kind: 'book' })).statusCode).toBe(404);
    expect((await t.as('office', { method: 'DELETE', url: `/api/study/readings/${besideReading.json().id}` })).statusCode).toBe(404);
    // Secretaries and cadres read their own campaign's list but do not keep it.
    expect((await post('secretary', '/api/study/readings', { campaignId, title: '党章', kind: 'book' })).statusCode).toBe(403);
    expect((await get('admin', `/api/study/readings?campaignId=no-such-campaign`)).statusCode).toBe(404);
  });
});
