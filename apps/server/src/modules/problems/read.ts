import {
  problemCategories, problemStatuses,
  type ProblemCounts, type ProblemDetail, type ProblemExportQuery, type ProblemListQuery, type ProblemPage,
} from '@massline/shared';
import type { z } from 'zod';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { canReadProblem, problemsPolicy } from './policy.js';
import { presentProblem, presentSource, type TrailData } from './presenters.js';
import {
  findOrgById, findProblem, formsByIds, listProblems, opinionsByIds, orgsUnder, peopleNames, problemCounters, responsesByIds, sourcesOf,
  type ProblemFilter, type ProblemRow,
} from './queries.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';

type Filters = z.infer<typeof ProblemExportQuery>;

export type ListFilter = Omit<ProblemFilter, 'limit' | 'after'>;

/** The list filter for a caller: what they read, narrowed by the query (an unknown org is 404). */
export async function filterFor(db: Db, actor: Actor, query: Filters): Promise<ListFilter> {
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await findOrgById(db, query.orgId);
    if (!org) throw new HttpError('not_found');
    orgPath = org.path;
  }
  return {
    scope: problemsPolicy.scope(actor, 'problem.read'),
    // A cadre (or anyone) also sees the problems they own.
    orPersonId: actor.personId,
    personId: query.mine === 'true' ? actor.personId : undefined,
    orgPath,
    category: query.category,
    status: query.status,
    severity: query.severity,
    sourceType: query.sourceType,
    from: query.from,
    to: query.to,
    q: query.q || undefined,
  };
}

export async function loadProblemPage(db: Db, actor: Actor, query: ProblemListQuery): Promise<ProblemPage> {
  const filter = await filterFor(db, actor, query);
  const rows = await listProblems(db, { ...filter, after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => presentProblem(actor, p)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/** Every problem the filter finds, page by page (for the export). */
export async function* allProblems(db: Db, filter: ListFilter): AsyncGenerator<ProblemRow> {
  let after: [string, string] | undefined;
  for (;;) {
    const rows = await listProblems(db, { ...filter, after, limit: 500 });
    const page = rows.slice(0, 500);
    yield* page;
    if (rows.length <= 500) return;
    const last = page[page.length - 1];
    after = [last.created_at, last.id];
  }
}

/** A problem the caller may read; one out of sight is 404. */
export async function readableProblem(db: Db, actor: Actor, id: string): Promise<ProblemRow> {
  const p = await findProblem(db, id);
  if (!p || !canReadProblem(actor, p)) throw new HttpError('not_found');
  return p;
}

/** A problem with its trail: every source, with the opinion or answer it points at. */
export async function loadProblem(db: Db, actor: Actor, id: string): Promise<ProblemDetail> {
  const p = await readableProblem(db, actor, id);
  const sources = await sourcesOf(db, id);
  const ids = (pick: (s: (typeof sources)[number]) => string | null) => [...new Set(sources.map(pick).filter((x): x is string => x !== null))];
  const [opinions, forms, responses] = await Promise.all([
    opinionsByIds(db, ids((s) => s.opinion_id)),
    formsByIds(db, ids((s) => s.form_id)),
    responsesByIds(db, ids((s) => s.response_id)),
  ]);
  const people = await peopleNames(db, [...new Set(responses.map((r) => r.subject_id).filter((x): x is string => x !== null))]);
  const trail: TrailData = {
    opinions: new Map(opinions.map((o) => [o.id, o])),
    forms: new Map(forms.map((f) => [f.id, f])),
    responses: new Map(responses.map((r) => [r.id, r])),
    people: new Map(people.map((x) => [x.id, x.name])),
  };
  return { ...presentProblem(actor, p), sources: sources.map((s) => presentSource(s, trail)) };
}

/** The problem counters of each org in the caller's reach (of `orgId`'s subtree if given), zeros included. */
export async function loadCounts(db: Db, actor: Actor, orgId: string | undefined): Promise<ProblemCounts> {
  if (!problemsPolicy.canSomewhere(actor, 'problem.read')) throw new HttpError('forbidden');
  let scope = problemsPolicy.scope(actor, 'problem.read');
  if (orgId) {
    const org = await findOrgById(db, orgId);
    if (!org || !problemsPolicy.can(actor, 'problem.read', atOrg(org.path))) throw new HttpError('not_found');
    scope = [org.path];
  }
  const [orgs, counters] = await Promise.all([orgsUnder(db, scope), problemCounters(db, scope)]);
  const byOrg = new Map<string, Map<string, number>>();
  for (const c of counters) {
    if (!byOrg.has(c.org_id)) byOrg.set(c.org_id, new Map());
    byOrg.get(c.org_id)!.set(c.metric, Number(c.count));
  }
  const own = orgs.map((o) => {
    const m = byOrg.get(o.id) ?? new Map<string, number>();
    return {
      problems: m.get('problems') ?? 0,
      byCategory: Object.fromEntries(problemCategories.map((c) => [c, m.get(`problems.category.${c}`) ?? 0])),
      byStatus: Object.fromEntries(problemStatuses.map((s) => [s, m.get(`problems.status.${s}`) ?? 0])),
      opinionsToProblems: m.get('opinions.problem') ?? 0,
    };
  });
  // Each org's counts added to itself and every ancestor in view: deepest first is not needed,
  // each org walks its own parent chain once.
  const subtree = own.map((c) => ({ ...c, byCategory: { ...c.byCategory }, byStatus: { ...c.byStatus } }));
  const index = new Map(orgs.map((o, i) => [o.id, i]));
  orgs.forEach((o, i) => {
    for (let up = o.parent_id ? index.get(o.parent_id) : undefined; up !== undefined; up = orgs[up].parent_id ? index.get(orgs[up].parent_id!) : undefined) {
      const into = subtree[up];
      into.problems += own[i].problems;
      into.opinionsToProblems += own[i].opinionsToProblems;
      for (const c of problemCategories) into.byCategory[c] += own[i].byCategory[c];
      for (const s of problemStatuses) into.byStatus[s] += own[i].byStatus[s];
    }
  });
  return { items: orgs.map((o, i) => ({ orgId: o.id, orgName: o.name, parentId: o.parent_id, ...own[i], subtree: subtree[i] })) };
}
