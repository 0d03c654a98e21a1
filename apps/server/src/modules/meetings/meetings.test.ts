import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../kernel/ids.js';
import { tinyPdf } from '../../../test/documents.js';
import { createTestApp, insertAccount, insertGrant, insertPerson, type TestApp } from '../../../test/factories.js';
import { markersIn, multiPictureJpeg } from '../../../test/images.js';

// The clock stands at 2026-03-01.
const threePhases = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];

describe('meetings', () => {
  let t: TestApp;
  let own: string;
  beforeEach(async () => {
    t = await createTestApp();
    own = t.tree.orgs.own.id;
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const startCampaign = async () => (await post('office', '/api/campaigns', { orgId: own, title: '红旗村教育实践活动', phases: threePhases })).json();
  const addReading = async (campaignId: string, title: string) => {
    const id = newId();
    await t.deps.db.insertInto('campaign_readings').values({ id, campaign_id: campaignId, seq: 1, title, kind: 'book', url: null, file_name: null, file_mime: null, file_data: null, note: '', created_at: '2026-02-01T00:00:00Z' }).execute();
    return id;
  };
  const users = () => t.tree.users;

  it('records a mobilisation meeting with attendance and minutes; it counts as held, in its campaign', async () => {
    const c = await startCampaign();
    // An inspector of the town (not a member of the village) attends.
    const inspector = await insertPerson(t.deps, '督导组长', [t.tree.orgs.root.id]);
    await insertGrant(t.deps, inspector, 'inspector', t.tree.orgs.root.id);
    const res = await post('secretary', '/api/meetings', {
      orgId: own, kind: 'mobilisation', title: '教育实践活动动员大会', place: '村委会会议室', day: '2026-02-20', startTime: '09:00', hours: 2,
      hostPersonId: users().secretary.personId,
      attendance: [
        { personId: users().cadre.personId, status: 'present' }, { personId: t.tree.members.own, status: 'leave' },
        { personId: t.tree.members.child, status: 'absent' }, { personId: inspector, status: 'present' },
      ],
      minutes: '传达上级精神，部署三个阶段的工作。',
    });
    expect(res.statusCode).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({ kind: 'mobilisation', held: true, hours: 2, campaignId: c.id, campaignTitle: '红旗村教育实践活动', present: 2, expected: 4, hostName: 'secretary用户', abilities: ['manage'] });
    // The inspector attends as one (列席), not as a member; the secretary, not recorded yet, is offered.
    expect(m.attendance.find((a: { personId: string }) => a.personId === inspector)).toMatchObject({ status: 'present', inspector: true, via: 'staff' });
    expect(m.attendance.find((a: { personId: string }) => a.personId === users().cadre.personId)).toMatchObject({ status: 'present', inspector: false });
    expect(m.notRecorded.map((p: { personId: string }) => p.personId)).toContain(users().secretary.personId);
    // Listed for those of the subtree and for those who attended; not for a sibling.
    expect((await get('cadre', `/api/meetings?orgId=${own}`)).json()).toMatchObject({ total: 1, items: [{ id: m.id, present: 2, held: true }] });
    const entries = await t.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', m.id).execute();
    expect(entries.map((e) => e.action)).toEqual(['meeting.create']);
  });

  it('refuses hours out of range, attendance of people outside the org and minutes of a meeting to come; nothing is stored', async () => {
    const base = { orgId: own, kind: 'mobilisation', title: '动员大会', day: '2026-02-20', hours: 2 };
    const cases: [object, number, string][] = [
      [{ ...base, hours: -1 }, 422, 'validation_failed'],
      [{ ...base, hours: 25 }, 422, 'validation_failed'],
      [{ ...base, hours: 0 }, 422, 'validation_failed'],
      [{ ...base, attendance: [{ personId: t.tree.members.sibling, status: 'present' }] }, 422, 'meeting_not_member'],
      [{ ...base, hostPersonId: t.tree.members.other }, 422, 'meeting_not_member'],
      [{ ...base, attendance: [{ personId: newId(), status: 'present' }] }, 404, 'not_found'],
      [{ ...base, day: '2026-03-05', minutes: '已经开过' }, 422, 'meeting_future_minutes'],
      [{ ...base, readingIds: [newId()] }, 422, 'meeting_not_study'],
      [{ ...base, orgId: t.tree.orgs.sibling.id }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('secretary', '/api/meetings', body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    const sibling = await post('secretary', '/api/meetings', { ...base, attendance: [{ personId: t.tree.members.sibling, status: 'present' }] });
    expect(sibling.json().error.message).toBe(`成员青山村党支部不是“红旗村党支部”的成员，不能记入本次会议的出席情况`);
    expect((await post('cadre', '/api/meetings', base)).statusCode).toBe(403);
    expect(await t.deps.db.selectFrom('meetings').selectAll().execute()).toEqual([]);
    expect(await t.deps.db.selectFrom('meeting_attendance').selectAll().execute()).toEqual([]);
  });

  it('a study session covers readings of the campaign, and those who missed it make it up', async () => {
    const c = await startCampaign();
    const book = await addReading(c.id, '论群众路线——重要论述摘编');
    const s = (await post('secretary', '/api/meetings', {
      orgId: own, kind: 'study', title: '第一次集中学习', day: '2026-02-25', hours: 3.5, readingIds: [book],
      attendance: [{ personId: users().cadre.personId, status: 'present', spoke: true }, { personId: t.tree.members.own, status: 'leave' }],
      minutes: '学习了重要论述摘编第一章。',
    })).json();
    expect(s).toMatchObject({ hours: 3.5, readings: [{ id: book, title: '论群众路线——重要论述摘编' }] });
    expect(s.attendance.find((a: { personId: string }) => a.personId === users().cadre.personId)).toMatchObject({ spoke: true });

    const makeup = await post('secretary', `/api/meetings/${s.id}/makeups`, { personId: t.tree.members.own, day: '2026-02-28', hours: 3.5, note: '自学并写出笔记' });
    expect(makeup.statusCode).toBe(200);
    expect(makeup.json().attendance.find((a: { personId: string }) => a.personId === t.tree.members.own)).toMatchObject({ status: 'leave', makeupHours: 3.5 });
    const attended = await post('secretary', `/api/meetings/${s.id}/makeups`, { personId: users().cadre.personId, day: '2026-02-28', hours: 1 });
    expect([attended.statusCode, attended.json().error.code]).toEqual([422, 'meeting_makeup_attended']);
    // A reading of no campaign's list, and make-up of a meeting that is not study.
    expect((await t.as('secretary', { method: 'PATCH', url: `/api/meetings/${s.id}`, payload: { readingIds: [newId()] } })).json().error.code).toBe('meeting_reading_unknown');
    const mob = (await post('secretary', '/api/meetings', { orgId: own, kind: 'mobilisation', title: '动员大会', day: '2026-02-20', hours: 1 })).json();
    expect((await post('secretary', `/api/meetings/${mob.id}/makeups`, { personId: t.tree.members.own, day: '2026-02-28', hours: 1 })).json().error.code).toBe('meeting_not_study');
    expect(await t.deps.db.selectFrom('study_makeups').select(['person_id', 'minutes_long']).execute()).toEqual([{ person_id: t.tree.members.own, minutes_long: 210 }]);
  });

  it('people with accounts sign in by the QR code; twice is harmless, outsiders and a closed code are refused', async () => {
    const m = (await post('secretary', '/api/meetings', { orgId: own, kind: 'org_life', title: '组织生活会', day: '2026-03-01', hours: 2 })).json();
    const opened = (await post('secretary', `/api/meetings/${m.id}/signin`, {})).json();
    expect(opened.url).toBe(`/signin/${opened.token}`);
    // Ten scans at once by one person: one row, present by QR.
    const scans = await Promise.all(Array.from({ length: 10 }, () => post('cadre', '/api/meeting-signin', { token: opened.token })));
    expect(scans.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(scans.filter((r) => !r.json().alreadySignedIn)).toHaveLength(1);
    const rows = await t.deps.db.selectFrom('meeting_attendance').select(['person_id', 'status', 'via']).where('meeting_id', '=', m.id).execute();
    expect(rows).toEqual([{ person_id: users().cadre.personId, status: 'present', via: 'qr' }]);
    // Someone of another village scanning the code is not recorded.
    const outsider = await insertPerson(t.deps, '外村干部', [t.tree.orgs.sibling.id]);
    await insertAccount(t.deps, outsider, 'outsider');
    await insertGrant(t.deps, outsider, 'cadre', t.tree.orgs.sibling.id);
    expect((await post('outsider', '/api/meeting-signin', { token: opened.token })).json().error.code).toBe('meeting_not_member');
    // Staff recording attendance keep the QR sign-in.
    const after = (await t.as('secretary', { method: 'PUT', url: `/api/meetings/${m.id}/attendance`, payload: { entries: [{ personId: t.tree.members.own, status: 'absent' }] } })).json();
    expect(after.attendance.map((a: { name: string; via: string }) => [a.name, a.via]).sort()).toEqual([['cadre用户', 'qr'], ['成员红旗村党支部', 'staff']]);
    // A new code replaces the old; closing stops both.
    const again = (await post('secretary', `/api/meetings/${m.id}/signin`, {})).json();
    expect((await post('secretary', '/api/meeting-signin', { token: opened.token })).json().error.code).toBe('meeting_signin_closed');
    await t.as('secretary', { method: 'DELETE', url: `/api/meetings/${m.id}/signin` });
    expect((await post('secretary', '/api/meeting-signin', { token: again.token })).statusCode).toBe(404);
  });

  it('what residents say at a forum goes into the opinions, linked; inspectors comment; files are typed by content', async () => {
    const f = (await post('secretary', '/api/meetings', { orgId: own, kind: 'forum_group', title: '群众座谈会', place: '文化广场', day: '2026-02-26', hours: 1.5 })).json();
    const res = await post('secretary', `/api/meetings/${f.id}/opinions`, { category: 'livelihood', content: '村口路灯坏了三个月没人修', sender: { name: '王大妈' } });
    expect(res.json().opinions).toMatchObject([{ category: 'livelihood', content: '村口路灯坏了三个月没人修', named: true, status: 'received' }]);
    const opinion = await t.deps.db.selectFrom('opinions').select(['channel', 'meeting_id', 'place', 'day', 'org_id']).executeTakeFirstOrThrow();
    expect(opinion).toEqual({ channel: 'forum', meeting_id: f.id, place: '文化广场', day: '2026-02-26', org_id: own });
    const mob = (await post('secretary', '/api/meetings', { orgId: own, kind: 'mobilisation', title: '动员大会', day: '2026-02-20', hours: 1 })).json();
    expect((await post('secretary', `/api/meetings/${mob.id}/opinions`, { category: 'other', content: '意见' })).json().error.code).toBe('meeting_not_forum');

    const commented = await post('inspector', `/api/meetings/${f.id}/comments`, { body: '座谈会覆盖面广，建议会后及时反馈。' });
    expect(commented.json().comments).toMatchObject([{ author: 'inspector用户', body: '座谈会覆盖面广，建议会后及时反馈。', mine: true }]);
    expect((await post('cadre', `/api/meetings/${f.id}/comments`, { body: '好' })).statusCode).toBe(403);

    const up = await t.as('secretary', { method: 'POST', url: `/api/meetings/${f.id}/files?name=${encodeURIComponent('签到表.pdf')}`, payload: tinyPdf, headers: { 'content-type': 'application/octet-stream' } });
    expect(up.json().files).toMatchObject([{ name: '签到表.pdf', mime: 'application/pdf', size: tinyPdf.length }]);
    const file = await get('cadre', `/api/meetings/${f.id}/files/${up.json().files[0].id}`);
    expect([file.statusCode, file.headers['content-type'], file.rawPayload.equals(tinyPdf)]).toEqual([200, 'application/pdf', true]);
    const bad = await t.as('secretary', { method: 'POST', url: `/api/meetings/${f.id}/files?name=x.exe`, payload: Buffer.from('MZ not a document'), headers: { 'content-type': 'application/octet-stream' } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'meeting_file_type']);
    expect((await get('secretary', `/api/meetings/${f.id}`)).json().files).toHaveLength(1);
    // A photo of the meeting: re-encoded without the phone's metadata, with a thumbnail; a PDF has none.
    const photo = (await t.as('secretary', { method: 'POST', url: `/api/meetings/${f.id}/files?name=site.jpg`, payload: await multiPictureJpeg(), headers: { 'content-type': 'application/octet-stream' } })).json().files.find((x: { name: string }) => x.name === 'site.jpg');
    const [full, small] = [await get('cadre', `/api/meetings/${f.id}/files/${photo.id}`), await get('cadre', `/api/meetings/${f.id}/files/${photo.id}?size=thumb`)];
    expect([full.statusCode, small.statusCode, small.headers['content-type'], markersIn(full.rawPayload), markersIn(small.rawPayload)]).toEqual([200, 200, 'image/jpeg', [], []]);
    expect(small.rawPayload.length).toBeLessThan(full.rawPayload.length);
    expect((await get('cadre', `/api/meetings/${f.id}/files/${up.json().files[0].id}?size=thumb`)).statusCode).toBe(404);
  });

  it('keeps meetings out of sight of other villages and lets those who attended read them', async () => {
    const m = (await post('secretary', '/api/meetings', { orgId: t.tree.orgs.child.id, kind: 'org_life', title: '党小组会', day: '2026-02-21', hours: 1, attendance: [{ personId: t.tree.members.child, status: 'present' }] })).json();
    const sib = await insertPerson(t.deps, '青山村书记', [t.tree.orgs.sibling.id]);
    await insertAccount(t.deps, sib, 'sibsec');
    await insertGrant(t.deps, sib, 'secretary', t.tree.orgs.sibling.id);
    expect((await get('sibsec', `/api/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await get('sibsec', '/api/meetings')).json().total).toBe(0);
    expect((await t.as('sibsec', { method: 'PATCH', url: `/api/meetings/${m.id}`, payload: { title: 'x' } })).statusCode).toBe(404);
    expect((await get('cadre', `/api/meetings/${m.id}`)).json().abilities).toEqual([]);
  });
});

describe('life meetings, criticism and self-criticism', () => {
  let t: TestApp;
  let own: string;
  beforeEach(async () => {
    t = await createTestApp();
    own = t.tree.orgs.own.id;
    // Today (2026-03-01) lies in the second phase, which opens life meetings.
    const phases = [{ startDay: '2026-01-01', endDay: '2026-02-15' }, { startDay: '2026-02-16', endDay: '2026-04-30' }, { startDay: '2026-05-01', endDay: '2026-07-31' }];
    await t.as('office', { method: 'POST', url: '/api/campaigns', payload: { orgId: own, title: '活动', phases } });
  });
  afterEach(() => t.close());
  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });

  it('holds life meetings only in the phase that opens them', async () => {
    const early = await post('secretary', '/api/meetings', { orgId: own, kind: 'democratic_life', title: '专题民主生活会', day: '2026-02-10', hours: 3 });
    expect([early.statusCode, early.json().error.code, early.json().error.message]).toEqual([409, 'phase_closed', '“活动”当前处于“学习教育、听取意见”阶段，该阶段不开放民主生活会/组织生活会']);
    expect((await post('secretary', '/api/meetings', { orgId: own, kind: 'democratic_life', title: '专题民主生活会', day: '2026-02-20', hours: 3 })).statusCode).toBe(201);
  });

  it('records entries among those present, shows what is missing, keeps them from others, raises one as a problem', async () => {
    const u = t.tree.users;
    const m = (await post('office', '/api/meetings', {
      orgId: own, kind: 'democratic_life', title: '村两委班子民主生活会', day: '2026-02-27', hours: 3,
      attendance: [{ personId: u.secretary.personId, status: 'present' }, { personId: u.cadre.personId, status: 'present' }, { personId: t.tree.members.own, status: 'absent' }],
    })).json();
    expect(m.id, JSON.stringify(m)).toBeTruthy();
    const add = (who: string, from: string, to: string, content: string) => post(who, `/api/meetings/${m.id}/criticism`, { fromPersonId: from, toPersonId: to, content });

    const first = await add('secretary', u.secretary.personId, u.secretary.personId, '深入群众不够，调查研究少。');
    expect(first.statusCode).toBe(200);
    let sheet = first.json();
    expect(sheet.completeness).toMatchObject({
      participants: 2, complete: false,
      missingSelf: [{ personId: u.cadre.personId, name: 'cadre用户' }],
      missingPairs: [{ fromName: 'cadre用户', toName: 'secretary用户' }, { fromName: 'secretary用户', toName: 'cadre用户' }],
    });
    // The cadre, present, records their own; one absent is refused; a stranger cannot even see the sheet.
    await add('cadre', u.cadre.personId, u.cadre.personId, '学习不够系统。');
    const absent = await add('secretary', u.secretary.personId, t.tree.members.own, '批评');
    expect([absent.statusCode, absent.json().error.code]).toEqual([422, 'criticism_not_attended']);
    await add('secretary', u.secretary.personId, u.cadre.personId, '办事拖拉，群众反映的路灯问题三个月未处理。');
    sheet = (await add('cadre', u.cadre.personId, u.secretary.personId, '开会多、落实少。')).json();
    expect(sheet.completeness).toMatchObject({ complete: true, missingSelf: [], missingPairs: [] });
    expect(sheet.entries).toHaveLength(4);

    // 表态 by the receiver.
    const entry = sheet.entries.find((e: { content: string }) => e.content.startsWith('办事拖拉'));
    const answered = await t.as('cadre', { method: 'PATCH', url: `/api/meetings/${m.id}/criticism/${entry.id}`, payload: { response: '诚恳接受，一周内修好路灯。' } });
    expect(answered.json().entries.find((e: { id: string }) => e.id === entry.id).response).toBe('诚恳接受，一周内修好路灯。');

    // Visible to those present, the office and the inspectors; not to a secretary above who was not there.
    expect((await get('inspector', `/api/meetings/${m.id}/criticism`)).statusCode).toBe(200);
    const above = await insertPerson(t.deps, '镇党委书记', [t.tree.orgs.root.id]);
    await insertAccount(t.deps, above, 'townsec');
    await insertGrant(t.deps, above, 'secretary', t.tree.orgs.root.id);
    expect((await get('townsec', `/api/meetings/${m.id}`)).statusCode).toBe(200);
    expect((await get('townsec', `/api/meetings/${m.id}/criticism`)).statusCode).toBe(404);
    expect((await post('inspector', `/api/meetings/${m.id}/criticism`, { fromPersonId: u.cadre.personId, toPersonId: u.cadre.personId, content: 'x' })).statusCode).toBe(403);

    // Raised in one step: a problem of the org, owned by the one criticised, its source the entry.
    const raised = await post('secretary', `/api/meetings/${m.id}/criticism/${entry.id}/problem`, { title: '群众反映的问题办理拖拉', category: 'bureaucratism' });
    expect(raised.statusCode).toBe(201);
    const problemId = raised.json().problemId;
    const problem = await t.deps.db.selectFrom('problems').select(['owner_org_id', 'owner_person_id', 'category']).where('id', '=', problemId).executeTakeFirstOrThrow();
    expect(problem).toEqual({ owner_org_id: own, owner_person_id: u.cadre.personId, category: 'bureaucratism' });
    const source = await t.deps.db.selectFrom('problem_sources').select(['source_type', 'ref_id', 'excerpt']).where('problem_id', '=', problemId).executeTakeFirstOrThrow();
    expect(source).toEqual({ source_type: 'criticism', ref_id: entry.id, excerpt: '村两委班子民主生活会（2026-02-27）：办事拖拉，群众反映的路灯问题三个月未处理。' });
    expect((await get('secretary', `/api/meetings/${m.id}/criticism`)).json().entries.find((e: { id: string }) => e.id === entry.id).problemId).toBe(problemId);
    const twice = await post('secretary', `/api/meetings/${m.id}/criticism/${entry.id}/problem`, { title: '再来', category: 'bureaucratism' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'criticism_raised']);
    // A cadre present reads but cannot raise problems.
    expect((await post('cadre', `/api/meetings/${m.id}/criticism/${sheet.entries[0].id}/problem`, { title: '问题', category: 'other' })).statusCode).toBe(403);
  });

  it('keeps criticism to life meetings', async () => {
    const m = (await post('secretary', '/api/meetings', { orgId: own, kind: 'mobilisation', title: '动员大会', day: '2026-02-20', hours: 1, attendance: [{ personId: t.tree.users.secretary.personId, status: 'present' }] })).json();
    const res = await post('secretary', `/api/meetings/${m.id}/criticism`, { fromPersonId: t.tree.users.secretary.personId, toPersonId: t.tree.users.secretary.personId, content: '自我批评' });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'criticism_not_life_meeting']);
  });
});
