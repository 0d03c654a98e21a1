import ExcelJS from 'exceljs';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertOrg, insertPerson, type TestApp } from '../../../test/factories.js';
import { newId } from '../../kernel/ids.js';
import { studyHoursByOrg, studyHoursOfPerson } from './index.js';

const PHASES = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];
const NOW = '2026-03-01T08:00:00.000Z';

describe('学时: study hours per person and per org', () => {
  let t: TestApp;
  let campaignId: string;
  beforeEach(async () => {
    t = await createTestApp();
    const res = await t.as('office', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.own.id, title: '红旗村群众路线教育实践活动', phases: PHASES } });
    expect(res.statusCode, res.body).toBe(201);
    campaignId = res.json().id;
  });
  afterEach(() => t.close());

  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });

  /** The meetings module records sessions; here they are inserted directly. */
  async function session(opts: { orgId?: string; minutes: number; kind?: string; held?: boolean; campaign?: string | null; present?: string[]; other?: [string, string][] }) {
    const id = newId();
    await t.deps.db.insertInto('meetings').values({
      id, campaign_id: opts.campaign === undefined ? campaignId : opts.campaign, org_id: opts.orgId ?? t.tree.orgs.own.id, kind: opts.kind ?? 'study', title: '集中学习',
      agenda: '', place: '', day: '2026-02-20', start_time: '', minutes_long: opts.minutes, host_person_id: null, minutes: '', held: opts.held === false ? 0 : 1,
      signin_hash: null, created_by: null, created_at: NOW, updated_at: NOW,
    }).execute();
    const rows = [...(opts.present ?? []).map((p) => [p, 'present'] as [string, string]), ...(opts.other ?? [])];
    if (rows.length) await t.deps.db.insertInto('meeting_attendance').values(rows.map(([person_id, status]) => ({ meeting_id: id, person_id, status, spoke: 0, signed_in_at: null, via: 'staff' }))).execute();
    return id;
  }
  const makeup = (meetingId: string, personId: string, minutes: number) =>
    t.deps.db.insertInto('study_makeups').values({ id: newId(), meeting_id: meetingId, person_id: personId, day: '2026-02-25', minutes_long: minutes, note: '', recorded_by: null, created_at: NOW }).execute();

  /**
   * own ── child: 8 people in own's subtree (the six role users and a member of own, a member of child).
   * The cadre: 120 (first session) + 60 make-up of the second = 180. The secretary: 120 + 30 = 150
   * (a make-up where they were also present is not counted twice). The child's member: 120 + 90 = 210.
   */
  async function seedSessions() {
    const u = t.tree.users;
    const m = t.tree.members;
    await session({ minutes: 120, present: [u.cadre.personId, u.secretary.personId, m.child], other: [[u.office.personId, 'leave']] });
    const second = await session({ orgId: t.tree.orgs.child.id, minutes: 90, present: [m.child], other: [[u.cadre.personId, 'absent']] });
    await makeup(second, u.cadre.personId, 60);
    const third = await session({ minutes: 30, present: [u.secretary.personId] });
    await makeup(third, u.secretary.personId, 30);
    // Not counted: a session not held yet, a meeting of another kind, another campaign's session.
    await session({ minutes: 180, held: false, present: [u.cadre.personId] });
    await session({ minutes: 60, kind: 'mobilisation', present: [u.cadre.personId] });
    const township = await t.as('admin', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.root.id, title: '示范镇的活动', phases: PHASES } });
    await session({ minutes: 100, campaign: township.json().id, present: [u.cadre.personId] });
    await session({ minutes: 100, campaign: null, present: [u.cadre.personId] });
    // An archived person is no longer a member, whatever they attended.
    const gone = await insertPerson(t.deps, '已调离人员', [t.tree.orgs.own.id]);
    await t.deps.db.updateTable('people').set({ archived_at: NOW }).where('id', '=', gone).execute();
    await session({ minutes: 45, present: [gone] });
  }

  it('adds up held study sessions attended and make-up study, per person', async () => {
    await seedSessions();
    const u = t.tree.users;
    expect(await studyHoursOfPerson(t.deps.db, campaignId, u.cadre.personId)).toEqual({ sessions: 1, sessionMinutes: 120, makeupMinutes: 60, totalMinutes: 180 });
    expect(await studyHoursOfPerson(t.deps.db, campaignId, u.secretary.personId)).toEqual({ sessions: 2, sessionMinutes: 150, makeupMinutes: 0, totalMinutes: 150 });
    expect(await studyHoursOfPerson(t.deps.db, campaignId, u.office.personId)).toEqual({ sessions: 0, sessionMinutes: 0, makeupMinutes: 0, totalMinutes: 0 });
    expect((await get('cadre', `/api/study/hours/mine?campaignId=${campaignId}`)).json()).toEqual({ sessions: 1, sessionMinutes: 120, makeupMinutes: 60, totalMinutes: 180 });
  });

  it('studyHoursByOrg: each org\'s subtree members, each person once, with their minutes', async () => {
    await seedSessions();
    const o = t.tree.orgs;
    const got = await studyHoursByOrg(t.deps.db, campaignId, [o.own.id, o.child.id, o.sibling.id, o.root.id, 'no-such-org', o.own.id]);
    expect(Object.fromEntries(got)).toEqual({
      [o.own.id]: { members: 8, totalMinutes: 540 },
      [o.child.id]: { members: 1, totalMinutes: 210 },
      [o.sibling.id]: { members: 1, totalMinutes: 0 },
      // The township's subtree: its own member, own's eight and the sibling's one.
      [o.root.id]: { members: 10, totalMinutes: 540 },
      'no-such-org': { members: 0, totalMinutes: 0 },
    });
    // A member of both own and its child counts once in own and once in the child.
    await t.deps.db.insertInto('memberships').values({ person_id: t.tree.users.cadre.personId, org_id: o.child.id, created_at: NOW }).execute();
    const again = await studyHoursByOrg(t.deps.db, campaignId, [o.own.id, o.child.id]);
    expect(Object.fromEntries(again)).toEqual({ [o.own.id]: { members: 8, totalMinutes: 540 }, [o.child.id]: { members: 2, totalMinutes: 390 } });
    // Archived orgs' members are not counted.
    await t.deps.db.updateTable('orgs').set({ archived_at: NOW }).where('id', '=', o.child.id).execute();
    expect(Object.fromEntries(await studyHoursByOrg(t.deps.db, campaignId, [o.own.id]))).toEqual({ [o.own.id]: { members: 7, totalMinutes: 330 } });
    expect(await studyHoursByOrg(t.deps.db, campaignId, [])).toEqual(new Map());
  });

  it('reports an org\'s members with their hours, the average, who is below the threshold and the child orgs', async () => {
    await seedSessions();
    const res = await get('secretary', `/api/study/hours?campaignId=${campaignId}&orgId=${t.tree.orgs.own.id}&minHours=2`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect({ ...r, people: undefined }).toEqual({
      org: { id: t.tree.orgs.own.id, name: '红旗村党支部' }, campaign: { id: campaignId, title: '红旗村群众路线教育实践活动' },
      members: 8, totalMinutes: 540, averageMinutes: 67.5, below: true, minHours: 2, belowCount: 5, people: undefined,
      children: [{ org: { id: t.tree.orgs.child.id, name: '红旗村第一党小组' }, members: 1, totalMinutes: 210, averageMinutes: 210, below: false }],
    });
    const row = (name: string) => r.people.find((p: { person: { name: string } }) => p.person.name === name);
    expect(row('cadre用户')).toEqual({ person: { id: t.tree.users.cadre.personId, name: 'cadre用户' }, orgs: ['红旗村党支部'], sessions: 1, sessionMinutes: 120, makeupMinutes: 60, totalMinutes: 180, below: false });
    expect(row('成员红旗村第一党小组')).toMatchObject({ orgs: ['红旗村第一党小组'], totalMinutes: 210, below: false });
    expect(r.people.filter((p: { below: boolean }) => p.below).map((p: { person: { name: string } }) => p.person.name).sort()).toEqual(['admin用户', 'inspector用户', 'office用户', 'surveyor用户', '成员红旗村党支部']);
    // Without a threshold nobody is flagged.
    const plain = (await get('inspector', `/api/study/hours?campaignId=${campaignId}&orgId=${t.tree.orgs.own.id}`)).json();
    expect([plain.minHours, plain.belowCount, plain.below, plain.people.some((p: { below: boolean }) => p.below)]).toEqual([null, 0, false, false]);
  });

  it('exports hours per person as .xlsx', async () => {
    await seedSessions();
    const res = await get('office', `/api/study/hours.xlsx?campaignId=${campaignId}&orgId=${t.tree.orgs.child.id}&minHours=4`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="study-hours.xlsx"; filename*=UTF-8''${encodeURIComponent('红旗村第一党小组学时统计.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].name).toBe('学时统计');
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['序号', '姓名', '所在组织', '参加集中学习（次）', '集中学习（学时）', '补学（学时）', '合计（学时）', '是否达到 4 学时'],
      [1, '成员红旗村第一党小组', '红旗村第一党小组', 2, 3.5, 0, 3.5, '未达到'],
    ]);
  });

  it('is read by the office, secretaries and inspectors over the org, within the campaign', async () => {
    const url = (orgId: string) => `/api/study/hours?campaignId=${campaignId}&orgId=${orgId}`;
    expect((await get('cadre', url(t.tree.orgs.own.id))).statusCode).toBe(403);
    expect((await get('surveyor', url(t.tree.orgs.own.id))).statusCode).toBe(403);
    expect((await get('cadre', `/api/study/hours.xlsx?campaignId=${campaignId}&orgId=${t.tree.orgs.own.id}`)).statusCode).toBe(403);
    expect((await get('office', url(t.tree.orgs.sibling.id))).statusCode).toBe(404);
    expect((await get('office', url('no-such-org'))).statusCode).toBe(404);
    expect((await get('office', url(t.tree.orgs.child.id))).statusCode).toBe(200);
    // The township above the campaign's org is outside the campaign.
    const outside = await get('admin', url(t.tree.orgs.root.id));
    expect([outside.statusCode, outside.json().error.code]).toEqual([422, 'study_org_outside']);
    const other = await t.as('admin', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.other.id, title: '另一镇', phases: PHASES } });
    expect((await get('office', `/api/study/hours?campaignId=${other.json().id}&orgId=${t.tree.orgs.own.id}`)).statusCode).toBe(404);
    expect((await get('cadre', `/api/study/hours/mine?campaignId=${other.json().id}`)).statusCode).toBe(404);
    expect((await get('office', `${url(t.tree.orgs.own.id)}&minHours=-1`)).statusCode).toBe(422);
  });

  it('counts 100 orgs in one query', async () => {
    // 100 branches of 20 members, 10 sessions of an hour each with everyone present.
    const db = t.deps.db;
    const orgs = [];
    for (let i = 0; i < 100; i++) orgs.push(await insertOrg(t.deps, `支部${i}`, t.tree.orgs.own));
    const people = orgs.flatMap((o) => Array.from({ length: 20 }, (_, k) => ({ id: newId(), org: o.id, name: `${o.name}党员${k}` })));
    for (let i = 0; i < people.length; i += 500) {
      const batch = people.slice(i, i + 500);
      await db.insertInto('people').values(batch.map((p) => ({ id: p.id, name: p.name, gender: null, phone: null, position: null, party_member: 1, archived_at: null, created_at: NOW, updated_at: NOW }))).execute();
      await db.insertInto('memberships').values(batch.map((p) => ({ person_id: p.id, org_id: p.org, created_at: NOW }))).execute();
    }
    const attendance: { meeting_id: string; person_id: string; status: string; spoke: number; signed_in_at: null; via: string }[] = [];
    const meetings = orgs.flatMap((o) => Array.from({ length: 10 }, () => ({ id: newId(), org: o.id })));
    for (let i = 0; i < meetings.length; i += 500) {
      await db.insertInto('meetings').values(meetings.slice(i, i + 500).map((m) => ({
        id: m.id, campaign_id: campaignId, org_id: m.org, kind: 'study', title: '集中学习', agenda: '', place: '', day: '2026-02-20', start_time: '', minutes_long: 60,
        host_person_id: null, minutes: '已学习', held: 1, signin_hash: null, created_by: null, created_at: NOW, updated_at: NOW,
      }))).execute();
    }
    for (const m of meetings) for (const p of people) if (p.org === m.org) attendance.push({ meeting_id: m.id, person_id: p.id, status: 'present', spoke: 0, signed_in_at: null, via: 'staff' });
    for (let i = 0; i < attendance.length; i += 1000) await db.insertInto('meeting_attendance').values(attendance.slice(i, i + 1000)).execute();

    let queries = 0;
    const counter: KyselyPlugin = { transformQuery: (args) => { queries++; return args.node; }, transformResult: async (args) => args.result };
    const started = performance.now();
    const got = await studyHoursByOrg(db.withPlugin(counter), campaignId, orgs.map((o) => o.id));
    const ms = performance.now() - started;
    expect(queries).toBe(1);
    expect(got.size).toBe(100);
    expect([...got.values()].every((h) => h.members === 20 && h.totalMinutes === 600 * 20)).toBe(true);
    // 20,000 attendance rows, no statistics gathered yet: about 20 ms on SQLite and 30 ms on
    // PostgreSQL here (a plan that joined members to per-person aggregates took two seconds).
    expect(ms).toBeLessThan(300);
  });
});
