import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../../database.js';

type Reader = Db | Transaction<Database>;

/** Every column a presenter may choose from; the presenter decides what leaves. */
export const notificationRows = (db: Reader) => db.selectFrom('notifications').selectAll();
export type NotificationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof notificationRows>['executeTakeFirst']>>>;

/** One of the person's own; someone else's is as missing as one that never existed. */
export const findOwn = (db: Reader, personId: string, id: string) =>
  notificationRows(db).where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();

/** The person's own, newest first, keyset-paged on (created_at, id); one row more than the page tells whether another follows. */
export function listOwn(db: Reader, personId: string, f: { unread: boolean; after?: [string, string]; limit: number }) {
  let q = notificationRows(db).where('person_id', '=', personId);
  if (f.unread) q = q.where('read_at', 'is', null);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
}

export async function countUnread(db: Reader, personId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Mark read what is still unread (a notification read twice keeps the first time). */
export async function markRead(db: Reader, personId: string, ids: string[] | 'all', at: string): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('person_id', '=', personId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ------------------------------------------------------------------ what the jobs read

/** Grants of these roles held by people still active, each with its org. */
export const roleHolders = (db: Reader, roles: string[]) =>
  db
    .selectFrom('grants as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .select(['g.org_id', 'g.role', 'g.person_id'])
    .where('g.role', 'in', roles)
    .where('g.org_id', 'is not', null)
    .where('p.archived_at', 'is', null)
    .execute();

/** Overdue rectification items (planned or in progress, deadline passed), a page at a time in id order. */
export const overdueRectifications = (db: Reader, today: string, afterId: string | null, limit: number) => {
  let q = db
    .selectFrom('rectifications as r')
    .innerJoin('orgs as o', 'o.id', 'r.owner_org_id')
    // The owner only while still active: an archived owner falls back to the org's secretaries.
    .leftJoin('people as op', (j) => j.onRef('op.id', '=', 'r.owner_person_id').on('op.archived_at', 'is', null))
    .select(['r.id', 'r.title', 'r.deadline', 'op.id as owner_person_id', 'o.name as org_name', 'o.path as org_path'])
    .where('r.status', 'in', ['planned', 'in_progress'])
    .where('r.deadline', '<', today);
  if (afterId) q = q.where('r.id', '>', afterId);
  return q.orderBy('r.id').limit(limit).execute();
};

/** Open opinions (received or assigned) past their answer day, with the org answerable for each. */
export const overdueOpinions = (db: Reader, today: string, afterId: string | null, limit: number) => {
  let q = db
    .selectFrom('opinions as op')
    // The assignee org answers for it once assigned; until then the org it was heard in.
    .innerJoin('orgs as o', (j) => j.on((eb) => eb('o.id', '=', eb.fn.coalesce('op.assignee_org_id', 'op.org_id'))))
    .leftJoin('people as ap', (j) => j.onRef('ap.id', '=', 'op.assignee_person_id').on('ap.archived_at', 'is', null))
    .select(['op.id', 'op.content', 'op.due_day', 'ap.id as assignee_person_id', 'o.name as org_name', 'o.path as org_path'])
    .where('op.status', 'in', ['received', 'assigned'])
    .where('op.due_day', '<', today);
  if (afterId) q = q.where('op.id', '>', afterId);
  return q.orderBy('op.id').limit(limit).execute();
};

/**
 * Unread notifications per person and kind (digests aside), for people who can sign in to read
 * them: active, with an account that is not disabled.
 */
export const unreadByPersonAndKind = (db: Kysely<Database>) =>
  db
    .selectFrom('notifications as n')
    .innerJoin('people as p', 'p.id', 'n.person_id')
    .select(['n.person_id', 'n.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('n.read_at', 'is', null)
    .where('n.kind', '<>', 'digest')
    .where('p.archived_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('accounts as a').select(sql`1`.as('x')).whereRef('a.person_id', '=', 'n.person_id').where('a.disabled_at', 'is', null)))
    .groupBy(['n.person_id', 'n.kind'])
    .orderBy('n.person_id')
    .execute();
