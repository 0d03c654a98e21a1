import { addDays } from '@massline/shared';
import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { jsonEntryIn, jsonFieldIn, likeContains, likePrefix, underAny, type Dialect } from '../../kernel/db.js';

type Reader = Db | Kysely<Database>;

/** A problem with what its presenters need: owner org and person, the rule it breaks, its number of sources. */
export const problemRows = (db: Reader) =>
  db
    .selectFrom('problems as p')
    .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
    .leftJoin('people as pp', 'pp.id', 'p.owner_person_id')
    .leftJoin('rules as r', 'r.id', 'p.rule_id')
    .leftJoin('rules as rp', 'rp.id', 'r.parent_id')
    .selectAll('p')
    .select((eb) => [
      'o.name as owner_org_name',
      'o.path as owner_org_path',
      'pp.name as owner_person_name',
      'r.code as rule_code',
      'r.title as rule_title',
      'rp.title as rule_parent_title',
      eb.selectFrom('problem_sources as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.problem_id', '=', 'p.id').as('source_count'),
    ]);

export type ProblemRow = NonNullable<Awaited<ReturnType<ReturnType<typeof problemRows>['executeTakeFirst']>>>;

export const findProblem = (db: Reader, id: string) => problemRows(db).where('p.id', '=', id).executeTakeFirst();

export interface ProblemFilter {
  /** Org paths the caller reads problems under; null = everywhere. */
  scope: string[] | null;
  /** Also the problems owned by this person, wherever they sit (a cadre's own). */
  orPersonId: string | null;
  /** Only the problems owned by this person. */
  personId?: string;
  orgPath?: string;
  category?: string;
  status?: string;
  severity?: string;
  sourceType?: string;
  /** Inclusive days (YYYY-MM-DD), compared with the ISO time of creation. */
  from?: string;
  to?: string;
  q?: string;
  after?: [string, string];
  limit: number;
}

const nextDay = (day: string) => addDays(day, 1);

/** Newest first, keyset-paged on (created_at, id): page 200 costs what page 1 does. */
export function listProblems(db: Reader, f: ProblemFilter) {
  let q = problemRows(db);
  if (f.scope) {
    const scope = f.scope;
    q = q.where((eb) => {
      const within = underAny(sql.ref('o.path'), scope);
      return f.orPersonId ? eb.or([within, eb('p.owner_person_id', '=', f.orPersonId)]) : within;
    });
  }
  if (f.personId) q = q.where('p.owner_person_id', '=', f.personId);
  if (f.orgPath) q = q.where(sql<SqlBool>`o.path like ${likePrefix(f.orgPath)} escape '\\'`);
  if (f.category) q = q.where('p.category', '=', f.category);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.severity) q = q.where('p.severity', '=', f.severity);
  if (f.sourceType) {
    const type = f.sourceType;
    q = q.where((eb) => eb.exists(eb.selectFrom('problem_sources as st').select(sql`1`.as('x')).whereRef('st.problem_id', '=', 'p.id').where('st.source_type', '=', type)));
  }
  if (f.from) q = q.where('p.created_at', '>=', f.from);
  if (f.to) q = q.where('p.created_at', '<', nextDay(f.to));
  // `search` holds the lower-cased title, description and source excerpts: a substring match finds Chinese words.
  if (f.q) q = q.where(sql<SqlBool>`p.search like ${likeContains(f.q.toLowerCase())} escape '\\'`);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb: ExpressionBuilder<any, any>) => eb(eb.refTuple('p.created_at', 'p.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(f.limit + 1).execute();
}

/**
 * What keyword search looks in: the title, the description and what the sources said (an opinion's
 * words often differ from the title the office gave the problem), lower-cased.
 */
export const searchText = (title: string, description: string, excerpts: string[] = []) => [title, description, ...excerpts].join('\n').toLowerCase();

/** Recompute a problem's search text after its title, description or sources changed. */
export async function refreshSearch(db: Reader, problemId: string): Promise<void> {
  const p = await db.selectFrom('problems').select(['title', 'description']).where('id', '=', problemId).executeTakeFirstOrThrow();
  const sources = await db.selectFrom('problem_sources').select('excerpt').where('problem_id', '=', problemId).orderBy('created_at').orderBy('id').execute();
  await db.updateTable('problems').set({ search: searchText(p.title, p.description, sources.map((s) => s.excerpt).filter(Boolean)) }).where('id', '=', problemId).execute();
}

export const findOrgById = (db: Reader, id: string) =>
  db.selectFrom('orgs').select(['id', 'name', 'path', 'parent_id', 'archived_at']).where('id', '=', id).executeTakeFirst();

/** Is the person a member of the org or of one below it? */
export async function isMemberUnder(db: Reader, personId: string, orgPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('people as pe', 'pe.id', 'm.person_id')
    .select('m.person_id')
    .where('m.person_id', '=', personId)
    .where('pe.archived_at', 'is', null)
    .where(sql<SqlBool>`o.path like ${likePrefix(orgPath)} escape '\\'`)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export const findRule = (db: Reader, id: string) => db.selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst();

export const listRules = (db: Reader, includeArchived: boolean) => {
  let q = db.selectFrom('rules').selectAll();
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('sort_order').orderBy('title').orderBy('id').execute();
};

/** An opinion with the org it concerns (the opinions table is read here only to link and show sources). */
export const findOpinionForSource = (db: Reader, id: string) =>
  db
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .select(['op.id', 'op.org_id', 'op.content', 'o.path as org_path'])
    .where('op.id', '=', id)
    .executeTakeFirst();

export const problemOfOpinion = (db: Reader, opinionId: string) =>
  db.selectFrom('problem_sources').select('problem_id').where('opinion_id', '=', opinionId).limit(1).executeTakeFirst();

export const problemOfAnswer = (db: Reader, a: { responseId: string; question: string; row: string | null }) =>
  db
    .selectFrom('problem_sources')
    .select('problem_id')
    .where('response_id', '=', a.responseId)
    .where('question', '=', a.question)
    .where((eb) => (a.row === null ? eb('ref_id', 'is', null) : eb('ref_id', '=', a.row)))
    .limit(1)
    .executeTakeFirst();

export const sourcesOf = (db: Reader, problemId: string) =>
  db.selectFrom('problem_sources').selectAll().where('problem_id', '=', problemId).orderBy('created_at').orderBy('id').execute();

export const opinionsByIds = (db: Reader, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('opinions as op')
      .innerJoin('orgs as o', 'o.id', 'op.org_id')
      .select(['op.id', 'op.channel', 'op.category', 'op.day', 'op.content', 'op.status', 'o.name as org_name'])
      .where('op.id', 'in', ids)
      .execute();

export const formsByIds = (db: Reader, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('forms').select(['id', 'title', 'kind', 'anonymous', 'definition']).where('id', 'in', ids).execute();

export const responsesByIds = (db: Reader, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('responses').select(['id', 'form_id', 'answers', 'subject_id']).where('id', 'in', ids).execute();

export const peopleNames = (db: Reader, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();

/** Walk forward from opinions to the problems they feed (one each at most). */
export function problemsBySource(db: Reader, by: { opinionIds: string[] }) {
  if (by.opinionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('problem_sources as s')
    .innerJoin('problems as p', 'p.id', 's.problem_id')
    .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
    .select(['s.opinion_id as opinionId', 'p.id as problemId', 'p.title', 'p.status', 'p.owner_org_id as ownerOrgId', 'o.path as ownerOrgPath', 'p.owner_person_id as ownerPersonId'])
    .where('s.opinion_id', 'in', by.opinionIds)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute() as Promise<{ opinionId: string; problemId: string; title: string; status: string; ownerOrgId: string; ownerOrgPath: string; ownerPersonId: string | null }[]>;
}

/** Orgs (not archived) under any of these paths, or all when `scope` is null. */
export function orgsUnder(db: Reader, scope: string[] | null) {
  let q = db.selectFrom('orgs').select(['id', 'name', 'parent_id', 'path']).where('archived_at', 'is', null);
  if (scope) q = q.where(underAny(sql.ref('path'), scope));
  return q.orderBy('path').execute();
}

/** The problem counters (and 'opinions.problem') of the orgs under these paths. */
export function problemCounters(db: Reader, scope: string[] | null) {
  let q = db
    .selectFrom('org_counts as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.org_id', 'c.metric', 'c.count'])
    .where((eb) => eb.or([eb('c.metric', '=', 'problems'), eb('c.metric', 'like', 'problems.%'), eb('c.metric', '=', 'opinions.problem')]));
  if (scope) q = q.where(underAny(sql.ref('o.path'), scope));
  return q.execute();
}

/** Which answers count as low marks: a top-level field among some values, or matrix rows graded low. */
export type LowMatch =
  | { kind: 'field'; key: string; values: (string | number)[] }
  | { kind: 'entries'; key: string; rows: string[] | null; values: string[] };

export interface LowAnswerFilter {
  formId: string;
  match: LowMatch;
  orgId?: string;
  subjectId?: string;
  /** Org paths the responses must come from (a reader of a form from above sees their own part); null = all. */
  scope: string[] | null;
}

/** The responses of a form in the caller's view, with or without the low-mark condition. */
function responsesInView(db: Reader, dialect: Dialect, f: LowAnswerFilter, low: boolean) {
  let q = db.selectFrom('responses as r').leftJoin('orgs as o', 'o.id', 'r.org_id').where('r.form_id', '=', f.formId);
  if (f.orgId) q = q.where('r.org_id', '=', f.orgId);
  if (f.subjectId) q = q.where('r.subject_id', '=', f.subjectId);
  if (f.scope) q = q.where(underAny(sql.ref('o.path'), f.scope));
  if (low) {
    const answers = sql.ref<string>('r.answers');
    const m = f.match;
    q = q.where(m.kind === 'field' ? jsonFieldIn(dialect, answers, m.key, m.values) : jsonEntryIn(dialect, answers, m.key, m.rows, m.values));
  }
  return q;
}

/** Responses with a low mark, newest day first, keyset-paged on (day, id) like the text answers. */
export function lowAnswerRows(db: Reader, dialect: Dialect, f: LowAnswerFilter, after: [string, string] | undefined, limit: number) {
  let q = responsesInView(db, dialect, f, true)
    .leftJoin('people as pe', 'pe.id', 'r.subject_id')
    .select(['r.id', 'r.day', 'r.answers', 'r.org_id', 'o.name as org_name', 'r.subject_id', 'pe.name as subject_name']);
  if (after) {
    const [day, id] = after;
    q = q.where((eb) => eb.or([eb('r.day', '<', day), eb.and([eb('r.day', '=', day), eb('r.id', '>', id)])]));
  }
  return q.orderBy('r.day', 'desc').orderBy('r.id').limit(limit + 1).execute();
}

/** How many responses are in view (`low`: only those with a low mark). */
export async function countResponsesInView(db: Reader, dialect: Dialect, f: LowAnswerFilter, low: boolean): Promise<number> {
  const row = await responsesInView(db, dialect, f, low).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The problems these answers to one question already feed, with what deciding who may read them takes. */
export const problemsOfAnswers = (db: Reader, responseIds: string[], question: string) =>
  responseIds.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('problem_sources as s')
      .innerJoin('problems as p', 'p.id', 's.problem_id')
      .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
      .select(['s.response_id', 's.ref_id', 'p.id as problem_id', 'o.path as owner_org_path', 'p.owner_person_id'])
      .where('s.response_id', 'in', responseIds)
      .where('s.question', '=', question)
      .execute();
