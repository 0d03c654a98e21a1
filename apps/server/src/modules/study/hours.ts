import { sql, type Kysely, type QueryCreator, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { likePrefix } from '../../kernel/db.js';

type Reader = Db | Kysely<Database>;
/** Whose minutes to add up: (org_id, person_id) pairs. */
type Members = (qc: QueryCreator<Database>) => SelectQueryBuilder<Database, any, { org_id: string; person_id: string }>;

/** (org_id, person_id): each person (not archived) once per target org whose subtree holds a membership of theirs. */
function membersOfOrgs(qc: QueryCreator<Database>, orgIds: readonly string[]) {
  return qc
    // The orgs of each target's subtree first, over the orgs alone (targets × orgs path comparisons),
    // and only then their memberships through the org index: left to itself SQLite scanned every
    // membership against every target.
    .with((cte) => cte('subtree').materialized(), (q) =>
      q
        .selectFrom('orgs as t')
        // substr() rather than LIKE: exact whatever characters an id holds, on both databases.
        .innerJoin('orgs as o', (join) => join.on(sql<SqlBool>`substr(o.path, 1, length(t.path)) = t.path`))
        .select(['t.id as target_id', 'o.id as org_id'])
        .where('t.id', 'in', orgIds)
        .where('o.archived_at', 'is', null))
    .selectFrom('subtree as t')
    .innerJoin('memberships as ms', 'ms.org_id', 't.org_id')
    .innerJoin('people as p', 'p.id', 'ms.person_id')
    .select(['t.target_id as org_id', 'ms.person_id'])
    .distinct()
    .where('p.archived_at', 'is', null);
}

/**
 * Study hours of a campaign. A person's minutes are the lengths of the campaign's held study
 * sessions (meetings of kind `study`, held = 1) at which they were present, plus their make-up
 * study of those sessions (补学), a make-up counted only when they were not also recorded present.
 *
 * One row per member and session attended (src 0; a member who attended none has one row with
 * null minutes) or make-up (src 1), reached from the members through the attendance's person
 * index: plain joins whose plan stays good before the database has gathered statistics on fresh
 * data (joining members to per-person aggregates was planned as a nested loop over the whole
 * aggregate on PostgreSQL then, two seconds for 100 orgs instead of 20 ms).
 */
function minutesRows(db: Reader, campaignId: string, members: Members) {
  return db
    .with('members', members)
    .with('rows', (qb) =>
      qb
        .selectFrom('members as mb')
        .leftJoin('meeting_attendance as a', (join) => join.onRef('a.person_id', '=', 'mb.person_id').on('a.status', '=', 'present'))
        .leftJoin('meetings as m', (join) =>
          join.onRef('m.id', '=', 'a.meeting_id').on('m.campaign_id', '=', campaignId).on('m.kind', '=', 'study').on('m.held', '=', 1))
        .select(['mb.org_id', 'mb.person_id', sql<number>`0`.as('src'), 'm.minutes_long as minutes'])
        .unionAll((qb2) =>
          qb2
            .selectFrom('study_makeups as s')
            .innerJoin('meetings as m', 'm.id', 's.meeting_id')
            .innerJoin('members as mb', 'mb.person_id', 's.person_id')
            .select(['mb.org_id', 'mb.person_id', sql<number>`1`.as('src'), 's.minutes_long as minutes'])
            .where('m.campaign_id', '=', campaignId)
            .where('m.kind', '=', 'study')
            .where('m.held', '=', 1)
            .where((eb) => eb.not(eb.exists(
              eb.selectFrom('meeting_attendance as pa').select('pa.person_id')
                .whereRef('pa.meeting_id', '=', 's.meeting_id').whereRef('pa.person_id', '=', 's.person_id').where('pa.status', '=', 'present'),
            )))));
}

export interface OrgStudyHours {
  /** Distinct people (not archived) with a membership in the org or any org below it (not archived). */
  members: number;
  /** Their minutes added up. */
  totalMinutes: number;
}

/**
 * Study hours of many orgs at once, for the progress board ("average study hours of an org's
 * members ≥ N" is `totalMinutes / members / 60 >= N`). An org's members are those of its whole
 * subtree, each person once however many memberships they hold there: a branch's members include
 * those of its party groups, and a township's those of all its branches. One query whatever the
 * number of orgs (grouped per org); every org asked has an entry, zero when it has no members or
 * does not exist.
 */
export async function studyHoursByOrg(db: Reader, campaignId: string, orgIds: readonly string[]): Promise<Map<string, OrgStudyHours>> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, OrgStudyHours>(ids.map((id) => [id, { members: 0, totalMinutes: 0 }]));
  if (ids.length === 0) return out;
  const rows = await minutesRows(db, campaignId, (d) => membersOfOrgs(d, ids))
    .selectFrom('rows as r')
    .select((eb) => ['r.org_id', eb.fn.count<number>('r.person_id').distinct().as('members'), eb.fn.sum<number>('r.minutes').as('total')])
    .groupBy('r.org_id')
    .execute();
  for (const r of rows) out.set(r.org_id, { members: Number(r.members), totalMinutes: Number(r.total ?? 0) });
  return out;
}

export interface PersonStudyRow {
  id: string;
  name: string;
  sessions: number;
  sessionMinutes: number;
  makeupMinutes: number;
  /** Their orgs inside the subtree, by path. */
  orgs: string[];
}

/** Per person: sessions attended, their minutes, make-up minutes. */
function perPerson(db: Reader, campaignId: string, members: Members) {
  return minutesRows(db, campaignId, members)
    .selectFrom('rows as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'p.id', 'p.name',
      sql<number>`count(case when r.src = 0 then r.minutes end)`.as('sessions'),
      sql<number>`coalesce(sum(case when r.src = 0 then r.minutes end), 0)`.as('session_minutes'),
      sql<number>`coalesce(sum(case when r.src = 1 then r.minutes end), 0)`.as('makeup_minutes'),
    ])
    .groupBy(['p.id', 'p.name']);
}

/** Every member of an org's subtree with their minutes (two queries: the people, their orgs). */
export async function studyHoursOfMembers(db: Reader, campaignId: string, org: { id: string; path: string }): Promise<PersonStudyRow[]> {
  const rows = await perPerson(db, campaignId, (d) => membersOfOrgs(d, [org.id])).execute();
  const orgs = await db
    .selectFrom('memberships as ms')
    .innerJoin('orgs as o', 'o.id', 'ms.org_id')
    .select(['ms.person_id', 'o.name'])
    .where(sql<SqlBool>`o.path like ${likePrefix(org.path)} escape '\\'`)
    .where('o.archived_at', 'is', null)
    .orderBy('o.path')
    .execute();
  const orgsOf = new Map<string, string[]>();
  for (const m of orgs) orgsOf.set(m.person_id, [...(orgsOf.get(m.person_id) ?? []), m.name]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sessions: Number(r.sessions),
    sessionMinutes: Number(r.session_minutes),
    makeupMinutes: Number(r.makeup_minutes),
    orgs: orgsOf.get(r.id) ?? [],
  }));
}

/** One person's minutes in a campaign, whichever orgs they belong to. */
export async function studyHoursOfPerson(db: Reader, campaignId: string, personId: string) {
  const row = await perPerson(db, campaignId, (qc) => qc.selectFrom('people as p').select([sql<string>`''`.as('org_id'), 'p.id as person_id']).where('p.id', '=', personId)).executeTakeFirst();
  const sessionMinutes = Number(row?.session_minutes ?? 0);
  const makeupMinutes = Number(row?.makeup_minutes ?? 0);
  return { sessions: Number(row?.sessions ?? 0), sessionMinutes, makeupMinutes, totalMinutes: sessionMinutes + makeupMinutes };
}
