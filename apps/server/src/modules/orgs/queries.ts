import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { likeContains, underAny } from '../../kernel/db.js';
export { underAny };

export const findOrg = (db: Db, id: string) => db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();

export async function listOrgs(db: Db, scope: string[] | null, includeArchived: boolean, onlyId?: string) {
  let q = db
    .selectFrom('orgs as o')
    .select((eb) => [
      'o.id', 'o.parent_id', 'o.name', 'o.kind', 'o.path', 'o.archived_at', 'o.sort_order',
      eb
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.org_id', '=', 'o.id')
        .where('p.archived_at', 'is', null)
        .as('member_count'),
    ])
    .orderBy('o.sort_order')
    .orderBy('o.created_at')
    .orderBy('o.id');
  if (scope) q = q.where(underAny(sql.ref('o.path'), scope));
  if (!includeArchived) q = q.where('o.archived_at', 'is', null);
  if (onlyId) q = q.where('o.id', '=', onlyId);
  return q.execute();
}

export const siblingNamed = (db: Db, parentId: string | null, name: string, exceptId?: string) => {
  let q = db.selectFrom('orgs').select('id').where('name', '=', name).where('archived_at', 'is', null);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
};

/** Every organisation a person belongs to, with its path: what person policies are decided on. */
export const membershipsOf = (db: Db, personIds: string[]) =>
  personIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('memberships as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .select(['m.person_id', 'o.id as org_id', 'o.name as org_name', 'o.path'])
        .where('m.person_id', 'in', personIds)
        .orderBy('o.path')
        .execute();

export const personColumns = [
  'p.id', 'p.name', 'p.gender', 'p.phone', 'p.position', 'p.party_member', 'p.archived_at', 'a.username',
] as const;

export const findPerson = (db: Db, id: string) =>
  db.selectFrom('people as p').leftJoin('accounts as a', 'a.person_id', 'p.id').select(personColumns).where('p.id', '=', id).executeTakeFirst();

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export interface PeopleFilter {
  /** Subtrees the caller may read; null: everywhere. */
  scope: string[] | null;
  /** Narrow to this organisation's subtree. */
  orgPath?: string;
  q?: string;
  includeArchived: boolean;
  after?: [string, string];
  limit: number;
}

/** One keyset page of people, ordered by name then id: as fast on page 200 as on page 1. */
export function listPeople(db: Db, f: PeopleFilter) {
  let q = db.selectFrom('people as p').leftJoin('accounts as a', 'a.person_id', 'p.id').select(personColumns);
  const within = [...(f.scope ? [f.scope] : []), ...(f.orgPath ? [[f.orgPath]] : [])];
  if (within.length > 0) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .innerJoin('orgs as o', 'o.id', 'm.org_id')
          .select(sql`1`.as('x'))
          .whereRef('m.person_id', '=', 'p.id')
          .where((e) => e.and(within.map((scope) => underAny(sql.ref('o.path'), scope)))),
      ),
    );
  }
  if (!f.includeArchived) q = q.where('p.archived_at', 'is', null);
  if (f.q) {
    const pattern = likeContains(f.q);
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    q = q.where(sql<SqlBool>`(lower(p.name) like lower(${pattern}) escape '\\' or p.phone like ${pattern} escape '\\')`);
  }
  if (f.after) {
    const [name, id] = f.after;
    q = q.where((eb: ExpressionBuilder<any, any>) => eb(eb.refTuple('p.name', 'p.id'), '>', eb.tuple(name, id)));
  }
  return q.orderBy('p.name').orderBy('p.id').limit(f.limit + 1).execute();
}

export const grantColumns = ['g.id', 'g.person_id', 'p.name as person_name', 'g.role', 'g.org_id', 'o.name as org_name', 'o.path', 'g.created_at'] as const;

export function grantsQuery(db: Db) {
  return db
    .selectFrom('grants as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .leftJoin('orgs as o', 'o.id', 'g.org_id')
    .select(grantColumns);
}

export const findGrant = (db: Db, id: string) => grantsQuery(db).where('g.id', '=', id).executeTakeFirst();
export type GrantRow = NonNullable<Awaited<ReturnType<typeof findGrant>>>;

export type { Database };
