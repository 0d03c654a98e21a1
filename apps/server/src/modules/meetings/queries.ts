import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../database.js';
import { likePrefix } from '../../kernel/db.js';
import type { Actor } from '../../kernel/policy.js';
import type { MeetingPlace } from './policy.js';

type Reader = Kysely<Database>;

/** A meeting with its org, and whether the reader attended or was present. */
export async function findMeeting(db: Reader, id: string, actor: Actor | null) {
  const row = await db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select(['o.path as org_path', 'o.name as org_name', 'o.archived_at as org_archived_at'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const mine = actor
    ? await db.selectFrom('meeting_attendance').select('status').where('meeting_id', '=', id).where('person_id', '=', actor.personId).executeTakeFirst()
    : undefined;
  const place: MeetingPlace = { orgPath: row.org_path, attended: Boolean(mine), present: mine?.status === 'present' };
  return { ...row, at: place };
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

/**
 * Who of `personIds` may be recorded at a meeting of the org at `orgPath`: members of its subtree
 * (not archived), and inspectors whose grant covers the org (列席). Two set-based reads.
 */
export async function attendable(db: Reader, orgPath: string, personIds: string[]): Promise<{ members: Set<string>; inspectors: Set<string> }> {
  if (personIds.length === 0) return { members: new Set(), inspectors: new Set() };
  const members = await db
    .selectFrom('memberships as ms')
    .innerJoin('orgs as o', 'o.id', 'ms.org_id')
    .innerJoin('people as p', 'p.id', 'ms.person_id')
    .select('ms.person_id')
    .distinct()
    .where('ms.person_id', 'in', personIds)
    .where('p.archived_at', 'is', null)
    .where(sql<SqlBool>`o.path like ${likePrefix(orgPath)} escape '\\'`)
    .execute();
  const grants = await db
    .selectFrom('grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.person_id', 'o.path'])
    .where('g.person_id', 'in', personIds)
    .where('g.role', '=', 'inspector')
    .execute();
  return {
    members: new Set(members.map((m) => m.person_id)),
    inspectors: new Set(grants.filter((g) => orgPath.startsWith(g.path)).map((g) => g.person_id)),
  };
}

/** Members of the org's subtree (not archived), by name: whom the secretary records. */
export async function membersUnder(db: Reader, orgPath: string) {
  return db
    .selectFrom('memberships as ms')
    .innerJoin('orgs as o', 'o.id', 'ms.org_id')
    .innerJoin('people as p', 'p.id', 'ms.person_id')
    .select(['p.id', 'p.name'])
    .distinct()
    .where('p.archived_at', 'is', null)
    .where(sql<SqlBool>`o.path like ${likePrefix(orgPath)} escape '\\'`)
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(5000)
    .execute();
}

export const peopleNames = async (db: Reader, ids: string[]): Promise<Map<string, string>> => {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};
