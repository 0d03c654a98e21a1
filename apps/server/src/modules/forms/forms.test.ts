import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { CODE_ALPHABET } from './codes.js';

const grades = [{ value: 'good', label: '满意' }, { value: 'fair', label: '基本满意' }, { value: 'bad', label: '不满意' }, { value: 'unknown', label: '不了解' }];
const ballotDefinition = {
  sections: [{
    key: 'ballot',
    title: '民主测评',
    questions: [
      { key: 'team', type: 'single', label: '领导班子整体', required: true, options: grades },
      { key: 'wang', type: 'single', label: '王德明', required: true, options: grades },
      { key: 'advice', type: 'text', label: '意见建议' },
    ],
  }],
};

describe('forms and ballots', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const createBallot = async (distribution: 'codes' | 'open' = 'codes') => {
    const res = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'evaluation', title: '2026 年民主测评', anonymous: true, distribution, definition: ballotDefinition } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const openWithCodes = async (count: number) => {
    const id = await createBallot();
    expect((await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} })).json().status).toBe('open');
    const codes = (await t.as('office', { method: 'POST', url: `/api/forms/${id}/codes`, payload: { orgId: t.tree.orgs.child.id, count } })).json().codes as string[];
    return { id, codes };
  };
  const vote = (id: string, code: string, key: string, answers: object = { team: 'good', wang: 'fair' }, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/public/forms/${id}/responses`, headers: { host: 'massline.test', origin: 'http://massline.test', ...headers }, payload: { answers, code, idempotencyKey: key } });
  const turnout = async (id: string) => (await t.as('office', { method: 'GET', url: `/api/forms/${id}/turnout` })).json().items;

  it('lets a secretary below a township-wide ballot see it, hand out its codes in their branch and follow their turnout', async () => {
    const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.root.id, kind: 'evaluation', title: '全镇测评', anonymous: true, distribution: 'codes', definition: ballotDefinition } });
    // The office granted on 'own' cannot create at the root; an admin can.
    expect(created.statusCode).toBe(403);
    const byAdmin = await t.as('admin', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.root.id, kind: 'evaluation', title: '全镇测评', anonymous: true, distribution: 'codes', definition: ballotDefinition } });
    const id = byAdmin.json().id;
    await t.as('admin', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} });
    await t.as('admin', { method: 'POST', url: `/api/forms/${id}/codes`, payload: { orgId: t.tree.orgs.sibling.id, count: 2 } });
    const list = (await t.as('secretary', { method: 'GET', url: '/api/forms' })).json().items;
    expect(list.map((f: { id: string }) => f.id)).toContain(id);
    expect((await t.as('secretary', { method: 'GET', url: `/api/forms/${id}` })).statusCode).toBe(200);
    expect((await t.as('secretary', { method: 'POST', url: `/api/forms/${id}/codes`, payload: { orgId: t.tree.orgs.own.id, count: 3 } })).statusCode).toBe(201);
    expect((await t.as('secretary', { method: 'POST', url: `/api/forms/${id}/codes`, payload: { orgId: t.tree.orgs.sibling.id, count: 3 } })).statusCode).toBe(403);
    // Turnout shows their branch, not the sibling village's.
    expect((await t.as('secretary', { method: 'GET', url: `/api/forms/${id}/turnout` })).json().items.map((i: { orgId: string }) => i.orgId)).toEqual([t.tree.orgs.own.id]);
    // Still nothing of another township, and a surveyor sees no forms at all.
    expect((await t.as('surveyor', { method: 'GET', url: `/api/forms/${id}` })).statusCode).toBe(404);
    expect((await t.as('surveyor', { method: 'GET', url: '/api/forms' })).json().items).toEqual([]);
  });

  it('offers a ballot for the team alone when no cadres are named', async () => {
    const res = await t.as('office', { method: 'GET', url: '/api/forms/templates' });
    expect(res.statusCode).toBe(200);
    const ballot = res.json().items.find((i: { key: string }) => i.key === 'evaluation');
    expect(ballot.definition.sections[0].questions[0].rows).toHaveLength(1);
  });

  it('edits a draft, then after opening only closes, reopens or copies', async () => {
    const id = await createBallot();
    expect((await t.as('office', { method: 'PATCH', url: `/api/forms/${id}`, payload: { title: '改过的标题' } })).json().title).toBe('改过的标题');
    await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} });
    const edit = await t.as('office', { method: 'PATCH', url: `/api/forms/${id}`, payload: { title: '再改' } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('form_not_draft');
    expect((await t.as('office', { method: 'POST', url: `/api/forms/${id}/close`, payload: {} })).json().status).toBe('closed');
    expect((await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} })).json().status).toBe('open');
    const copy = await t.as('office', { method: 'POST', url: `/api/forms/${id}/copy`, payload: {} });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ status: 'draft', title: '改过的标题（副本）', responseCount: 0, definition: { sections: [{ key: 'ballot' }] } });
  });

  it('offers the built-in templates, and a ballot for the chosen cadres that can be created as is', async () => {
    const res = await t.as('office', { method: 'GET', url: `/api/forms/templates?team=${encodeURIComponent('示范镇党委')}&cadres=${encodeURIComponent('李秀英,陈志强')}` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(['self_check', 'mutual_check', 'resident_survey', 'field_visit', 'evaluation']);
    const ballot = items[4];
    expect(ballot.definition.sections[0].questions[0].rows.map((r: { label: string }) => r.label)).toEqual(['示范镇党委领导班子（整体）', '李秀英', '陈志强']);
    const { key: _key, ...template } = ballot;
    const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { ...template, orgId: t.tree.orgs.own.id } });
    expect(created.statusCode).toBe(201);
    expect((await t.as('secretary', { method: 'GET', url: '/api/forms/templates' })).statusCode).toBe(403);
  });

  it('lets the office build forms; others read or see nothing', async () => {
    const id = await createBallot();
    expect((await t.as('secretary', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'custom', title: 'x', anonymous: true, distribution: 'open', definition: ballotDefinition } })).statusCode).toBe(403);
    expect((await t.as('inspector', { method: 'GET', url: `/api/forms/${id}` })).statusCode).toBe(200);
    expect((await t.as('surveyor', { method: 'GET', url: `/api/forms/${id}` })).statusCode).toBe(404);
    expect((await t.as('secretary', { method: 'GET', url: '/api/forms' })).json().items.map((f: { id: string }) => f.id)).toEqual([id]);
  });

  it('issues codes of 8 unambiguous characters, shown once, and counts turnout per organisation', async () => {
    const { id, codes } = await openWithCodes(50);
    expect(codes).toHaveLength(50);
    expect(new Set(codes).size).toBe(50);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    const stored = JSON.stringify(await t.deps.db.selectFrom('form_codes').selectAll().execute());
    for (const c of codes) expect(stored).not.toContain(c);
    expect(await turnout(id)).toEqual([{ orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组', issued: 50, used: 0 }]);
    expect((await vote(id, codes[0].toLowerCase().replace(/(....)/, '$1-'), 'k'.repeat(20))).statusCode).toBe(201);
    expect(await turnout(id)).toEqual([{ orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组', issued: 50, used: 1 }]);
  });

  it('takes one ballot per code, returns the first result to a retry, and consumes no code for a bad ballot', async () => {
    const { id, codes } = await openWithCodes(2);
    const bad = await vote(id, codes[0], 'a'.repeat(20), { team: 'excellent' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.map((d: { question: string; code: string }) => `${d.question}:${d.code}`)).toEqual(['team:not_an_option', 'wang:required']);
    expect((await turnout(id))[0].used).toBe(0);
    expect((await vote(id, codes[0], 'b'.repeat(20))).statusCode).toBe(201);
    const retry = await vote(id, codes[0], 'b'.repeat(20));
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ok: true, duplicate: true });
    const again = await vote(id, codes[0], 'c'.repeat(20));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({ code: 'code_used', message: '该测评码已经使用过' });
    expect((await t.as('office', { method: 'GET', url: `/api/forms/${id}` })).json().responseCount).toBe(1);
    await t.as('office', { method: 'POST', url: `/api/forms/${id}/close`, payload: {} });
    expect((await vote(id, codes[1], 'd'.repeat(20))).json().error.code).toBe('form_not_open');
  });

  it('accepts exactly one of 100 simultaneous ballots with the same code, across two server processes', async () => {
    const { id, codes } = await openWithCodes(1);
    const second = await buildApp(t.deps);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? second : t.app).inject({
          method: 'POST', url: `/api/public/forms/${id}/responses`, headers: { host: 'massline.test', origin: 'http://massline.test' },
          payload: { answers: { team: 'good', wang: 'good' }, code: codes[0], idempotencyKey: `key-${String(i).padStart(16, '0')}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'code_used')).toBe(true);
    expect(await t.deps.db.selectFrom('responses').select('id').where('form_id', '=', id).execute()).toHaveLength(1);
    await second.close();
  });

  it('returns the first result to 20 simultaneous copies of one submission', async () => {
    const { id, codes } = await openWithCodes(1);
    const results = await Promise.all(Array.from({ length: 20 }, () => vote(id, codes[0], 'same-key-0123456789')));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200 && r.json().duplicate === true)).toHaveLength(19);
    expect(await t.deps.db.selectFrom('responses').select('id').execute()).toHaveLength(1);
  });

  it('keeps tallies that match the stored responses and shows results, "<5" outside the office', async () => {
    const sat = [{ value: 'satisfied', label: '满意' }, { value: 'basically', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }, { value: 'unknown', label: '不了解' }];
    const winds = ['formalism', 'bureaucratism', 'hedonism'].map((value) => ({ value, label: value }));
    const definition = { sections: [{ key: 's', questions: [
      { key: 'ratings', type: 'matrix', label: '测评', required: true, rows: [{ value: 'team', label: '班子' }, { value: 'c1', label: '王德明' }], scale: sat },
      { key: 'winds', type: 'multiple', label: '四风', options: winds },
      { key: 'service', type: 'rating', label: '服务', min: 1, max: 5, required: true },
    ] }] };
    const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'evaluation', title: '测评', anonymous: true, distribution: 'codes', definition } });
    const id = created.json().id;
    await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} });
    const codes = (await t.as('office', { method: 'POST', url: `/api/forms/${id}/codes`, payload: { orgId: t.tree.orgs.own.id, count: 6 } })).json().codes;
    const team = ['satisfied', 'satisfied', 'satisfied', 'basically', 'dissatisfied', 'unknown'];
    const c1 = ['dissatisfied', 'dissatisfied', 'satisfied', 'satisfied', 'unknown', 'unknown'];
    for (let i = 0; i < 6; i++) {
      const answers = { ratings: { team: team[i], c1: c1[i] }, winds: i < 2 ? ['formalism', 'hedonism'] : ['formalism'], service: (i % 5) + 1 };
      expect((await vote(id, codes[i], `tally-key-${i}-abcdefgh`, answers)).statusCode).toBe(201);
    }
    // The tallies equal a recount of the stored responses.
    const { tallyKeys } = await import('./tallies.js');
    const { FormDefinition } = await import('@massline/shared');
    const def = FormDefinition.parse(definition);
    const recount = new Map<string, number>();
    for (const r of await t.deps.db.selectFrom('responses').select('answers').where('form_id', '=', id).execute()) {
      for (const k of tallyKeys(def, JSON.parse(r.answers))) recount.set(`${k.question}|${k.item}|${k.value}`, (recount.get(`${k.question}|${k.item}|${k.value}`) ?? 0) + 1);
    }
    const stored = await t.deps.db.selectFrom('form_tallies').selectAll().where('form_id', '=', id).execute();
    const ofScope = (scope: string) => new Map(stored.filter((r) => r.scope === scope).map((r) => [`${r.question}|${r.item}|${r.value}`, Number(r.count)]));
    expect(ofScope('')).toEqual(recount);
    // Every code was issued for the same org: its tallies are the same, plus its response count.
    expect(ofScope(`o:${t.tree.orgs.own.id}`)).toEqual(new Map([...recount, ['||*', 6]]));

    const office = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results` })).json();
    const [ratings, windsQ, service] = office.questions;
    expect(ratings.rows[0]).toMatchObject({ value: 'team', answered: 6, satisfactionRate: 0.8, dissatisfactionRate: 0.2, flagged: false });
    expect(ratings.rows[1]).toMatchObject({ value: 'c1', answered: 6, satisfactionRate: 0.5, dissatisfactionRate: 0.5, flagged: true });
    // Multiple choice counts each option, not each combination.
    expect(windsQ.options.map((o: { count: number }) => o.count)).toEqual([6, 0, 2]);
    expect(service.average).toBe(2.67); // (1+2+3+4+5+1) / 6
    // A stricter threshold flags the team too.
    const strict = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results?threshold=0.1` })).json();
    expect(strict.questions[0].rows[0].flagged).toBe(true);

    const inspector = (await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/results` })).json();
    expect(inspector.responseCount).toBe(6);
    expect(inspector.questions[0].rows[0].grades.map((g: { count: unknown }) => g.count)).toEqual(['<5', '<5', '<5', '<5']);
    expect(inspector.questions[0].rows[0].grades[0].percent).toBeNull();
    expect(inspector.questions[0].rows[0].satisfactionRate).toBe(0.8); // 5 known ballots: enough
    expect(inspector.questions[0].rows[1].satisfactionRate).toBeNull(); // 4 known ballots: too few
    expect(inspector.questions[1].options.map((o: { count: unknown }) => o.count)).toEqual([6, 0, '<5']);
    expect((await t.as('surveyor', { method: 'GET', url: `/api/forms/${id}/results` })).statusCode).toBe(404);
  });

  it('exports every response as .xlsx with labels, for the office only, in no telling order', async () => {
    const { id, codes } = await openWithCodes(3);
    const answers = [{ team: 'good', wang: 'bad', advice: '多下村' }, { team: 'fair', wang: 'good' }, { team: 'unknown', wang: 'fair', advice: '公开账目' }];
    for (let i = 0; i < 3; i++) expect((await vote(id, codes[i], `export-key-${i}-abcdefgh`, answers[i])).statusCode).toBe(201);
    const res = await t.as('office', { method: 'GET', url: `/api/forms/${id}/responses.xlsx` });
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const rows: string[][] = [];
    // ExcelJS leaves trailing empty cells out of row.values: read the four columns explicitly.
    wb.worksheets[0].eachRow((r) => rows.push([1, 2, 3, 4, 5, 6].map((c) => String(r.getCell(c).value ?? ''))));
    // An anonymous ballot has no respondent column; the org is the one its codes were issued for.
    expect(rows[0]).toEqual(['日期', '组织', '评议对象', '领导班子整体', '王德明', '意见建议']);
    const day = t.deps.clock.now().toISOString().slice(0, 10);
    const org = t.tree.orgs.child.name;
    expect(rows.slice(1).map((r) => r.join('|')).sort()).toEqual([
      `${day}|${org}||满意|不满意|多下村`, `${day}|${org}||基本满意|满意|`, `${day}|${org}||不了解|基本满意|公开账目`,
    ].sort());
    const csv = await t.as('office', { method: 'GET', url: `/api/forms/${id}/responses.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF日期,组织,评议对象,领导班子整体')).toBe(true);
    expect(csv.body.trim().split('\r\n')).toHaveLength(4);
    expect((await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/responses.csv` })).statusCode).toBe(403);
    expect((await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/responses.xlsx` })).statusCode).toBe(403);
  });

  it('stores nothing that links a ballot to its code or its sender (every table dumped)', async () => {
    const { id, codes } = await openWithCodes(5);
    const keys = codes.map((_, i) => `secret-key-${i}-abcdefgh`);
    for (let i = 0; i < 5; i++) {
      const res = await vote(id, codes[i], keys[i], { team: 'good', wang: i % 2 ? 'bad' : 'good', advice: `建议${i}` }, {
        'user-agent': `MicroMessenger-Phone-${i}`, 'x-forwarded-for': `203.0.113.${i + 10}`, cookie: `tracker=visitor-${i}`,
      });
      expect(res.statusCode).toBe(201);
    }
    const tables = ['orgs', 'people', 'memberships', 'accounts', 'grants', 'sessions', 'audit_log', 'audit_head', 'change_counters', 'forms', 'form_codes', 'responses', 'submission_receipts', 'form_tallies', 'form_assignments', 'field_visits'] as const;
    const dump: Record<string, Record<string, unknown>[]> = {};
    for (const table of tables) dump[table] = await t.deps.db.selectFrom(table).selectAll().execute() as Record<string, unknown>[];
    const everything = JSON.stringify(dump);
    // Nothing about the senders or their codes is anywhere.
    for (const secret of [...codes, ...keys, 'MicroMessenger', '203.0.113', 'visitor-']) expect(everything).not.toContain(secret);
    // A response is its answers, its form and a day: no code, no account, no time of day.
    const responses = dump.responses;
    expect(responses).toHaveLength(5);
    for (const r of responses) {
      expect(Object.keys(r).sort()).toEqual(['answers', 'day', 'form_id', 'id', 'org_id', 'respondent_id', 'subject_id']);
      // The org is the one all five codes were issued for: shared by every ballot from there.
      expect([r.org_id, r.respondent_id, r.subject_id]).toEqual([t.tree.orgs.child.id, null, null]);
      expect(r.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // Random (v4) ids: their order says nothing about the order of submission.
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // No other table holds a response's id.
      const elsewhere = JSON.stringify(Object.fromEntries(Object.entries(dump).filter(([table]) => table !== 'responses')));
      expect(elsewhere).not.toContain(r.id as string);
    }
    // Receipts and codes carry no time of day and nothing pointing at a response.
    for (const r of dump.submission_receipts) expect(Object.keys(r).sort()).toEqual(['day', 'form_id', 'key_hash']);
    for (const c of dump.form_codes) expect(Object.keys(c).sort()).toEqual(['code_hash', 'form_id', 'org_id', 'used']);
    // Submissions leave no audit entry (it would keep the moment).
    expect(dump.audit_log.filter((e) => String(e.action).startsWith('response'))).toEqual([]);
    // The ballot box writes one entry per batch, with counts only (these five came one by one).
    expect(dump.audit_log.map((e) => e.action)).toEqual(['form.create', 'form.open', 'form.codes', ...Array(5).fill('ballot_box.batch')]);
    for (const e of dump.audit_log.filter((x) => x.action === 'ballot_box.batch')) {
      expect([e.summary, e.actor_id, e.org_path]).toEqual(['票箱封存一批，共 1 份（问卷答卷 1）', null, null]);
    }
  });
});

describe('public submissions under a flood', () => {
  it('slows one sender down with a clear 429, stores nothing for the refused ones, and counts under no address', async () => {
    const t = await createTestApp({ publicRateLimit: 3 });
    try {
      const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'resident_survey', title: '问卷', anonymous: true, distribution: 'open', definition: ballotDefinition } });
      const id = created.json().id;
      await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} });
      const send = (i: number, ip = '203.0.113.9') => t.app.inject({
        method: 'POST', url: `/api/public/forms/${id}/responses`, remoteAddress: ip,
        headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { answers: { team: 'good', wang: 'good' }, idempotencyKey: `flood-key-${i}-abcdefgh` },
      });
      for (let i = 0; i < 3; i++) expect((await send(i)).statusCode).toBe(201);
      const refused = await send(3);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'too_many_requests', message: '操作过于频繁，请稍后再试' });
      // Another sender is not held up by the first.
      expect((await send(4, '198.51.100.20')).statusCode).toBe(201);
      expect(await t.deps.db.selectFrom('responses').select('id').where('form_id', '=', id).execute()).toHaveLength(4);
    } finally {
      await t.close();
    }
  });
});
