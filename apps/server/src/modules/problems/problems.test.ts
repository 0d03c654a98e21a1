import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeps } from '../../bootstrap.js';
import { loadConfig } from '../../kernel/config.js';
import { createTestApp, insertPerson, type TestApp } from '../../../test/factories.js';
import { insertOpinion, insertResponse, openForm } from '../../../test/problems.js';
import { problemsBySource, seedRules } from './index.js';

const DAY = 86_400_000;

describe('problem registry', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedRules(t.deps);
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const counters = async (orgId: string) => Object.fromEntries(
    (await t.deps.db.selectFrom('org_counts').select(['metric', 'count']).where('org_id', '=', orgId).execute()).filter((r) => Number(r.count) !== 0).map((r) => [r.metric, Number(r.count)]),
  );
  const create = async (who: string, body: object) => {
    const res = await post(who, '/api/problems', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  describe('rule catalogue', () => {
    it('is seeded when the server opens its database, and only once', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'massline-rules-'));
      try {
        for (let i = 0; i < 2; i++) {
          const deps = await openDeps(loadConfig({ DATA_DIR: dir, MASSLINE_DEMO: '0' }));
          expect(await deps.db.selectFrom('rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 28 });
          await deps.handle.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is seeded once with the documents of the source, each followed by its clauses', async () => {
      expect(await seedRules(t.deps)).toBe(0);
      const res = await get('cadre', '/api/rules');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { id: string; parentId: string | null; title: string; code: string }[];
      const parents = items.filter((r) => r.parentId === null).map((r) => r.title);
      expect(parents).toEqual(['《党政机关厉行节约反对浪费条例》', '政治纪律“八严禁”', '生活作风“十二不准”', '“四风”问题']);
      const childrenOf = (title: string) => items.filter((r) => r.parentId === items.find((p) => p.title === title)!.id).map((r) => r.title);
      expect(childrenOf('政治纪律“八严禁”')).toHaveLength(8);
      expect(childrenOf('生活作风“十二不准”')).toEqual(['第一条', '第二条', '第三条', '第四条', '第五条', '第六条', '第七条', '第八条', '第九条', '第十条', '第十一条', '第十二条']);
      expect(childrenOf('“四风”问题')).toEqual(['形式主义', '官僚主义', '享乐主义', '奢靡之风']);
      expect(childrenOf('《党政机关厉行节约反对浪费条例》')).toEqual([]);
      // Each clause follows its own parent in the list.
      const index = (title: string) => items.findIndex((r) => r.title === title);
      expect(index('形式主义')).toBe(index('“四风”问题') + 1);
      expect(items).toHaveLength(4 + 8 + 12 + 4);
    });

    it('is kept by the office: add a clause, edit it, archive it (never deleted)', async () => {
      const parent = 'seed-political';
      const added = await post('office', '/api/rules', { parentId: parent, title: '第九条', body: '补充条款' });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ parentId: parent, title: '第九条', body: '补充条款', archived: false, sortOrder: 90 });
      const id = added.json().id;
      expect((await t.as('office', { method: 'PATCH', url: `/api/rules/${id}`, payload: { body: '严禁……' } })).json().body).toBe('严禁……');
      const archived = await t.as('office', { method: 'PATCH', url: `/api/rules/${id}`, payload: { archived: true } });
      expect(archived.json().archived).toBe(true);
      expect((await get('office', '/api/rules')).json().items.map((r: { id: string }) => r.id)).not.toContain(id);
      expect((await get('office', '/api/rules?includeArchived=true')).json().items.map((r: { id: string }) => r.id)).toContain(id);
      // A clause of a clause: two levels only.
      const nested = await post('office', '/api/rules', { parentId: 'seed-political-1', title: '细则' });
      expect([nested.statusCode, nested.json().error.code]).toEqual([422, 'rule_parent_invalid']);
      for (const who of ['secretary', 'inspector', 'cadre']) expect((await post(who, '/api/rules', { parentId: null, title: '新制度' })).statusCode).toBe(403);
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'rule').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['rule.create', 'rule.update', 'rule.update']);
    });

    it('refuses a problem citing an archived or unknown rule', async () => {
      await t.as('office', { method: 'PATCH', url: '/api/rules/seed-frugality', payload: { archived: true } });
      for (const ruleId of ['seed-frugality', 'no-such-rule']) {
        const res = await post('office', '/api/problems', { title: '公车私用', category: 'extravagance', ruleId, ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '督导发现' }] });
        expect([res.statusCode, res.json().error.code]).toEqual([422, 'rule_invalid']);
      }
      expect(await t.deps.db.selectFrom('problems').select('id').execute()).toEqual([]);
    });
  });

  describe('problems from opinions', () => {
    it('turns opinions into one problem, counts it, and walks both ways', async () => {
      const own = t.tree.orgs.own.id;
      const child = t.tree.orgs.child.id;
      const o1 = await insertOpinion(t.deps, { orgId: own, content: '村里道路坑洼无人管', channel: 'visit', day: '2026-02-11' });
      const o2 = await insertOpinion(t.deps, { orgId: child, content: '下雨天道路积水，出行难', channel: 'forum' });
      const p = await create('secretary', {
        title: '村道年久失修无人管护', description: '多名群众反映村道坑洼、积水', category: 'livelihood', ruleId: 'seed-four-winds-bureaucratism',
        ownerOrgId: own, ownerPersonId: t.tree.users.cadre.personId, severity: 'serious', sources: [{ type: 'opinion', opinionId: o1 }],
      });
      expect(p).toMatchObject({
        title: '村道年久失修无人管护', category: 'livelihood', severity: 'serious', status: 'open', sourceCount: 1,
        rule: { id: 'seed-four-winds-bureaucratism', title: '官僚主义', parentTitle: '“四风”问题' },
        ownerOrg: { id: own }, ownerPerson: { id: t.tree.users.cadre.personId, name: 'cadre用户' }, abilities: ['problem.manage'],
      });
      expect(p.sources).toEqual([{
        id: expect.any(String), type: 'opinion', createdAt: '2026-03-01T08:00:00.000Z', excerpt: '村里道路坑洼无人管', answer: null,
        opinion: { id: o1, channel: 'visit', category: 'livelihood', day: '2026-02-11', content: '村里道路坑洼无人管', status: 'received', orgName: '红旗村党支部' },
      }]);

      // Merge a second opinion in.
      const more = await post('secretary', `/api/problems/${p.id}/sources`, { sources: [{ type: 'opinion', opinionId: o2 }, { type: 'inspector', note: '督导组实地查看属实' }] });
      expect(more.statusCode).toBe(200);
      expect(more.json().sources.map((s: { type: string }) => s.type)).toEqual(['opinion', 'opinion', 'inspector']);
      expect(more.json().sourceCount).toBe(3);

      // An opinion feeds one problem at most.
      const again = await post('office', '/api/problems', { title: '另一个问题', category: 'other', ownerOrgId: own, sources: [{ type: 'opinion', opinionId: o1 }] });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toEqual({ code: 'opinion_in_problem', message: '该意见已归入一个问题，一条意见只能归入一个问题' });
      const twice = await post('office', `/api/problems/${p.id}/sources`, { sources: [{ type: 'opinion', opinionId: o2 }] });
      expect(twice.json().error.code).toBe('opinion_in_problem');

      // The opinions' words find the problem, though its title says it otherwise.
      const found = await get('office', `/api/problems?q=${encodeURIComponent('道路')}`);
      expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([p.id]);
      expect((await get('office', `/api/problems?q=${encodeURIComponent('积水')}`)).json().items).toHaveLength(1);

      // Forward from the opinions.
      expect(await problemsBySource(t.deps.db, { opinionIds: [o1, o2, 'nothing'] })).toEqual([
        expect.objectContaining({ opinionId: o1, problemId: p.id, title: '村道年久失修无人管护', status: 'open', ownerOrgId: own }),
        expect.objectContaining({ opinionId: o2, problemId: p.id }),
      ]);

      // Counters, kept in the same transactions.
      expect(await counters(own)).toEqual({ problems: 1, 'problems.category.livelihood': 1, 'problems.status.open': 1, 'opinions.problem': 1 });
      expect(await counters(child)).toEqual({ 'opinions.problem': 1 });
      const counts = await get('office', `/api/problems/counts?orgId=${own}`);
      expect(counts.statusCode).toBe(200);
      expect(counts.json().items).toEqual([
        {
          orgId: own, orgName: '红旗村党支部', parentId: t.tree.orgs.root.id, problems: 1, opinionsToProblems: 1,
          byCategory: { formalism: 0, bureaucratism: 0, hedonism: 0, extravagance: 0, service: 0, livelihood: 1, other: 0 },
          byStatus: { open: 1, rectifying: 0, resolved: 0 },
          // The child's opinion that fed the problem counts in its parent's subtree.
          subtree: expect.objectContaining({ problems: 1, opinionsToProblems: 2, byStatus: { open: 1, rectifying: 0, resolved: 0 } }),
        },
        expect.objectContaining({ orgId: child, problems: 0, opinionsToProblems: 1, subtree: expect.objectContaining({ problems: 0, opinionsToProblems: 1 }) }),
      ]);


      // The audit log has every step.
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'org_path']).where('entity_type', '=', 'problem').orderBy('seq').execute();
      expect(audit).toEqual([{ action: 'problem.create', org_path: t.tree.orgs.own.path }, { action: 'problem.add_sources', org_path: t.tree.orgs.own.path }]);
    });

    it('moves the counters with status, category and owner', async () => {
      const own = t.tree.orgs.own.id;
      const child = t.tree.orgs.child.id;
      const p = await create('office', { title: '会议过多', category: 'formalism', ownerOrgId: own, sources: [{ type: 'inspector', note: '一周开会五次' }] });
      const status = await post('office', `/api/problems/${p.id}/status`, { status: 'rectifying', note: '已制定整改措施' });
      expect(status.statusCode).toBe(200);
      expect(status.json().status).toBe('rectifying');
      expect(await counters(own)).toEqual({ problems: 1, 'problems.category.formalism': 1, 'problems.status.rectifying': 1 });
      const moved = await t.as('office', { method: 'PATCH', url: `/api/problems/${p.id}`, payload: { ownerOrgId: child, category: 'bureaucratism', title: '文山会海' } });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ title: '文山会海', category: 'bureaucratism', ownerOrg: { id: child }, status: 'rectifying' });
      expect(await counters(own)).toEqual({});
      expect(await counters(child)).toEqual({ problems: 1, 'problems.category.bureaucratism': 1, 'problems.status.rectifying': 1 });
      await post('office', `/api/problems/${p.id}/status`, { status: 'resolved' });
      expect(await counters(child)).toEqual({ problems: 1, 'problems.category.bureaucratism': 1, 'problems.status.resolved': 1 });
      // Setting the same status again changes nothing.
      await post('office', `/api/problems/${p.id}/status`, { status: 'resolved' });
      expect(await counters(child)).toEqual({ problems: 1, 'problems.category.bureaucratism': 1, 'problems.status.resolved': 1 });
      expect((await t.deps.db.selectFrom('audit_log').select('summary').where('action', '=', 'problem.status').orderBy('seq').execute()).map((a) => a.summary))
        .toEqual(['问题“会议过多”：待整改 → 整改中（已制定整改措施）', '问题“文山会海”：整改中 → 已整改']);
    });

    it('checks the owner: an org in reach, not archived, and a person of that subtree', async () => {
      const own = t.tree.orgs.own.id;
      const base = { title: '问题', category: 'other', sources: [{ type: 'inspector', note: '发现' }] };
      const stranger = await insertPerson(t.deps, '外村人', [t.tree.orgs.sibling.id]);
      const notMember = await post('office', '/api/problems', { ...base, ownerOrgId: own, ownerPersonId: stranger });
      expect([notMember.statusCode, notMember.json().error.code]).toEqual([422, 'owner_person_not_member']);
      // A member of a child org may own a problem of the parent org.
      const ok = await post('office', '/api/problems', { ...base, ownerOrgId: own, ownerPersonId: t.tree.members.child });
      expect(ok.statusCode).toBe(201);
      const outside = await post('office', '/api/problems', { ...base, ownerOrgId: t.tree.orgs.sibling.id });
      expect([outside.statusCode, outside.json().error.code]).toEqual([404, 'not_found']);
      const noOwner = await post('office', '/api/problems', base);
      expect([noOwner.statusCode, noOwner.json().error.details]).toEqual([422, [{ path: 'ownerOrgId', message: expect.any(String) }]]);
      const noSources = await post('office', '/api/problems', { ...base, ownerOrgId: own, sources: [] });
      expect(noSources.json().error.details.map((d: { path: string }) => d.path)).toEqual(['sources']);
      await t.deps.db.updateTable('orgs').set({ archived_at: '2026-01-01T00:00:00Z' }).where('id', '=', t.tree.orgs.child.id).execute();
      const archived = await post('office', '/api/problems', { ...base, ownerOrgId: t.tree.orgs.child.id });
      expect([archived.statusCode, archived.json().error.code]).toEqual([409, 'org_archived']);
      expect(await t.deps.db.selectFrom('problems').select('id').execute()).toHaveLength(1);
    });

    it('refuses an opinion out of reach as if it did not exist, and stores nothing of a refused request', async () => {
      const own = t.tree.orgs.own.id;
      const mine = await insertOpinion(t.deps, { orgId: own, content: '低保评定不公开' });
      const theirs = await insertOpinion(t.deps, { orgId: t.tree.orgs.sibling.id, content: '青山村的意见' });
      const res = await post('secretary', '/api/problems', {
        title: '低保评定', category: 'livelihood', ownerOrgId: own, sources: [{ type: 'opinion', opinionId: mine }, { type: 'opinion', opinionId: theirs }],
      });
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'not_found']);
      const dup = await post('secretary', '/api/problems', { title: '低保评定', category: 'livelihood', ownerOrgId: own, sources: [{ type: 'opinion', opinionId: mine }, { type: 'opinion', opinionId: mine }] });
      expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'opinion_in_problem']);
      for (const table of ['problems', 'problem_sources', 'org_counts'] as const) expect(await t.deps.db.selectFrom(table).selectAll().execute()).toEqual([]);
    });
  });

  describe('finding problems', () => {
    const seedMany = async () => {
      const own = t.tree.orgs.own.id;
      const child = t.tree.orgs.child.id;
      const titles: { title: string; description: string; category: string; org: string }[] = [
        { title: '村里道路坑洼无人管', description: '', category: 'livelihood', org: own },
        { title: '办事要跑好几趟', description: '群众办低保要跑镇上三次', category: 'bureaucratism', org: child },
        { title: '会议多、文件多', description: '', category: 'formalism', org: own },
        { title: 'Wi-Fi 信号差', description: '村委会 WIFI 经常断', category: 'service', org: child },
        { title: '公款吃喝', description: '', category: 'extravagance', org: t.tree.orgs.sibling.id },
      ];
      const ids: string[] = [];
      for (const [i, p] of titles.entries()) {
        const created = await create('admin', { title: p.title, description: p.description, category: p.category, ownerOrgId: p.org, sources: [{ type: i === 1 ? 'criticism' : 'inspector', note: '记录' }] });
        ids.push(created.id);
        // One a day, from 03-01 (sessions would expire if the clock moved that far).
        await t.deps.db.updateTable('problems').set({ created_at: new Date(Date.parse('2026-03-01T08:00:00Z') + i * DAY).toISOString() }).where('id', '=', created.id).execute();
      }
      return ids;
    };

    it('filters by org subtree, category, status, severity, source type, days and keyword (Chinese substring)', async () => {
      const ids = await seedMany();
      const list = async (who: string, query: string) => {
        const res = await get(who, `/api/problems?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json().items.map((p: { id: string }) => ids.indexOf(p.id));
      };
      // Newest first; the secretary of `own` sees own and child, never the sibling's.
      expect(await list('secretary', '')).toEqual([3, 2, 1, 0]);
      expect(await list('admin', '')).toEqual([4, 3, 2, 1, 0]);
      expect(await list('inspector', `orgId=${t.tree.orgs.child.id}`)).toEqual([3, 1]);
      expect(await list('secretary', `orgId=${t.tree.orgs.sibling.id}`)).toEqual([]);
      expect(await list('office', 'category=formalism')).toEqual([2]);
      expect(await list('office', 'q=道路')).toEqual([0]);
      expect(await list('office', 'q=低保')).toEqual([1]);
      expect(await list('office', 'q=wifi')).toEqual([3]);
      expect(await list('office', 'q=50%25')).toEqual([]);
      expect(await list('office', 'sourceType=criticism')).toEqual([1]);
      // Created on 03-01, 03-02, 03-03, …
      expect(await list('office', 'from=2026-03-02&to=2026-03-03')).toEqual([2, 1]);
      await post('office', `/api/problems/${ids[2]}/status`, { status: 'rectifying' });
      await t.as('office', { method: 'PATCH', url: `/api/problems/${ids[0]}`, payload: { severity: 'serious' } });
      expect(await list('office', 'status=rectifying')).toEqual([2]);
      expect(await list('office', 'severity=serious')).toEqual([0]);
      expect(await list('office', 'status=open&severity=moderate')).toEqual([3, 1]);
      // The cadre owns none: nothing to see.
      expect(await list('cadre', '')).toEqual([]);
    });

    it('pages with a keyset cursor through every problem once', async () => {
      const ids = await seedMany();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get('admin', `/api/problems?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().items.map((p: { id: string }) => p.id));
        cursor = res.json().nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
      const bad = await get('admin', '/api/problems?cursor=not-a-cursor');
      expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'validation_failed']);
    });

    it('exports the filtered list to .xlsx', async () => {
      await seedMany();
      const res = await get('secretary', `/api/problems.xlsx?orgId=${t.tree.orgs.own.id}&q=会`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('问题清单.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      const rows = (wb.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
      expect(rows[0]).toEqual(['序号', '问题', '问题描述', '类别', '严重程度', '状态', '责任单位', '责任人', '违反的制度规定', '来源数', '登记时间']);
      expect(rows.slice(1).map((r) => [r[0], r[1], r[3], r[5], r[6]])).toEqual([
        [1, 'Wi-Fi 信号差', '服务群众不到位', '待整改', '红旗村第一党小组'],
        [2, '会议多、文件多', '形式主义', '待整改', '红旗村党支部'],
      ]);
      const unknown = await get('office', '/api/problems.xlsx?orgId=no-such-org');
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    });

    it('shows a cadre the problems they own, and nothing else', async () => {
      const mine = await create('office', { title: '接待群众态度生硬', category: 'service', ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, sources: [{ type: 'inspector', note: '群众反映' }] });
      const other = await create('office', { title: '别人的问题', category: 'other', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '记录' }] });
      expect((await get('cadre', '/api/problems')).json().items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
      const detail = await get('cadre', `/api/problems/${mine.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().abilities).toEqual([]);
      expect((await get('cadre', `/api/problems/${other.id}`)).statusCode).toBe(404);
      expect((await t.as('cadre', { method: 'PATCH', url: `/api/problems/${mine.id}`, payload: { title: '改掉' } })).statusCode).toBe(403);
      expect((await get('office', '/api/problems?mine=true')).json().items).toEqual([]);
      expect((await get('cadre', '/api/problems/counts')).statusCode).toBe(403);
    });
  });

  describe('problems from questionnaire answers', () => {
    it('raises a text answer in one click, pre-filled, and refuses the same answer twice', async () => {
      const formId = await openForm(t, { orgId: t.tree.orgs.root.id, kind: 'resident_survey', anonymous: true, who: 'admin', title: '群众问卷' });
      const responseId = await insertResponse(t.deps, { formId, orgId: t.tree.orgs.own.id, answers: { detail: '村里道路坑洼无人管，下雨天没法走', score: 4 } });
      const res = await post('secretary', '/api/problems/from-answer', { formId, responseId, question: 'detail' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        title: '您认为最需要解决的问题是什么：村里道路坑洼无人管，下雨天没法走', description: '村里道路坑洼无人管，下雨天没法走',
        category: 'other', severity: 'moderate', status: 'open', ownerOrg: { id: t.tree.orgs.own.id }, ownerPerson: null,
      });
      expect(res.json().sources).toEqual([{
        id: expect.any(String), type: 'response_text', createdAt: expect.any(String), excerpt: '', opinion: null,
        answer: {
          formId, formTitle: '群众问卷', formKind: 'resident_survey', anonymous: true, responseId, question: 'detail', questionLabel: '您认为最需要解决的问题是什么？',
          row: null, rowLabel: null, value: '村里道路坑洼无人管，下雨天没法走', subject: null,
        },
      }]);
      // An anonymous form's answer: the source names the form, the response and the question, nothing more.
      const stored = await t.deps.db.selectFrom('problem_sources').selectAll().execute();
      expect(stored).toEqual([{
        id: expect.any(String), problem_id: res.json().id, source_type: 'response_text', opinion_id: null, form_id: formId, response_id: responseId,
        question: 'detail', ref_id: null, excerpt: '', created_at: expect.any(String),
      }]);
      const again = await post('office', '/api/problems/from-answer', { formId, responseId, question: 'detail' });
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'answer_in_problem']);
      // Keyword search finds it by the answer's words.
      expect((await get('office', '/api/problems?q=道路')).json().items).toHaveLength(1);
    });

    it('raises a low rating, a matrix row graded 比较突出 and a 不满意 choice; refuses what is not a low mark', async () => {
      const formId = await openForm(t, { orgId: t.tree.orgs.own.id, kind: 'satisfaction', anonymous: true });
      const r = await insertResponse(t.deps, { formId, orgId: null, answers: { detail: '  ', score: 2, winds: { formalism: 'serious', bureaucratism: 'slight' }, sat: 'bad', when: '2026-02-01' } });
      const ok = await insertResponse(t.deps, { formId, orgId: null, answers: { score: 3, sat: 'fair' } });
      const raise = (body: object) => post('office', '/api/problems/from-answer', { formId, ...body });

      const rating = await raise({ responseId: r, question: 'score' });
      expect(rating.statusCode).toBe(201);
      expect(rating.json()).toMatchObject({ title: '服务群众评分：评分 2', ownerOrg: { id: t.tree.orgs.own.id } });
      expect(rating.json().sources[0]).toMatchObject({ type: 'response_rating', answer: { value: '2', question: 'score' } });

      const row = await raise({ responseId: r, question: 'winds', row: 'formalism', severity: 'serious' });
      expect(row.statusCode).toBe(201);
      expect(row.json()).toMatchObject({ title: '“四风”表现：形式主义：比较突出', category: 'formalism', severity: 'serious' });
      expect(row.json().sources[0].answer).toMatchObject({ row: 'formalism', rowLabel: '形式主义', value: '比较突出' });

      const choice = await raise({ responseId: r, question: 'sat', category: 'service', title: '群众对服务不满意' });
      expect(choice.statusCode).toBe(201);
      expect(choice.json()).toMatchObject({ title: '群众对服务不满意', category: 'service' });

      const refused = [
        { responseId: r, question: 'detail' }, // blank text
        { responseId: r, question: 'winds', row: 'bureaucratism' }, // 有所表现
        { responseId: r, question: 'winds' }, // no row
        { responseId: r, question: 'when' }, // a date
        { responseId: ok, question: 'score' }, // 3
        { responseId: ok, question: 'sat' }, // 基本满意
        { responseId: ok, question: 'detail' }, // not answered
      ];
      for (const body of refused) {
        const res = await raise(body);
        expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([422, 'answer_not_raisable']);
      }
      const en = await t.as('office', { method: 'POST', url: '/api/problems/from-answer', payload: { formId, responseId: ok, question: 'score' }, headers: { 'accept-language': 'en' } });
      expect(en.json().error.message).toMatch(/^Only a text answer or a low mark/);
      for (const body of [{ responseId: r, question: 'nope' }, { responseId: 'no-such-response', question: 'score' }, { responseId: r, question: 'winds', row: 'hedonism' }, { responseId: r, question: 'score', row: 'x' }]) {
        expect((await raise(body)).statusCode, JSON.stringify(body)).toBe(404);
      }
      expect(await t.deps.db.selectFrom('problems').select('id').execute()).toHaveLength(3);
    });

    it('raises self- and mutual-inspection findings owned by the person they are about', async () => {
      const own = t.tree.orgs.own.id;
      const cadre = t.tree.users.cadre.personId;
      const selfForm = await openForm(t, { orgId: own, kind: 'self_check', anonymous: false, title: '个人自查' });
      const mutualForm = await openForm(t, { orgId: own, kind: 'mutual_check', anonymous: false, title: '相互查摆' });
      const selfResponse = await insertResponse(t.deps, { formId: selfForm, orgId: own, subjectId: cadre, respondentId: cadre, answers: { detail: '下村调研次数少' } });
      const mutualResponse = await insertResponse(t.deps, { formId: mutualForm, orgId: own, subjectId: cadre, respondentId: t.tree.users.secretary.personId, answers: { winds: { bureaucratism: 'serious' } } });

      const self = await post('office', '/api/problems/from-answer', { formId: selfForm, responseId: selfResponse, question: 'detail' });
      expect(self.statusCode).toBe(201);
      expect(self.json()).toMatchObject({ ownerOrg: { id: own }, ownerPerson: { id: cadre } });
      expect(self.json().sources[0]).toMatchObject({ type: 'self_check', excerpt: '下村调研次数少', answer: { formKind: 'self_check', anonymous: false, subject: { id: cadre, name: 'cadre用户' } } });
      // Nothing in the trail names who answered.
      expect(JSON.stringify(self.json())).not.toContain('respondent');

      const mutual = await post('secretary', '/api/problems/from-answer', { formId: mutualForm, responseId: mutualResponse, question: 'winds', row: 'bureaucratism' });
      expect(mutual.statusCode).toBe(201);
      expect(mutual.json()).toMatchObject({ category: 'bureaucratism', ownerPerson: { id: cadre } });
      expect(mutual.json().sources[0].type).toBe('mutual_check');
      expect(await t.deps.db.selectFrom('problem_sources').select('excerpt').orderBy('created_at').orderBy('id').execute()).toEqual([{ excerpt: '下村调研次数少' }, { excerpt: '比较突出' }]);

      // The cadre now owns both and reads them.
      expect((await get('cadre', '/api/problems?mine=true')).json().items).toHaveLength(2);
      // The same answers given as sources of a hand-made problem: one problem per answer.
      const dup = await post('office', '/api/problems', { title: '重复', category: 'other', ownerOrgId: own, sources: [{ type: 'self_check', formId: selfForm, responseId: selfResponse, question: 'detail' }] });
      expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'answer_in_problem']);
    });

    it('takes answers as sources of a hand-made problem, storing the kind the form says', async () => {
      const own = t.tree.orgs.own.id;
      const formId = await openForm(t, { orgId: own, kind: 'resident_survey', anonymous: false, distribution: 'named' });
      const responseId = await insertResponse(t.deps, { formId, orgId: own, answers: { detail: '垃圾清运不及时', score: 1 } });
      const res = await post('office', '/api/problems', {
        title: '垃圾清运不及时', category: 'livelihood', ownerOrgId: own,
        sources: [{ type: 'response_rating', formId, responseId, question: 'detail' }, { type: 'response_text', formId, responseId, question: 'score' }],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().sources.map((s: { type: string; excerpt: string }) => [s.type, s.excerpt])).toEqual([['response_text', '垃圾清运不及时'], ['response_rating', '1']]);
    });

    it('keeps answers from outside the caller\'s reach out of sight', async () => {
      // A township form answered in the sibling village: the secretary of `own` reads the form, not that answer.
      const formId = await openForm(t, { orgId: t.tree.orgs.root.id, kind: 'resident_survey', anonymous: true, who: 'admin' });
      const theirs = await insertResponse(t.deps, { formId, orgId: t.tree.orgs.sibling.id, answers: { detail: '青山村的意见' } });
      const open = await insertResponse(t.deps, { formId, orgId: null, answers: { detail: '没有组织的回答' } });
      for (const responseId of [theirs, open]) {
        const res = await post('secretary', '/api/problems/from-answer', { formId, responseId, question: 'detail' });
        expect([res.statusCode, res.json().error.code]).toEqual([404, 'not_found']);
      }
      // Unless an org in reach is named as owner? No: the answer itself is out of reach.
      const named = await post('secretary', '/api/problems/from-answer', { formId, responseId: theirs, question: 'detail', ownerOrgId: t.tree.orgs.own.id });
      expect(named.statusCode).toBe(404);
      const otherTree = await openForm(t, { orgId: t.tree.orgs.other.id, kind: 'resident_survey', anonymous: true, who: 'admin' });
      const far = await insertResponse(t.deps, { formId: otherTree, orgId: t.tree.orgs.other.id, answers: { detail: '远处' } });
      expect((await post('office', '/api/problems/from-answer', { formId: otherTree, responseId: far, question: 'detail' })).statusCode).toBe(404);
    });
  });
});
