import type { CriticismSheet, MeetingDetail, MeetingKind, MeetingListQuery, MeetingSummary } from '@massline/shared';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../database.js';
import { likePrefix, underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import { canReadCriticism, canReadMeeting, canWriteCriticism, meetingAbilities, meetingsPolicy } from './policy.js';
import { findMeeting, membersUnder, peopleNames } from './queries.js';

const hoursOf = (minutes: number) => Math.round((Number(minutes) / 60) * 100) / 100;

/** Meetings the caller may read: of their subtree, or attended; newest first. */
export async function listMeetings(db: Db, actor: Actor, q: MeetingListQuery): Promise<{ items: MeetingSummary[]; total: number }> {
  const scope = meetingsPolicy.scope(actor, 'meeting.read');
  let base = db.selectFrom('meetings as m').innerJoin('orgs as o', 'o.id', 'm.org_id');
  const attended = sql<SqlBool>`exists (select 1 from meeting_attendance a where a.meeting_id = m.id and a.person_id = ${actor.personId})`;
  if (scope !== null) base = base.where((eb) => eb.or([underAny(sql.ref('o.path'), scope), attended]));
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.orgId).executeTakeFirst();
    if (!org) throw new HttpError('not_found');
    base = base.where(sql<SqlBool>`o.path like ${likePrefix(org.path)} escape '\\'`);
  }
  if (q.campaignId) base = base.where('m.campaign_id', '=', q.campaignId);
  if (q.kind) base = base.where('m.kind', '=', q.kind);
  if (q.from) base = base.where('m.day', '>=', q.from);
  if (q.to) base = base.where('m.day', '<=', q.to);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['m.id', 'm.org_id', 'o.name as org_name', 'm.campaign_id', 'm.kind', 'm.title', 'm.day', 'm.start_time', 'm.place', 'm.minutes_long', 'm.held'])
    .select([
      sql<number>`(select count(*) from meeting_attendance a where a.meeting_id = m.id and a.status = 'present')`.as('present'),
      sql<number>`(select count(*) from meeting_attendance a where a.meeting_id = m.id)`.as('expected'),
    ])
    .orderBy('m.day', 'desc').orderBy('m.start_time', 'desc').orderBy('m.id', 'desc')
    .limit(q.limit).offset(q.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id, orgId: r.org_id, orgName: r.org_name, campaignId: r.campaign_id, kind: r.kind as MeetingKind, title: r.title, day: r.day, startTime: r.start_time,
      place: r.place, hours: hoursOf(r.minutes_long), held: Boolean(Number(r.held)), present: Number(r.present), expected: Number(r.expected),
    })),
  };
}

export async function loadMeeting(db: Db, actor: Actor, id: string): Promise<MeetingDetail> {
  const m = await findMeeting(db, id, actor);
  if (!m || !canReadMeeting(actor, m.at)) throw new HttpError('not_found');
  const [attendance, makeups, readings, files, comments, opinions, campaign, members] = await Promise.all([
    db.selectFrom('meeting_attendance as a').innerJoin('people as p', 'p.id', 'a.person_id').select(['a.person_id', 'p.name', 'a.status', 'a.spoke', 'a.via', 'a.signed_in_at']).where('a.meeting_id', '=', id).orderBy('p.name').execute(),
    db.selectFrom('study_makeups').select(['person_id', 'minutes_long']).where('meeting_id', '=', id).execute(),
    db.selectFrom('meeting_readings as mr').innerJoin('campaign_readings as r', 'r.id', 'mr.reading_id').select(['r.id', 'r.title']).where('mr.meeting_id', '=', id).orderBy('r.seq').execute(),
    db.selectFrom('meeting_files').select(['id', 'name', 'mime', 'size', 'created_at']).where('meeting_id', '=', id).orderBy('created_at').execute(),
    db.selectFrom('meeting_comments as c').innerJoin('accounts as ac', 'ac.id', 'c.account_id').innerJoin('people as p', 'p.id', 'ac.person_id')
      .select(['c.id', 'c.body', 'c.created_at', 'c.account_id', 'p.name']).where('c.meeting_id', '=', id).orderBy('c.created_at').execute(),
    db.selectFrom('opinions').select(['id', 'category', 'content', 'named', 'status']).where('meeting_id', '=', id).orderBy('id').limit(500).execute(),
    m.campaign_id ? db.selectFrom('campaigns').select('title').where('id', '=', m.campaign_id).executeTakeFirst() : Promise.resolve(undefined),
    membersUnder(db, m.org_path),
  ]);
  const memberIds = new Set(members.map((p) => p.id));
  const makeup = new Map(makeups.map((r) => [r.person_id, hoursOf(r.minutes_long)]));
  const recorded = new Set(attendance.map((a) => a.person_id));
  const host = m.host_person_id ? (await peopleNames(db, [m.host_person_id])).get(m.host_person_id) ?? null : null;
  return {
    id: m.id, orgId: m.org_id, orgName: m.org_name, campaignId: m.campaign_id, campaignTitle: campaign?.title ?? null, kind: m.kind as MeetingKind, title: m.title,
    day: m.day, startTime: m.start_time, place: m.place, hours: hoursOf(m.minutes_long), held: Boolean(Number(m.held)), agenda: m.agenda, minutes: m.minutes,
    hostPersonId: m.host_person_id, hostName: host,
    present: attendance.filter((a) => a.status === 'present').length, expected: attendance.length,
    readings,
    attendance: attendance.map((a) => ({
      personId: a.person_id, name: a.name, status: a.status as 'present', spoke: Boolean(Number(a.spoke)), via: a.via as 'staff', signedInAt: a.signed_in_at,
      inspector: !memberIds.has(a.person_id), makeupHours: makeup.get(a.person_id) ?? null,
    })),
    notRecorded: members.filter((p) => !recorded.has(p.id)).map((p) => ({ personId: p.id, name: p.name })),
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: Number(f.size), createdAt: f.created_at })),
    comments: comments.map((c) => ({ id: c.id, author: c.name, body: c.body, createdAt: c.created_at, mine: c.account_id === actor.accountId })),
    opinions: opinions.map((o) => ({ id: o.id, category: o.category, content: o.content, named: Boolean(Number(o.named)), status: o.status })),
    signinOpen: m.signin_hash !== null,
    abilities: meetingAbilities(actor, m.at),
  };
}

/** The entries of a life meeting and what is still missing among those present. */
export async function loadCriticism(db: Db, actor: Actor, id: string): Promise<CriticismSheet> {
  const m = await findMeeting(db, id, actor);
  if (!m || !canReadCriticism(actor, m.at)) throw new HttpError('not_found');
  const [entries, present] = await Promise.all([
    db.selectFrom('criticism_entries').selectAll().where('meeting_id', '=', id).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('meeting_attendance as a').innerJoin('people as p', 'p.id', 'a.person_id').select(['p.id', 'p.name']).where('a.meeting_id', '=', id).where('a.status', '=', 'present').orderBy('p.name').execute(),
  ]);
  const names = await peopleNames(db, entries.flatMap((e) => [e.from_person_id, e.to_person_id]));
  const said = new Set(entries.map((e) => `${e.from_person_id}>${e.to_person_id}`));
  const missingSelf = present.filter((p) => !said.has(`${p.id}>${p.id}`)).map((p) => ({ personId: p.id, name: p.name }));
  const missingPairs = present.flatMap((a) => present.filter((b) => b.id !== a.id && !said.has(`${a.id}>${b.id}`)).map((b) => ({ fromPersonId: a.id, fromName: a.name, toPersonId: b.id, toName: b.name })));
  return {
    entries: entries.map((e) => ({
      id: e.id, fromPersonId: e.from_person_id, fromName: names.get(e.from_person_id) ?? '', toPersonId: e.to_person_id, toName: names.get(e.to_person_id) ?? '',
      self: e.from_person_id === e.to_person_id, content: e.content, response: e.response, problemId: e.problem_id, createdAt: e.created_at,
    })),
    completeness: { participants: present.length, missingSelf, missingPairs, complete: present.length > 0 && missingSelf.length === 0 && missingPairs.length === 0 },
    canWrite: canWriteCriticism(actor, m.at),
  };
}
