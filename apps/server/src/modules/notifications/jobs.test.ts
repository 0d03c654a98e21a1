import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../jobs.js';
import { newId } from '../../kernel/ids.js';
import { testDialect, type TestDeps } from '../../../test/db.js';
import { createTestApp, insertAccount, insertGrant, insertPerson, seedTree, type TestApp } from '../../../test/factories.js';
import { insertOpinion } from '../../../test/problems.js';
import { createSharedTestDeps } from '../../../test/shared-db.js';
import { notify, raiseOverdue, sendDigests } from './index.js';

const DAY = 86_400_000;

async function insertItem(deps: TestDeps, o: { title: string; orgId: string; ownerPersonId?: string | null; deadline: string; status?: string }) {
  const id = newId();
  const now = deps.clock.now().toISOString();
  await deps.db.insertInto('rectifications').values({
    id, title: o.title, measures: '措施', commitment: '承诺', owner_org_id: o.orgId, owner_person_id: o.ownerPersonId ?? null, deadline: o.deadline,
    status: o.status ?? 'planned', on_the_spot: 0, progress: 0, weight: 1, done_day: null, verified_day: null, verified_by: null, round: 0,
    published: 0, created_by: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

async function insertOpen(deps: TestDeps, o: { orgId: string; content: string; dueDay: string; status?: string; assigneeOrgId?: string; assigneePersonId?: string }) {
  const id = await insertOpinion(deps, { orgId: o.orgId, content: o.content, status: o.status ?? 'received' });
  await deps.db.updateTable('opinions').set({ due_day: o.dueDay, assignee_org_id: o.assigneeOrgId ?? null, assignee_person_id: o.assigneePersonId ?? null }).where('id', '=', id).execute();
  return id;
}

describe('scheduled notifications', () => {
  let t: TestApp;
  /** A second office, on the root: the office above `own`. */
  let rootOffice: string;
  let names: Map<string, string>;

  beforeEach(async () => {
    t = await createTestApp();
    rootOffice = await insertPerson(t.deps, '镇办公室', [t.tree.orgs.root.id]);
    await insertGrant(t.deps, rootOffice, 'office', t.tree.orgs.root.id);
    const { users, members } = t.tree;
    names = new Map([
      [users.office.personId, 'office@own'], [users.secretary.personId, 'secretary@own'], [users.cadre.personId, 'cadre'],
      [rootOffice, 'office@root'], [members.own, 'member@own'], [members.child, 'member@child'], [members.sibling, 'member@sibling'],
    ]);
  });
  afterEach(() => t.close());

  const moveTo = (day: string) => t.deps.clock.advance(Date.parse(`${day}T08:00:00Z`) - t.deps.clock.now().getTime());
  const run = () => raiseOverdue(t.deps, t.deps.clock.now());
  /** Everything told so far: who, what kind, which link (sorted). */
  const told = async (since = '') => (await t.deps.db.selectFrom('notifications').selectAll().where('created_at', '>=', since).execute())
    .map((n) => `${names.get(n.person_id) ?? n.person_id} ${n.kind} ${n.link}`)
    .sort();
  const newSince = (day: string) => told(`${day}T00:00:00.000Z`);

  describe('overdue rectification items', () => {
    it('tells the owner (else the secretaries) once per deadline, and the office above once after the grace period', async () => {
      const { orgs, members } = t.tree;
      const a = await insertItem(t.deps, { title: '村道修补', orgId: orgs.child.id, ownerPersonId: members.child, deadline: '2026-02-28' });
      const b = await insertItem(t.deps, { title: '低保公开', orgId: orgs.own.id, deadline: '2026-02-25', status: 'in_progress' });
      const c = await insertItem(t.deps, { title: '垃圾清运', orgId: orgs.child.id, deadline: '2026-02-28' });
      const f = await insertItem(t.deps, { title: '会议精简', orgId: orgs.sibling.id, deadline: '2026-02-28' });
      await insertItem(t.deps, { title: '已完成', orgId: orgs.own.id, ownerPersonId: members.own, deadline: '2026-02-01', status: 'done' });
      await insertItem(t.deps, { title: '已核验', orgId: orgs.own.id, ownerPersonId: members.own, deadline: '2026-02-01', status: 'verified' });
      const due = await insertItem(t.deps, { title: '今天到期', orgId: orgs.own.id, ownerPersonId: members.own, deadline: '2026-03-01' });

      expect(await run()).toBe('rectifications: 4 overdue, 1 past grace; opinions: 0 overdue, 0 past grace; new notifications: 5');
      expect(await told()).toEqual([
        `member@child rectification.overdue /rectification/${a}`,
        // Nobody answers for the sibling village (no secretary there or above): the office above is told at once.
        `office@root rectification.overdue /rectification/${f}`,
        // Four days late on the first run, past the three days' grace: escalated to the office of the parent (root).
        `office@root rectification.escalation /rectification/${b}`,
        // No owner: the secretaries of the org, or of the nearest org above with any (child has none, own has one).
        `secretary@own rectification.overdue /rectification/${b}`,
        `secretary@own rectification.overdue /rectification/${c}`,
      ].sort());
      const first = await t.deps.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `rectification.overdue:${a}:2026-02-28`).executeTakeFirstOrThrow();
      expect(first).toMatchObject({ title: '整改事项已逾期：村道修补', body: '完成时限 2026-02-28，已逾期 1 天。请尽快推进整改并更新进展。', read_at: null, created_at: '2026-03-01T08:00:00.000Z' });

      // Run twice the same day, and the days after within the grace period: nothing new.
      expect(await run()).toMatch(/new notifications: 0$/);
      await t.deps.db.updateTable('rectifications').set({ status: 'done' }).where('id', '=', due).execute();
      moveTo('2026-03-03');
      expect(await run()).toMatch(/new notifications: 0$/);

      // Four days late: past the grace period, each escalated once to the nearest office above.
      moveTo('2026-03-04');
      await run();
      expect(await newSince('2026-03-04')).toEqual([
        `office@own rectification.escalation /rectification/${a}`,
        `office@own rectification.escalation /rectification/${c}`,
        `office@root rectification.escalation /rectification/${f}`,
      ].sort());
      const escalation = await t.deps.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `rectification.escalation:${a}`).executeTakeFirstOrThrow();
      expect(escalation).toMatchObject({
        title: '整改逾期督办：村道修补',
        body: `${orgs.child.name}的整改事项逾期 4 天（完成时限 2026-02-28），已超过 3 天宽限期，请督促办理。`,
        link: `/rectification/${a}`,
      });
      moveTo('2026-03-05');
      expect(await run()).toMatch(/new notifications: 0$/);

      // A new deadline missed again is told again; the escalation stays once per item. Done items stop.
      await t.deps.db.updateTable('rectifications').set({ deadline: '2026-03-06', status: 'in_progress' }).where('id', '=', a).execute();
      await t.deps.db.updateTable('rectifications').set({ status: 'done' }).where('id', 'in', [b, c, f]).execute();
      moveTo('2026-03-07');
      await run();
      expect(await newSince('2026-03-07')).toEqual([`member@child rectification.overdue /rectification/${a}`]);
      moveTo('2026-03-20');
      expect(await run()).toBe('rectifications: 1 overdue, 1 past grace; opinions: 0 overdue, 0 past grace; new notifications: 0');
    });

    it('skips an archived owner for the secretaries, and escalates at once with no grace', async () => {
      await t.close();
      t = await createTestApp({ escalationGraceDays: 0 });
      const { orgs, members, users } = t.tree;
      await t.deps.db.updateTable('people').set({ archived_at: '2026-02-01T00:00:00.000Z' }).where('id', '=', members.own).execute();
      await insertItem(t.deps, { title: '离任者的事项', orgId: orgs.own.id, ownerPersonId: members.own, deadline: '2026-02-28' });
      await raiseOverdue(t.deps, t.deps.clock.now());
      const rows = await t.deps.db.selectFrom('notifications').select(['person_id', 'kind']).orderBy('kind').execute();
      // own has no office above it in this tree (root has none): its own office is the one told.
      expect(rows).toEqual([
        { person_id: users.office.personId, kind: 'rectification.escalation' },
        { person_id: users.secretary.personId, kind: 'rectification.overdue' },
      ]);
    });
  });

  describe('overdue opinions', () => {
    it('tells the assignee (else the secretaries of the org answering for it), then the office above', async () => {
      const { orgs, members } = t.tree;
      const o1 = await insertOpen(t.deps, { orgId: orgs.own.id, content: '路灯坏了很久没人修', dueDay: '2026-02-27', status: 'assigned', assigneeOrgId: orgs.own.id, assigneePersonId: members.own });
      const o2 = await insertOpen(t.deps, { orgId: orgs.child.id, content: '办事要跑好几趟，   希望\n一次办好'.repeat(3), dueDay: '2026-02-20' });
      const o3 = await insertOpen(t.deps, { orgId: orgs.sibling.id, content: '交给红旗村第一党小组办理', dueDay: '2026-02-28', status: 'assigned', assigneeOrgId: orgs.child.id });
      await insertOpen(t.deps, { orgId: orgs.own.id, content: '已答复', dueDay: '2026-02-01', status: 'answered' });
      await insertOpen(t.deps, { orgId: orgs.own.id, content: '已合并', dueDay: '2026-02-01', status: 'merged' });
      await insertOpen(t.deps, { orgId: orgs.own.id, content: '今天到期', dueDay: '2026-03-01' });
      await insertOpen(t.deps, { orgId: orgs.own.id, content: '未到期', dueDay: '2026-03-31' });

      expect(await run()).toBe('rectifications: 0 overdue, 0 past grace; opinions: 3 overdue, 1 past grace; new notifications: 4');
      expect(await told()).toEqual([
        `member@own opinion.overdue /opinions/${o1}`,
        // Nine days late: escalated at once, to the office above the child org (own's).
        `office@own opinion.escalation /opinions/${o2}`,
        `secretary@own opinion.overdue /opinions/${o2}`,
        // Assigned to the child org: its secretaries (none; own's above), not the sibling it was heard in.
        `secretary@own opinion.overdue /opinions/${o3}`,
      ].sort());
      const row = await t.deps.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `opinion.overdue:${o2}:2026-02-20`).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ title: '意见逾期未答复：办事要跑好几趟， 希望 一次办好办事要跑好几趟， 希望 一次…', body: '答复时限 2026-02-20，已逾期 9 天。请尽快答复群众。' });

      await t.deps.db.updateTable('opinions').set({ status: 'answered' }).where('content', '=', '今天到期').execute();
      moveTo('2026-03-02');
      expect(await run()).toMatch(/new notifications: 0$/);
      // o1 is four days late: escalated to the office above own (root's).
      moveTo('2026-03-03');
      await run();
      expect(await newSince('2026-03-03')).toEqual([`office@root opinion.escalation /opinions/${o1}`]);
      // Answered: no longer overdue, nothing more; a new answer day missed is told again.
      await t.deps.db.updateTable('opinions').set({ status: 'answered' }).where('id', '=', o1).execute();
      await t.deps.db.updateTable('opinions').set({ due_day: '2026-03-05' }).where('id', '=', o3).execute();
      moveTo('2026-03-06');
      await run();
      expect(await newSince('2026-03-06')).toEqual([`secretary@own opinion.overdue /opinions/${o3}`]);
    });

    it('run late (the server was down), tells and escalates at once what it finds', async () => {
      const { orgs, members } = t.tree;
      const o1 = await insertOpen(t.deps, { orgId: orgs.own.id, content: '停水不通知', dueDay: '2026-02-27', status: 'assigned', assigneePersonId: members.own });
      const item = await insertItem(t.deps, { title: '停水通知', orgId: orgs.own.id, ownerPersonId: members.own, deadline: '2026-02-27' });
      moveTo('2026-03-10');
      const scheduler = createScheduler(t.deps);
      expect((await scheduler.tick()).map((r) => [r.job, r.runKey, r.outcome])).toEqual([['overdue', '2026-03-10', 'ran'], ['digest', '2026-03-10', 'ran'], ['audit.head', '2026-03-10', 'ran']]);
      expect(await told()).toEqual([
        `member@own opinion.overdue /opinions/${o1}`,
        `member@own rectification.overdue /rectification/${item}`,
        `office@root opinion.escalation /opinions/${o1}`,
        `office@root rectification.escalation /rectification/${item}`,
      ].sort());
      // Ticking again the same day does nothing; the next day runs again and finds nothing new.
      expect((await scheduler.tick()).map((r) => r.outcome)).toEqual(['taken', 'taken', 'taken']);
      moveTo('2026-03-11');
      expect((await scheduler.tick()).map((r) => r.outcome)).toEqual(['ran', 'ran', 'ran']);
      expect(await newSince('2026-03-11')).toEqual([]);
    });
  });

  describe('daily digest', () => {
    it('sends one per person with unread notifications, once a day, and closes the day before\'s', async () => {
      const { orgs, users } = t.tree;
      const b = await insertItem(t.deps, { title: '低保公开', orgId: orgs.own.id, deadline: '2026-02-25' });
      await insertItem(t.deps, { title: '垃圾清运', orgId: orgs.child.id, deadline: '2026-02-28' });
      await insertAccount(t.deps, rootOffice, 'rootoffice');
      await t.deps.db.transaction().execute((trx) => notify(trx, { personIds: [users.cadre.personId], kind: 'verdict.request', title: '请评议', dedupeKey: 'v1', at: t.deps.clock.now() }));
      // A person without an account is told of their item but gets no digest: they cannot sign in to read it.
      await insertItem(t.deps, { title: '无账号', orgId: orgs.own.id, ownerPersonId: t.tree.members.own, deadline: '2026-02-28' });
      await run();

      expect(await sendDigests(t.deps, t.deps.clock.now())).toBe('digests: 3 sent to 3 people with unread notifications; 0 earlier digests closed');
      const digests = () => t.deps.db.selectFrom('notifications').selectAll().where('kind', '=', 'digest').orderBy('created_at').execute();
      const byPerson = new Map((await digests()).map((d) => [names.get(d.person_id) ?? d.person_id, d]));
      expect([...byPerson.keys()].sort()).toEqual(['cadre', 'office@root', 'secretary@own']);
      expect(byPerson.get('secretary@own')).toMatchObject({
        title: '今日待办：2 条未读提醒', body: '其中整改事项逾期 2 条。请到“消息提醒”逐条查看并处理。', link: '/notifications?unread=true', dedupe_key: 'digest:2026-03-01', read_at: null,
      });
      expect(byPerson.get('office@root')).toMatchObject({ title: '今日待办：1 条未读提醒', body: '其中整改逾期督办 1 条。请到“消息提醒”逐条查看并处理。' });
      expect(byPerson.get('cadre')).toMatchObject({ title: '今日待办：1 条未读提醒', body: '其中其他提醒 1 条。请到“消息提醒”逐条查看并处理。' });

      // Twice the same day: once.
      expect(await sendDigests(t.deps, t.deps.clock.now())).toBe('digests: 0 sent to 3 people with unread notifications; 0 earlier digests closed');
      expect(await digests()).toHaveLength(3);

      // The next day: the secretary read one, the cadre read all. Yesterday's digests are closed.
      const one = await t.deps.db.selectFrom('notifications').select('id').where('dedupe_key', '=', `rectification.overdue:${b}:2026-02-25`).executeTakeFirstOrThrow();
      expect((await t.as('secretary', { method: 'POST', url: `/api/notifications/${one.id}/read`, payload: {} })).statusCode).toBe(200);
      expect((await t.as('cadre', { method: 'POST', url: '/api/notifications/read-all', payload: {} })).json()).toEqual({ marked: 2 });
      moveTo('2026-03-02');
      expect(await sendDigests(t.deps, t.deps.clock.now())).toBe('digests: 2 sent to 2 people with unread notifications; 2 earlier digests closed');
      const today = (await digests()).filter((d) => d.dedupe_key === 'digest:2026-03-02');
      expect(today.map((d) => [names.get(d.person_id), d.title]).sort()).toEqual([['office@root', '今日待办：1 条未读提醒'], ['secretary@own', '今日待办：1 条未读提醒']]);
      expect((await digests()).filter((d) => d.dedupe_key === 'digest:2026-03-01').every((d) => d.read_at !== null)).toBe(true);
      // What the bell shows: the secretary's one unread reminder and today's digest, newest first.
      const unread = await t.deps.db.selectFrom('notifications').select('kind').where('person_id', '=', users.secretary.personId).where('read_at', 'is', null)
        .orderBy('created_at', 'desc').execute();
      expect(unread.map((n) => n.kind)).toEqual(['digest', 'rectification.overdue']);
    });

    it('waits for the overdue job of the same day', async () => {
      // A run of the overdue job claimed (by another process, say) and not yet finished.
      await t.deps.db.insertInto('job_runs').values({ job: 'overdue', run_key: '2026-03-01', started_at: t.deps.clock.now().toISOString(), finished_at: null, result: null }).execute();
      const results = await createScheduler(t.deps).tick();
      expect(results).toEqual([
        { job: 'overdue', runKey: '2026-03-01', outcome: 'taken' },
        { job: 'digest', runKey: '2026-03-01', outcome: 'waiting' },
        { job: 'audit.head', runKey: '2026-03-01', outcome: 'ran', result: expect.stringMatching(/^signed head 2026-03-01: /) },
      ]);
    });
  });

  it('raises each notification once when two processes run the jobs on one database', async () => {
    const shared = await createSharedTestDeps(2);
    try {
      const [a, b] = shared.all;
      const tree = await seedTree({ ...a, close: async () => {} });
      for (let i = 0; i < 30; i++) {
        await insertItem({ ...a, close: async () => {} }, { title: `事项${i}`, orgId: i % 2 ? tree.orgs.own.id : tree.orgs.child.id, ownerPersonId: i % 3 ? null : tree.users.cadre.personId, deadline: i % 4 ? '2026-02-20' : '2026-02-28' });
      }
      const one = createScheduler(a);
      const two = createScheduler(b);
      const count = async () => Number((await a.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      for (let day = 0; day < 3; day++) {
        // PostgreSQL: truly at once. SQLite: one after the other, since one thread cannot hold two
        // connections' write transactions at once (the claim itself races in kernel/scheduler.test.ts).
        const results = testDialect === 'postgres' ? (await Promise.all([one.tick(), two.tick()])).flat() : [...(await one.tick()), ...(await two.tick())];
        // Each job ran once in all: the rest found it taken, or (the digest) waiting for the overdue run.
        expect(results.filter((r) => r.outcome === 'ran' && r.job === 'overdue')).toHaveLength(1);
        expect(results.filter((r) => r.outcome === 'ran' && r.job === 'digest').length).toBeLessThanOrEqual(1);
        await one.tick();
        await two.tick();
        a.clock.advance(DAY);
        b.clock.advance(DAY);
      }
      const runs = await a.db.selectFrom('job_runs').select(['job', 'run_key', 'finished_at']).orderBy('run_key').orderBy('job').execute();
      expect(runs.map((r) => `${r.job} ${r.run_key} ${r.finished_at ? 'done' : 'open'}`)).toEqual([
        'audit.head 2026-03-01 done', 'digest 2026-03-01 done', 'overdue 2026-03-01 done', 'audit.head 2026-03-02 done', 'digest 2026-03-02 done', 'overdue 2026-03-02 done',
        'audit.head 2026-03-03 done', 'digest 2026-03-03 done', 'overdue 2026-03-03 done',
      ]);
      // Running the overdue job again by hand (past its claim, by both processes) raises nothing more.
      const before = await count();
      const lastDay = new Date(a.clock.now().getTime() - DAY);
      const again = testDialect === 'postgres'
        ? await Promise.all([raiseOverdue(a, lastDay), raiseOverdue(b, lastDay)])
        : [await raiseOverdue(a, lastDay), await raiseOverdue(b, lastDay)];
      for (const r of again) expect(r).toMatch(/new notifications: 0$/);
      expect(await count()).toBe(before);
      // 30 overdue notices (20 to own's secretary, 10 to the cadre); 22 escalations (the 8 due on 02-28 are
      // not yet past the grace period on 03-03), all to own's office; a digest a day for each of the three.
      const kinds = await a.db.selectFrom('notifications').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').orderBy('kind').execute();
      expect(kinds.map((k) => [k.kind, Number(k.n)])).toEqual([['digest', 9], ['rectification.escalation', 22], ['rectification.overdue', 30]]);
    } finally {
      await shared.close();
    }
  });
});
