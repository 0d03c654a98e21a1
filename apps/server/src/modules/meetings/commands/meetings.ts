import { lifeMeetingKinds, type AttendanceEntry, type MeetingCreateBody, type MeetingUpdateBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { campaignOn, phaseGate } from '../../campaigns/index.js';
import { authorizeMeeting, meetingsPolicy, canReadMeeting } from '../policy.js';
import { attendable, findMeeting, peopleNames } from '../queries.js';
import { campaignDay } from '../../../kernel/clock.js';

type Trx = Transaction<Database>;
export const kindLabels: Record<string, string> = {
  mobilisation: '动员大会', study: '集中学习', forum_individual: '座谈会（个别听）', forum_group: '座谈会（集体谈）',
  democratic_life: '民主生活会', org_life: '组织生活会', topic_discussion: '专题讨论',
};
const toMinutes = (hours: number) => Math.round(hours * 60);

/** Everyone named (host, attendance) may attend a meeting of this org: its members, or inspectors over it. */
async function checkPeople(trx: Trx, org: { path: string; name: string }, personIds: string[]): Promise<Outcome<{ inspectors: Set<string> }>> {
  const ids = [...new Set(personIds)];
  const { members, inspectors } = await attendable(trx, org.path, ids);
  const outsider = ids.find((id) => !members.has(id) && !inspectors.has(id));
  if (outsider) {
    const names = await peopleNames(trx, [outsider]);
    if (!names.has(outsider)) return refuse('not_found');
    return refuse('meeting_not_member', { name: names.get(outsider)!, org: org.name });
  }
  return ok({ inspectors });
}

/** Readings covered must be on the reading list of the meeting's campaign; only study sessions cover any. */
async function checkReadings(trx: Trx, kind: string, campaignId: string | null, readingIds: string[]): Promise<Outcome<null>> {
  if (readingIds.length === 0) return ok(null);
  if (kind !== 'study') return refuse('meeting_not_study');
  if (!campaignId) return refuse('meeting_reading_unknown');
  const found = await trx.selectFrom('campaign_readings').select('id').where('campaign_id', '=', campaignId).where('id', 'in', [...new Set(readingIds)]).execute();
  return found.length === new Set(readingIds).size ? ok(null) : refuse('meeting_reading_unknown');
}

/** Life meetings only while the phase opens them; minutes only once the day has come. */
async function checkWhen(trx: Trx, deps: Deps, kind: string, orgPath: string, day: string, minutes: string): Promise<Outcome<null>> {
  if (lifeMeetingKinds.includes(kind as never)) {
    const gate = await phaseGate(trx, orgPath, day, 'lifeMeetings');
    if (!gate.ok) return gate;
  }
  const today = campaignDay(deps.clock.now());
  if (minutes && day > today) return refuse('meeting_future_minutes', { day });
  return ok(null);
}

async function writeAttendance(trx: Trx, meetingId: string, entries: AttendanceEntry[], replaceStaff: boolean): Promise<void> {
  const last = new Map(entries.map((e) => [e.personId, e]));
  if (replaceStaff) await trx.deleteFrom('meeting_attendance').where('meeting_id', '=', meetingId).where('via', '=', 'staff').execute();
  if (last.size === 0) return;
  await trx.deleteFrom('meeting_attendance').where('meeting_id', '=', meetingId).where('person_id', 'in', [...last.keys()]).execute();
  const rows = [...last.values()].map((e) => ({ meeting_id: meetingId, person_id: e.personId, status: e.status, spoke: e.spoke ? 1 : 0, signed_in_at: null, via: 'staff' }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('meeting_attendance').values(rows.slice(i, i + 500)).execute();
  // Present now: a make-up recorded while absent no longer applies.
  const present = [...last.values()].filter((e) => e.status === 'present').map((e) => e.personId);
  if (present.length) await trx.deleteFrom('study_makeups').where('meeting_id', '=', meetingId).where('person_id', 'in', present).execute();
}

/** A secretary (or the office) records a meeting of their org, with attendance and minutes if held. */
export function createMeeting(deps: Deps, actor: Actor, input: MeetingCreateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await trx.selectFrom('orgs').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org || !canReadMeeting(actor, { orgPath: org.path, attended: false, present: false })) return refuse('not_found');
    meetingsPolicy.authorize(actor, 'meeting.manage', atOrg(org.path));
    if (org.archived_at) return refuse('org_archived');
    const when = await checkWhen(trx, deps, input.kind, org.path, input.day, input.minutes);
    if (!when.ok) return when;
    const people = await checkPeople(trx, org, [...input.attendance.map((a) => a.personId), ...(input.hostPersonId ? [input.hostPersonId] : [])]);
    if (!people.ok) return people;
    const campaign = await campaignOn(trx, org.path, input.day);
    const readings = await checkReadings(trx, input.kind, campaign?.id ?? null, input.readingIds);
    if (!readings.ok) return readings;
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('meetings').values({
      id, campaign_id: campaign?.id ?? null, org_id: org.id, kind: input.kind, title: input.title, agenda: input.agenda, place: input.place, day: input.day,
      start_time: input.startTime, minutes_long: toMinutes(input.hours), host_person_id: input.hostPersonId ?? null, minutes: input.minutes,
      held: input.minutes ? 1 : 0, signin_hash: null, created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    if (input.readingIds.length) await trx.insertInto('meeting_readings').values([...new Set(input.readingIds)].map((r) => ({ meeting_id: id, reading_id: r }))).execute();
    await writeAttendance(trx, id, input.attendance, false);
    await recordAudit(trx, deps, actor, { action: 'meeting.create', entityType: 'meeting', entityId: id, orgPath: org.path, summary: `记录${kindLabels[input.kind]}“${input.title}”（${org.name}，${input.day}）` });
    return ok({ id });
  });
}

export function updateMeeting(deps: Deps, actor: Actor, id: string, input: MeetingUpdateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    const day = input.day ?? m.day;
    const minutes = input.minutes ?? m.minutes;
    const when = await checkWhen(trx, deps, m.kind, m.org_path, day, minutes);
    if (!when.ok) return when;
    if (input.hostPersonId) {
      const people = await checkPeople(trx, { path: m.org_path, name: m.org_name }, [input.hostPersonId]);
      if (!people.ok) return people;
    }
    const campaignId = input.day && input.day !== m.day ? ((await campaignOn(trx, m.org_path, day))?.id ?? null) : m.campaign_id;
    let readingIds = input.readingIds;
    if (!readingIds && campaignId !== m.campaign_id) readingIds = [];
    if (readingIds) {
      const readings = await checkReadings(trx, m.kind, campaignId, readingIds);
      if (!readings.ok) return readings;
      await trx.deleteFrom('meeting_readings').where('meeting_id', '=', id).execute();
      if (readingIds.length) await trx.insertInto('meeting_readings').values([...new Set(readingIds)].map((r) => ({ meeting_id: id, reading_id: r }))).execute();
    }
    await trx.updateTable('meetings').set({
      title: input.title ?? m.title, agenda: input.agenda ?? m.agenda, place: input.place ?? m.place, day, start_time: input.startTime ?? m.start_time,
      minutes_long: input.hours !== undefined ? toMinutes(input.hours) : m.minutes_long,
      host_person_id: input.hostPersonId !== undefined ? input.hostPersonId : m.host_person_id,
      minutes, held: minutes ? 1 : 0, campaign_id: campaignId, updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    const what = input.minutes !== undefined && input.minutes !== m.minutes ? '会议记录' : '会议信息';
    await recordAudit(trx, deps, actor, { action: 'meeting.update', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `修改${kindLabels[m.kind]}“${input.title ?? m.title}”的${what}` });
    return ok({ id });
  });
}

/** The attendance as the secretary records it: staff rows are replaced, QR sign-ins stay unless listed. */
export function setAttendance(deps: Deps, actor: Actor, id: string, entries: AttendanceEntry[]): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    const people = await checkPeople(trx, { path: m.org_path, name: m.org_name }, entries.map((e) => e.personId));
    if (!people.ok) return people;
    await writeAttendance(trx, id, entries, true);
    await trx.updateTable('meetings').set({ updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    const present = entries.filter((e) => e.status === 'present').length;
    await recordAudit(trx, deps, actor, { action: 'meeting.attendance', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `登记“${m.title}”的出席情况（出席 ${present} 人，共 ${entries.length} 人）` });
    return ok({ id });
  });
}
