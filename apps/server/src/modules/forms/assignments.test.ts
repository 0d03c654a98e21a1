import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertAccount, insertPerson, type TestApp } from '../../../test/factories.js';

const yesNo = [{ value: 'yes', label: '有' }, { value: 'no', label: '没有' }];
const checkDefinition = {
  sections: [{
    key: 's',
    questions: [
      { key: 'formalism', type: 'single', label: '是否存在形式主义问题', required: true, options: yesNo },
      { key: 'detail', type: 'text', label: '具体表现' },
    ],
  }],
};

describe('named answering: self and mutual inspection, field visits', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const createNamed = async (kind: string, anonymous: boolean, extra: object = {}) => {
    const res = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind, title: `${kind} 表`, anonymous, distribution: 'named', definition: checkDefinition, ...extra } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    expect((await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} })).statusCode).toBe(200);
    return id;
  };
  const assign = (who: string, id: string, body: object) => t.as(who, { method: 'POST', url: `/api/forms/${id}/assignments`, payload: body });
  const mine = async (who: string) => (await t.as(who, { method: 'GET', url: '/api/my/assignments' })).json().items as { id: string; formId: string; subject: { id: string; name: string } | null; done: number; repeatable: boolean }[];
  const answer = (who: string, assignmentId: string, key: string, payload: object = { answers: { formalism: 'yes', detail: '会议多' } }) =>
    t.as(who, { method: 'POST', url: `/api/my/assignments/${assignmentId}/responses`, payload: { idempotencyKey: key, ...payload } });

  it('has each member with an account answer a self-inspection once, under their name', async () => {
    const id = await createNamed('self_check', false);
    const res = await assign('office', id, { mode: 'self', orgId: t.tree.orgs.own.id });
    expect(res.statusCode).toBe(201);
    // The six role users have accounts; the plain member of the org has none and is reported.
    expect(res.json().created).toBe(6);
    expect(res.json().skipped).toEqual([{ personId: t.tree.members.own, name: expect.any(String), reason: 'no_account' }]);

    const [task] = await mine('cadre');
    expect(task).toMatchObject({ formId: id, subject: { id: t.tree.users.cadre.personId }, done: 0, repeatable: false });
    expect((await answer('cadre', task.id, 'cadre-self-key-0001')).statusCode).toBe(201);
    // A retry of the same submission gets the first result; a second, different one is refused.
    expect((await answer('cadre', task.id, 'cadre-self-key-0001')).json()).toEqual({ ok: true, duplicate: true });
    const again = await answer('cadre', task.id, 'cadre-self-key-0002');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_answered');
    // Nobody answers someone else's assignment: it does not exist for them.
    expect((await answer('secretary', task.id, 'secretary-key-0001')).statusCode).toBe(404);

    const stored = await t.deps.db.selectFrom('responses').selectAll().where('form_id', '=', id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ respondent_id: t.tree.users.cadre.personId, subject_id: t.tree.users.cadre.personId, org_id: t.tree.orgs.own.id });
    const summary = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/assignments` })).json();
    expect([summary.total, summary.done]).toEqual([6, 1]);
    // Assigning again creates nothing twice.
    expect((await assign('office', id, { mode: 'self', orgId: t.tree.orgs.own.id })).json().created).toBe(0);
    // The public page does not take named forms.
    const pub = await t.app.inject({ method: 'POST', url: `/api/public/forms/${id}/responses`, headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { answers: { formalism: 'no' }, idempotencyKey: 'public-key-000001' } });
    expect(pub.statusCode).toBe(401);
  });

  it('takes exactly one of 20 simultaneous different submissions to one assignment', async () => {
    const id = await createNamed('self_check', true);
    await assign('office', id, { mode: 'self', orgId: t.tree.orgs.own.id });
    const [task] = await mine('cadre');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => answer('cadre', task.id, `race-key-${String(i).padStart(8, '0')}`)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'already_answered')).toBe(true);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(19);
    expect(await t.deps.db.selectFrom('responses').select('id').where('form_id', '=', id).execute()).toHaveLength(1);
  });

  it('runs an anonymous mutual inspection: results per subject, and no trace of who rated', async () => {
    const id = await createNamed('mutual_check', true);
    const res = await assign('office', id, { mode: 'mutual', orgId: t.tree.orgs.own.id });
    // 6 raters with accounts, each rating the 6 other members (the member without an account is rated too).
    expect(res.json().created).toBe(36);
    const tasks = await mine('cadre');
    expect(tasks).toHaveLength(6);
    expect(tasks.some((x) => x.subject?.id === t.tree.users.cadre.personId)).toBe(false);
    const aboutMember = tasks.find((x) => x.subject?.id === t.tree.members.own)!;
    expect((await answer('cadre', aboutMember.id, 'mutual-key-cadre-01', { answers: { formalism: 'yes', detail: '下村少' } })).statusCode).toBe(201);
    for (const who of ['office', 'secretary', 'inspector', 'surveyor'] as const) {
      const task = (await mine(who)).find((x) => x.subject?.id === t.tree.members.own)!;
      expect((await answer(who, task.id, `mutual-key-${who}-0001`, { answers: { formalism: who === 'office' ? 'yes' : 'no' } })).statusCode).toBe(201);
    }

    const stored = await t.deps.db.selectFrom('responses').selectAll().where('form_id', '=', id).execute();
    expect(stored).toHaveLength(5);
    for (const r of stored) expect([r.respondent_id, r.subject_id]).toEqual([null, t.tree.members.own]);

    const breakdown = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results/breakdown` })).json();
    expect(breakdown.subjects).toEqual([{ personId: t.tree.members.own, name: expect.any(String), responses: 5 }]);
    expect(breakdown.orgs).toEqual([{ orgId: t.tree.orgs.own.id, orgName: t.tree.orgs.own.name, responses: 5 }]);
    const about = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results?subjectId=${t.tree.members.own}` })).json();
    expect(about.responseCount).toBe(5);
    expect(about.questions[0].options.map((o: { count: number }) => o.count)).toEqual([2, 3]);
    // About someone nobody rated yet: nothing.
    const nobody = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results?subjectId=${t.tree.users.cadre.personId}` })).json();
    expect(nobody.responseCount).toBe(0);
    // The inspector sees the small counts hidden.
    const inspector = (await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/results?subjectId=${t.tree.members.own}` })).json();
    expect(inspector.questions[0].options.map((o: { count: unknown }) => o.count)).toEqual(['<5', '<5']);
  });

  it('lets the office or a secretary assign within their reach only, and checks a matrix', async () => {
    const id = await createNamed('mutual_check', false);
    expect((await assign('inspector', id, { mode: 'mutual', orgId: t.tree.orgs.own.id })).statusCode).toBe(403);
    expect((await assign('cadre', id, { mode: 'mutual', orgId: t.tree.orgs.own.id })).statusCode).toBe(403);
    const outsider = await insertPerson(t.deps, '外单位人员', [t.tree.orgs.sibling.id]);
    const res = await assign('secretary', id, {
      mode: 'pairs', orgId: t.tree.orgs.own.id,
      pairs: [
        { raterId: t.tree.users.cadre.personId, subjectId: t.tree.users.secretary.personId },
        { raterId: t.tree.users.cadre.personId, subjectId: outsider },
        { raterId: t.tree.members.own, subjectId: t.tree.users.cadre.personId },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(1);
    expect(res.json().skipped.map((s: { personId: string; reason: string }) => [s.personId, s.reason]).sort()).toEqual([
      [outsider, 'not_member'], [t.tree.members.own, 'no_account'],
    ].sort());
    const tasks = await mine('cadre');
    expect(tasks.map((x) => x.subject?.id)).toEqual([t.tree.users.secretary.personId]);
  });

  it('records field visits offline-synced: outcome, the visit day, a position only where the form asks', async () => {
    const id = await createNamed('field_visit', false, { collectLocation: true });
    const surveyor = t.tree.users.surveyor.personId;
    // A surveyor from the township visits a village they are not a member of.
    const res = await assign('office', id, { mode: 'visits', orgId: t.tree.orgs.child.id, personIds: [surveyor] });
    expect(res.json()).toEqual({ created: 1, skipped: [] });
    const [task] = await mine('surveyor');
    expect(task).toMatchObject({ repeatable: true, subject: null });

    const missing = await answer('surveyor', task.id, 'visit-key-000000001');
    expect([missing.statusCode, missing.json().error.code]).toEqual([422, 'visit_required']);
    const yesterday = new Date(t.deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    expect((await answer('surveyor', task.id, 'visit-key-000000002', { answers: { formalism: 'no' }, visit: { outcome: 'completed', day: yesterday, lat: 30.123456, lng: 120.654321, accuracy: 12 } })).statusCode).toBe(201);
    // Not at home: no answers, only the visit.
    expect((await answer('surveyor', task.id, 'visit-key-000000003', { answers: {}, visit: { outcome: 'not_home' } })).statusCode).toBe(201);
    // The same visit synced twice (the phone lost the first reply): stored once.
    expect((await answer('surveyor', task.id, 'visit-key-000000003', { answers: {}, visit: { outcome: 'not_home' } })).json().duplicate).toBe(true);
    // A day in the future becomes today.
    expect((await answer('surveyor', task.id, 'visit-key-000000004', { answers: {}, visit: { outcome: 'refused', day: '2098-01-01' } })).statusCode).toBe(201);

    const visits = await t.deps.db.selectFrom('field_visits').selectAll().where('form_id', '=', id).orderBy('outcome').execute();
    const today = t.deps.clock.now().toISOString().slice(0, 10);
    // The position is the household's area, not its door: rounded to the form's 100 m grid.
    const [lat, lng] = [visits[0].lat!, visits[0].lng!];
    expect(Math.abs(lat - 30.123456) * 111_320).toBeLessThanOrEqual(50);
    expect(Math.abs(lng - 120.654321) * 111_320 * Math.cos((30.12 * Math.PI) / 180)).toBeLessThanOrEqual(50);
    expect([lat, lng]).not.toEqual([30.123456, 120.654321]);
    expect(visits[0].accuracy).toBe(100);
    // The stored latitude lies on the grid itself, so neighbouring doors share one point.
    expect(Math.abs(lat * 111_320 - Math.round(lat * 111_320 / 100) * 100)).toBeLessThan(0.5);
    expect(visits.map((v) => [v.outcome, v.day, v.lat, v.lng, v.org_id])).toEqual([
      ['completed', yesterday, lat, lng, t.tree.orgs.child.id],
      ['not_home', today, null, null, t.tree.orgs.child.id],
      ['refused', today, null, null, t.tree.orgs.child.id],
    ]);
    const responses = await t.deps.db.selectFrom('responses').selectAll().where('form_id', '=', id).execute();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ day: yesterday, respondent_id: surveyor, org_id: t.tree.orgs.child.id });
    expect(visits[0].response_id).toBe(responses[0].id);
    expect((await mine('surveyor'))[0].done).toBe(3);
  });

  it('drops a position the form does not ask for', async () => {
    const id = await createNamed('field_visit', false);
    await assign('office', id, { mode: 'visits', orgId: t.tree.orgs.own.id, personIds: [t.tree.users.surveyor.personId] });
    const [task] = await mine('surveyor');
    expect((await answer('surveyor', task.id, 'visit-nogps-000001', { answers: { formalism: 'no' }, visit: { outcome: 'completed', lat: 30.1, lng: 120.2 } })).statusCode).toBe(201);
    const [visit] = await t.deps.db.selectFrom('field_visits').selectAll().where('form_id', '=', id).execute();
    expect([visit.lat, visit.lng]).toEqual([null, null]);
  });

  it('skips people without an account as surveyors and refuses unknown ones', async () => {
    const id = await createNamed('field_visit', false);
    const noAccount = await insertPerson(t.deps, '无账号人员', [t.tree.orgs.own.id]);
    const withAccount = await insertPerson(t.deps, '新调查员', [t.tree.orgs.root.id]);
    await insertAccount(t.deps, withAccount, 'newsurveyor');
    const res = await assign('office', id, { mode: 'visits', orgId: t.tree.orgs.own.id, personIds: [noAccount, withAccount] });
    expect(res.json()).toEqual({ created: 1, skipped: [{ personId: noAccount, name: '无账号人员', reason: 'no_account' }] });
  });
});

describe('results by org, text answers and downloads', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const submit = (id: string, answers: object, key: string, orgId?: string) =>
    t.app.inject({ method: 'POST', url: `/api/public/forms/${id}/responses`, headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { answers, idempotencyKey: key, ...(orgId ? { orgId } : {}) } });

  const openSurvey = async () => {
    const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'resident_survey', title: '群众问卷', anonymous: true, distribution: 'open', definition: checkDefinition } });
    const id = created.json().id as string;
    await t.as('office', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} });
    return id;
  };

  it('breaks results down by the org a link was posted for, and refuses an org outside the form', async () => {
    const id = await openSurvey();
    for (let i = 0; i < 3; i++) expect((await submit(id, { formalism: 'yes' }, `org-link-key-${i}-abcdef`, t.tree.orgs.child.id)).statusCode).toBe(201);
    expect((await submit(id, { formalism: 'no' }, 'no-org-key-abcdefgh')).statusCode).toBe(201);
    const outside = await submit(id, { formalism: 'no' }, 'outside-key-abcdefgh', t.tree.orgs.sibling.id);
    expect([outside.statusCode, outside.json().error.code]).toEqual([422, 'org_invalid']);

    const child = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results?orgId=${t.tree.orgs.child.id}` })).json();
    expect(child.responseCount).toBe(3);
    expect(child.questions[0].options.map((o: { count: number }) => o.count)).toEqual([3, 0]);
    const whole = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/results` })).json();
    expect(whole.responseCount).toBe(4);
    const breakdown = (await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/results/breakdown` })).json();
    expect(breakdown).toEqual({ orgs: [{ orgId: t.tree.orgs.child.id, orgName: t.tree.orgs.child.name, responses: '<5' }], subjects: [] });
  });

  it('lists text answers page by page, and hides them outside the office until 5 responses are in', async () => {
    const id = await openSurvey();
    for (let i = 0; i < 4; i++) await submit(id, { formalism: 'yes', detail: `意见${i}` }, `text-key-${i}-abcdefgh`);
    await submit(id, { formalism: 'no' }, 'text-key-none-abcdefgh');
    const hidden = (await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/texts?question=detail` })).json();
    // Five responses: shown to the inspector too.
    expect(hidden.hidden).toBe(false);
    const first = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/texts?question=detail&limit=3` })).json();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/texts?question=detail&limit=3&cursor=${first.nextCursor}` })).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((x: { text: string }) => x.text).sort()).toEqual(['意见0', '意见1', '意见2', '意见3']);
    // A choice question has no text list; a mangled cursor is a clear 400.
    expect((await t.as('office', { method: 'GET', url: `/api/forms/${id}/texts?question=formalism` })).statusCode).toBe(404);
    const bad = await t.as('office', { method: 'GET', url: `/api/forms/${id}/texts?question=detail&cursor=%%%` });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'validation_failed']);
  });

  it('hides text answers from readers outside the office while fewer than 5 responses are in', async () => {
    const id = await openSurvey();
    await submit(id, { formalism: 'yes', detail: '只有一条意见' }, 'few-key-abcdefghij');
    const inspector = (await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/texts?question=detail` })).json();
    expect(inspector).toEqual({ items: [], nextCursor: null, hidden: true });
    const office = (await t.as('office', { method: 'GET', url: `/api/forms/${id}/texts?question=detail` })).json();
    expect(office.items.map((x: { text: string }) => x.text)).toEqual(['只有一条意见']);
  });

  it('downloads results as CSV and .xlsx, and keeps formulas out of CSV cells', async () => {
    const id = await openSurvey();
    for (let i = 0; i < 5; i++) await submit(id, { formalism: i < 3 ? 'yes' : 'no', detail: '=HYPERLINK("http://evil")' }, `dl-key-${i}-abcdefgh`);
    const csv = await t.as('inspector', { method: 'GET', url: `/api/forms/${id}/results.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('题目,评议对象,选项,数量,占比,平均分,满意率,不满意率,超过阈值');
    // Outside the office a count under 5 and its share stay hidden; the office sees them.
    expect(lines).toContain('是否存在形式主义问题,,有,<5,,,,,');
    const officeCsv = await t.as('office', { method: 'GET', url: `/api/forms/${id}/results.csv` });
    expect(officeCsv.body.split('\r\n')).toContain('是否存在形式主义问题,,有,3,60%,,,,');
    const responsesCsv = await t.as('office', { method: 'GET', url: `/api/forms/${id}/responses.csv` });
    expect(responsesCsv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const xlsx = await t.as('office', { method: 'GET', url: `/api/forms/${id}/results.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets[0].getRow(2).values).toEqual([undefined, '是否存在形式主义问题', '', '有', 3, '60%', '', '', '', '']);
  });
});
