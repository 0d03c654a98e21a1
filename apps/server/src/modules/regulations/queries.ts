import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { likeContains, likePrefix, underAny } from '../../kernel/db.js';

type Reader = Db | Kysely<Database>;

/** A rule with its org and number of linked problems; never its document's bytes. */
export const regulationRows = (db: Reader) =>
  db
    .selectFrom('regulations as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select((eb) => [
      'r.id', 'r.title', 'r.org_id', 'r.type', 'r.effective_day', 'r.summary', 'r.doc_name', 'r.doc_mime', 'r.doc_size', 'r.created_at', 'r.updated_at',
      'o.name as org_name', 'o.path as org_path',
      eb.selectFrom('regulation_problems as rp').select((e) => e.fn.countAll<number>().as('n')).whereRef('rp.regulation_id', '=', 'r.id').as('problem_count'),
    ]);

export type RegulationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof regulationRows>['executeTakeFirst']>>>;

export const findRegulation = (db: Reader, id: string) => regulationRows(db).where('r.id', '=', id).executeTakeFirst();

export interface RegulationFilter {
  /** Org paths the caller reads rules under; null = everywhere. */
  scope: string[] | null;
  orgPath?: string;
  type?: string;
  /** Inclusive days (YYYY-MM-DD) of coming into force. */
  from?: string;
  to?: string;
  q?: string;
  after?: [string, string];
  limit: number;
}

/** Newest in force first, keyset-paged on (effective_day, id). */
export function listRegulations(db: Reader, f: RegulationFilter) {
  let q = regulationRows(db);
  if (f.scope) q = q.where(underAny(sql.ref('o.path'), f.scope));
  if (f.orgPath) q = q.where(sql<SqlBool>`o.path like ${likePrefix(f.orgPath)} escape '\\'`);
  if (f.type) q = q.where('r.type', '=', f.type);
  if (f.from) q = q.where('r.effective_day', '>=', f.from);
  if (f.to) q = q.where('r.effective_day', '<=', f.to);
  if (f.q) q = q.where(sql<SqlBool>`r.search like ${likeContains(f.q.toLowerCase())} escape '\\'`);
  if (f.after) {
    const [day, id] = f.after;
    q = q.where((eb: ExpressionBuilder<any, any>) => eb(eb.refTuple('r.effective_day', 'r.id'), '<', eb.tuple(day, id)));
  }
  return q.orderBy('r.effective_day', 'desc').orderBy('r.id', 'desc').limit(f.limit + 1).execute();
}

/** What keyword search looks in: the title and the summary, lower-cased. */
export const searchText = (title: string, summary: string) => `${title}\n${summary}`.toLowerCase();

export const findOrgById = (db: Reader, id: string) =>
  db.selectFrom('orgs').select(['id', 'name', 'path', 'archived_at']).where('id', '=', id).executeTakeFirst();

/**
 * Problems with what deciding who may read them takes (the problems table is read here only to
 * link rules to problems and to show them).
 */
export const problemsByIds = (db: Reader, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('problems as p')
      .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
      .select(['p.id', 'p.title', 'p.status', 'p.owner_org_id', 'o.name as owner_org_name', 'o.path as owner_org_path', 'p.owner_person_id'])
      .where('p.id', 'in', ids)
      .execute();

export type LinkedProblemRow = Awaited<ReturnType<typeof linkedProblems>>[number];

/** The problems linked to these rules, oldest link first. */
export const linkedProblems = (db: Reader, regulationIds: string[]) =>
  regulationIds.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('regulation_problems as rp')
      .innerJoin('problems as p', 'p.id', 'rp.problem_id')
      .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
      .select(['rp.regulation_id', 'p.id', 'p.title', 'p.status', 'p.owner_org_id', 'o.name as owner_org_name', 'o.path as owner_org_path', 'p.owner_person_id'])
      .where('rp.regulation_id', 'in', regulationIds)
      .orderBy('rp.linked_at')
      .orderBy('p.id')
      .execute();

export const linkedIds = async (db: Reader, regulationId: string) =>
  (await db.selectFrom('regulation_problems').select('problem_id').where('regulation_id', '=', regulationId).execute()).map((r) => r.problem_id);

export const findDocument = (db: Reader, id: string) =>
  db.selectFrom('regulations').select(['doc_name', 'doc_mime', 'doc_data']).where('id', '=', id).executeTakeFirst();

/** Walk forward from problems to the rules made because of them (the end of a problem's trail). */
export function regulationsByProblem(db: Reader, problemIds: string[]) {
  if (problemIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('regulation_problems as rp')
    .innerJoin('regulations as r', 'r.id', 'rp.regulation_id')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select([
      'rp.problem_id as problemId', 'r.id', 'r.title', 'r.type', 'r.effective_day as effectiveDay', 'r.org_id as orgId', 'o.name as orgName', 'o.path as orgPath',
      sql<number>`case when r.doc_size is null then 0 else 1 end`.as('hasDocument'),
    ])
    .where('rp.problem_id', 'in', problemIds)
    .orderBy('r.effective_day', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}
