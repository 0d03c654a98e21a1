import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertOrg, type TestApp } from '../../../test/factories.js';
import { minimalDocx, tinyPdf, tinyXlsx } from '../../../test/documents.js';
import { DOCX_MIME } from '../../kernel/attachments.js';
import { regulationsByProblem } from './index.js';

const inspector = [{ type: 'inspector', note: '督导组发现' }];

describe('建章立制: the register of rules made because of problems', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const problem = async (title: string, orgId = t.tree.orgs.own.id) => {
    const res = await post('admin', '/api/problems', { title, category: 'service', ownerOrgId: orgId, sources: inspector });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const create = async (who: string, body: object) => {
    const res = await post(who, '/api/regulations', { orgId: t.tree.orgs.own.id, type: 'new', effectiveDay: '2026-03-01', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const upload = (who: string, id: string, body: Buffer, opts: { name?: string; type?: string } = {}) =>
    t.as(who, {
      method: 'POST', url: `/api/regulations/${id}/document${opts.name ? `?name=${encodeURIComponent(opts.name)}` : ''}`,
      payload: body, headers: { 'content-type': opts.type ?? 'application/octet-stream' },
    });
  const audit = async () => (await t.deps.db.selectFrom('audit_log').select(['action', 'summary', 'org_path']).where('entity_type', '=', 'regulation').orderBy('seq').execute());
  const count = async (table: 'regulations' | 'regulation_problems') => Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('registers a rule with the problems it answers, shows it and audits it', async () => {
    const desk = await problem('便民服务大厅午间无人值班');
    const res = await post('secretary', '/api/regulations', {
      title: ' 便民服务大厅午间轮流值班制度 ', orgId: t.tree.orgs.own.id, type: 'new', effectiveDay: '2026-03-05', summary: '工作日中午轮流值班', problemIds: [desk],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String), title: '便民服务大厅午间轮流值班制度', org: { id: t.tree.orgs.own.id, name: '红旗村党支部' }, type: 'new', effectiveDay: '2026-03-05',
      summary: '工作日中午轮流值班', document: null, problemCount: 1, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-01T08:00:00.000Z',
      abilities: ['regulation.manage'],
      problems: [{ id: desk, title: '便民服务大厅午间无人值班', status: 'open', ownerOrg: { id: t.tree.orgs.own.id, name: '红旗村党支部' } }],
      hiddenProblems: 0,
    });
    const id = res.json().id;
    // Readers see it without the ability to change it.
    const asCadre = await get('cadre', `/api/regulations/${id}`);
    expect(asCadre.statusCode).toBe(200);
    expect(asCadre.json()).toMatchObject({ abilities: [], problems: [], hiddenProblems: 1 });
    expect((await get('inspector', `/api/regulations/${id}`)).json()).toMatchObject({ abilities: [], problems: [{ id: desk }], hiddenProblems: 0 });
    expect(await audit()).toEqual([{
      action: 'regulation.create', org_path: t.tree.orgs.own.path,
      summary: '登记制度“便民服务大厅午间轮流值班制度”（新建，2026-03-05 起施行，针对问题“便民服务大厅午间无人值班”）',
    }]);
    // The end of the problem's trail.
    expect(await regulationsByProblem(t.deps.db, [desk, desk, 'nothing'])).toEqual([{
      problemId: desk, orgPath: t.tree.orgs.own.path,
      regulation: { id, title: '便民服务大厅午间轮流值班制度', type: 'new', effectiveDay: '2026-03-05', org: { id: t.tree.orgs.own.id, name: '红旗村党支部' }, hasDocument: false },
    }]);
  });

  it('lists newest in force first, keyset-paged, filtered by org subtree, type, dates and keyword', async () => {
    const made = [
      await create('office', { title: '村务公开制度', effectiveDay: '2026-01-10', summary: '每季度公开账目' }),
      await create('office', { title: '会议精简办法', type: 'revised', effectiveDay: '2026-02-01' }),
      await create('office', { title: '村道管护责任制', orgId: t.tree.orgs.child.id, effectiveDay: '2026-02-20' }),
      await create('office', { title: '值班制度', effectiveDay: '2026-02-20' }),
      await create('admin', { title: '公车使用登记制度', orgId: t.tree.orgs.root.id, effectiveDay: '2026-03-01' }),
    ];
    const ids = (items: { id: string }[]) => items.map((x) => x.id);
    // Newest first; on the same day, by id descending.
    const sameDay = [made[2].id, made[3].id].sort().reverse();
    const all = [made[4].id, ...sameDay, made[1].id, made[0].id];
    expect(ids((await get('admin', '/api/regulations?limit=100')).json().items)).toEqual(all);
    // Walk in pages of two.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get('admin', `/api/regulations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all);
    // The secretary of `own` reads its subtree, not the township's rule above it.
    expect(ids((await get('secretary', '/api/regulations')).json().items)).toEqual(all.slice(1));
    expect(ids((await get('office', `/api/regulations?orgId=${t.tree.orgs.child.id}`)).json().items)).toEqual([made[2].id]);
    expect(ids((await get('office', '/api/regulations?type=revised')).json().items)).toEqual([made[1].id]);
    expect(ids((await get('office', '/api/regulations?from=2026-02-01&to=2026-02-20')).json().items)).toEqual([...sameDay, made[1].id]);
    expect(ids((await get('office', `/api/regulations?q=${encodeURIComponent('账目')}`)).json().items)).toEqual([made[0].id]);
    expect(ids((await get('office', `/api/regulations?q=${encodeURIComponent('制度')}&type=new&to=2026-02-19`)).json().items)).toEqual([made[0].id]);
    // A filter org above the secretary's own narrows nothing beyond their part; one beside it is 404.
    expect(ids((await get('secretary', `/api/regulations?orgId=${t.tree.orgs.root.id}`)).json().items)).toEqual(all.slice(1));
    expect((await get('secretary', `/api/regulations?orgId=${t.tree.orgs.sibling.id}`)).statusCode).toBe(404);
    expect((await get('office', '/api/regulations?orgId=no-such-org')).statusCode).toBe(404);
    expect((await get('office', '/api/regulations?cursor=garbage')).json().error.code).toBe('validation_failed');
    expect((await get('office', '/api/regulations?type=abolished')).json().error.code).toBe('validation_failed');
  });

  it('is changed by those who manage it, every change audited', async () => {
    const r = await create('secretary', { title: '值班制度' });
    const patch = (who: string, payload: object) => t.as(who, { method: 'PATCH', url: `/api/regulations/${r.id}`, payload });
    const res = await patch('secretary', { title: '午间值班制度', type: 'revised', effectiveDay: '2026-04-01', orgId: t.tree.orgs.child.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: '午间值班制度', type: 'revised', effectiveDay: '2026-04-01', org: { id: t.tree.orgs.child.id } });
    expect((await get('office', `/api/regulations?q=${encodeURIComponent('午间')}`)).json().items).toHaveLength(1);
    // Nothing changed, nothing audited.
    expect((await patch('secretary', { title: '午间值班制度' })).statusCode).toBe(200);
    // Not to an archived org, nor to one beside the secretary's.
    const closed = await insertOrg(t.deps, '已撤并村', t.tree.orgs.own);
    await t.deps.db.updateTable('orgs').set({ archived_at: '2026-02-01T00:00:00.000Z' }).where('id', '=', closed.id).execute();
    expect((await patch('secretary', { orgId: closed.id })).json().error.code).toBe('org_archived');
    expect((await patch('secretary', { orgId: t.tree.orgs.sibling.id })).statusCode).toBe(404);
    expect((await patch('cadre', { title: '改' })).statusCode).toBe(403);
    expect((await patch('inspector', { title: '改' })).statusCode).toBe(403);
    expect((await get('office', `/api/regulations/${r.id}`)).json()).toMatchObject({ title: '午间值班制度', org: { id: t.tree.orgs.child.id } });
    expect((await audit()).map((a) => [a.action, a.summary])).toEqual([
      ['regulation.create', '登记制度“值班制度”（新建，2026-03-01 起施行）'],
      ['regulation.update', '修改制度“午间值班制度”（名称、制定单位、类型、施行日期）'],
    ]);
  });

  it('links only problems the caller may read, never twice, and unlinks them', async () => {
    const own = await problem('午间无人值班');
    const child = await problem('小组会议多', t.tree.orgs.child.id);
    const sibling = await problem('青山村的问题', t.tree.orgs.sibling.id);
    const r = await create('secretary', { title: '值班制度', problemIds: [own] });
    const link = (who: string, problemIds: string[]) => post(who, `/api/regulations/${r.id}/problems`, { problemIds });

    const twice = await link('secretary', [own]);
    expect([twice.statusCode, twice.json().error]).toEqual([409, { code: 'regulation_problem_linked', message: '该问题已关联到这项制度，不能重复关联' }]);
    const sameTwice = await link('secretary', [child, child]);
    expect([sameTwice.statusCode, sameTwice.json().error.code]).toEqual([409, 'regulation_problem_linked']);
    // One out of reach spoils the request: nothing of it is stored.
    const outside = await t.as('secretary', { method: 'POST', url: `/api/regulations/${r.id}/problems`, payload: { problemIds: [child, sibling] }, headers: { 'accept-language': 'en' } });
    expect([outside.statusCode, outside.json().error]).toEqual([422, { code: 'regulation_problem_unreachable', message: 'The chosen problem does not exist or is out of your reach, so it cannot be linked' }]);
    expect((await link('secretary', ['no-such-problem'])).json().error.code).toBe('regulation_problem_unreachable');
    expect(await count('regulation_problems')).toBe(1);
    // Creating with one out of reach stores no rule at all.
    const refused = await post('secretary', '/api/regulations', { title: '另一项制度', orgId: t.tree.orgs.own.id, type: 'new', effectiveDay: '2026-03-01', problemIds: [sibling] });
    expect(refused.json().error.code).toBe('regulation_problem_unreachable');
    expect(await count('regulations')).toBe(1);

    const linked = await link('secretary', [child]);
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().problems.map((p: { id: string }) => p.id)).toEqual([own, child]);
    expect(linked.json().problemCount).toBe(2);
    // An admin may link the sibling's problem: the secretary then sees it counted, not named.
    expect((await link('admin', [sibling])).statusCode).toBe(200);
    expect((await get('secretary', `/api/regulations/${r.id}`)).json()).toMatchObject({ problemCount: 3, hiddenProblems: 1 });
    expect((await t.as('secretary', { method: 'DELETE', url: `/api/regulations/${r.id}/problems/${sibling}` })).statusCode).toBe(404);

    const unlinked = await t.as('secretary', { method: 'DELETE', url: `/api/regulations/${r.id}/problems/${own}` });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().problems.map((p: { id: string }) => p.id)).toEqual([child]);
    expect((await t.as('secretary', { method: 'DELETE', url: `/api/regulations/${r.id}/problems/${own}` })).statusCode).toBe(404);
    expect((await t.as('cadre', { method: 'DELETE', url: `/api/regulations/${r.id}/problems/${child}` })).statusCode).toBe(403);
    expect((await audit()).map((a) => a.action)).toEqual(['regulation.create', 'regulation.link', 'regulation.link', 'regulation.unlink']);
    expect((await audit())[1].summary).toBe('制度“值班制度”关联问题“小组会议多”');
  });

  it('keeps a PDF or Word document, known by its content, and hands it back', async () => {
    const r = await create('secretary', { title: '值班制度' });
    const none = await get('cadre', `/api/regulations/${r.id}/document`);
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'not_found']);

    const docx = await minimalDocx('值班制度', ['第一条　工作日中午轮流值班。']);
    // Whatever name the client gives, the extension follows the content.
    const up = await upload('secretary', r.id, docx, { name: 'C:\\文件\\值班制度（定稿）.doc' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().document).toEqual({ name: '值班制度（定稿）.docx', mime: DOCX_MIME, size: docx.length });
    const down = await get('cadre', `/api/regulations/${r.id}/document`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe(DOCX_MIME);
    expect(down.headers['content-disposition']).toBe(`attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent('值班制度（定稿）.docx')}`);
    expect(down.rawPayload.equals(docx)).toBe(true);

    // Replaced by a PDF sent with its own content type.
    const pdf = await upload('office', r.id, tinyPdf, { type: 'application/pdf' });
    expect(pdf.json().document).toEqual({ name: '值班制度.pdf', mime: 'application/pdf', size: tinyPdf.length });
    expect((await get('inspector', `/api/regulations/${r.id}/document`)).rawPayload.equals(tinyPdf)).toBe(true);

    // Fakes and strangers change nothing.
    const fake = await upload('secretary', r.id, Buffer.from('not a pdf at all'), { name: '制度.pdf', type: 'application/pdf' });
    expect([fake.statusCode, fake.json().error]).toEqual([422, { code: 'regulation_document_type', message: '制度文件只能是 PDF 或 Word（.docx）文件' }]);
    expect((await upload('secretary', r.id, await tinyXlsx(), { name: '制度.docx', type: DOCX_MIME })).json().error.code).toBe('regulation_document_type');
    expect((await upload('secretary', r.id, Buffer.alloc(0))).json().error.code).toBe('regulation_document_type');
    const big = await upload('secretary', r.id, Buffer.concat([tinyPdf, Buffer.alloc(10 * 1024 * 1024)]));
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'body_too_large']);
    expect((await upload('cadre', r.id, docx)).statusCode).toBe(403);
    expect((await upload('secretary', 'no-such-rule', docx)).statusCode).toBe(404);
    expect((await get('office', `/api/regulations/${r.id}`)).json().document).toEqual({ name: '值班制度.pdf', mime: 'application/pdf', size: tinyPdf.length });
    expect((await audit()).map((a) => a.summary)).toEqual([
      '登记制度“值班制度”（新建，2026-03-01 起施行）',
      '上传制度“值班制度”的文件“值班制度（定稿）.docx”（1 KB）',
      '替换制度“值班制度”的文件“值班制度.pdf”（1 KB）',
    ]);
    expect((await regulationsByProblem(t.deps.db, []))).toEqual([]);
  });

  it('exports the filtered register to .xlsx, naming only the problems the reader may read', async () => {
    const own = await problem('午间无人值班');
    const sibling = await problem('青山村的问题', t.tree.orgs.sibling.id);
    await create('admin', { title: '值班制度', summary: '轮流值班', problemIds: [own, sibling] });
    await create('office', { title: '会议精简办法', type: 'revised', effectiveDay: '2026-02-01' });
    await create('admin', { title: '青山村制度', orgId: t.tree.orgs.sibling.id });
    const res = await get('secretary', `/api/regulations.xlsx?q=${encodeURIComponent('制度')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('建章立制.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['序号', '制度名称', '制定单位', '类型', '施行日期', '内容摘要', '针对的问题', '问题数', '制度文件', '登记时间'],
      [1, '值班制度', '红旗村党支部', '新建', '2026-03-01', '轮流值班', '午间无人值班（待整改）', 2, undefined, '2026-03-01 08:00'],
    ]);
    expect((await get('office', '/api/regulations.xlsx?orgId=no-such-org')).statusCode).toBe(404);
    expect((await get('surveyor', '/api/regulations')).json().items).toEqual([]);
  });

  it('refuses bad input with nothing stored', async () => {
    const closed = await insertOrg(t.deps, '已撤并村', t.tree.orgs.own);
    await t.deps.db.updateTable('orgs').set({ archived_at: '2026-02-01T00:00:00.000Z' }).where('id', '=', closed.id).execute();
    const body = { title: '制度', orgId: t.tree.orgs.own.id, type: 'new', effectiveDay: '2026-03-01' };
    const cases: [object, number, string, string[]?][] = [
      [{ ...body, title: '  ' }, 422, 'validation_failed', ['title']],
      [{ ...body, title: '制'.repeat(300) }, 422, 'validation_failed', ['title']],
      [{ ...body, orgId: 'no-such-org' }, 404, 'not_found'],
      [{ ...body, orgId: closed.id }, 409, 'org_archived'],
      [{ ...body, type: 'abolished' }, 422, 'validation_failed', ['type']],
      [{ ...body, effectiveDay: '2026-02-30' }, 422, 'validation_failed', ['effectiveDay']],
      [{ ...body, effectiveDay: '2026/03/01' }, 422, 'validation_failed', ['effectiveDay']],
      [{ ...body, problemIds: ['x', 'x'] }, 409, 'regulation_problem_linked'],
    ];
    for (const [payload, status, code, paths] of cases) {
      const res = await post('secretary', '/api/regulations', payload);
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload).slice(0, 80)).toEqual([status, code]);
      if (paths) expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    }
    expect(await count('regulations')).toBe(0);
    expect(await audit()).toEqual([]);
  });
});
