import type { RegulationDetail, RegulationExportQuery, RegulationListQuery, RegulationPage, RegulationRef } from '@massline/shared';
import type { Database, Db } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import type { Kysely } from 'kysely';
import { canReadProblem } from '../problems/index.js';
import { canReadRegulation, regulationsPolicy } from './policy.js';
import { presentLinkedProblem, presentRef, presentRegulation } from './presenters.js';
import { findOrgById, findRegulation, linkedProblems, listRegulations, regulationsByProblem as refsByProblem, type LinkedProblemRow, type RegulationFilter, type RegulationRow } from './queries.js';

export type ListFilter = Omit<RegulationFilter, 'limit' | 'after'>;

/** The list filter for a caller: what they read, narrowed by the query (an org out of sight is 404). */
export async function filterFor(db: Db, actor: Actor, query: RegulationExportQuery): Promise<ListFilter> {
  const scope = regulationsPolicy.scope(actor, 'regulation.read');
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await findOrgById(db, query.orgId);
    // An org in view, or one above the caller's own (narrowing to the part they read); anything else is 404.
    if (!org || (scope !== null && !scope.some((p) => p.startsWith(org.path) || org.path.startsWith(p)))) throw new HttpError('not_found');
    orgPath = org.path;
  }
  return { scope, orgPath, type: query.type, from: query.from, to: query.to, q: query.q || undefined };
}

export async function loadRegulationPage(db: Db, actor: Actor, query: RegulationListQuery): Promise<RegulationPage> {
  const filter = await filterFor(db, actor, query);
  const rows = await listRegulations(db, { ...filter, after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentRegulation(actor, r)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.effective_day, last.id) : null,
  };
}

/** Every rule the filter finds, a page at a time with the problems linked to it (for the export). */
export async function* allRegulations(db: Db, filter: ListFilter): AsyncGenerator<{ rows: RegulationRow[]; problems: Map<string, LinkedProblemRow[]> }> {
  let after: [string, string] | undefined;
  for (;;) {
    const rows = await listRegulations(db, { ...filter, after, limit: 500 });
    const page = rows.slice(0, 500);
    const problems = new Map<string, LinkedProblemRow[]>();
    for (const p of await linkedProblems(db, page.map((r) => r.id))) problems.set(p.regulation_id, [...(problems.get(p.regulation_id) ?? []), p]);
    yield { rows: page, problems };
    if (rows.length <= 500) return;
    const last = page[page.length - 1];
    after = [last.effective_day, last.id];
  }
}

/** A rule the caller may read; one out of sight is 404. */
export async function readableRegulation(db: Db, actor: Actor, id: string): Promise<RegulationRow> {
  const r = await findRegulation(db, id);
  if (!r || !canReadRegulation(actor, r.org_path)) throw new HttpError('not_found');
  return r;
}

/** A rule with the problems it answers that the caller may read; the others only counted. */
export async function loadRegulation(db: Db, actor: Actor, id: string): Promise<RegulationDetail> {
  const r = await readableRegulation(db, actor, id);
  const linked = await linkedProblems(db, [id]);
  const visible = linked.filter((p) => canReadProblem(actor, p));
  return { ...presentRegulation(actor, r), problems: visible.map(presentLinkedProblem), hiddenProblems: linked.length - visible.length };
}

export interface ProblemRegulation {
  problemId: string;
  /** The path of the org that made the rule: show it only where `canReadRegulation(actor, orgPath)`. */
  orgPath: string;
  regulation: RegulationRef;
}

/**
 * The rules made because of these problems, newest in force first: the end of a problem's trail.
 * Unfiltered: the caller keeps those `canReadRegulation` allows.
 */
export async function regulationsByProblem(db: Db | Kysely<Database>, problemIds: string[]): Promise<ProblemRegulation[]> {
  const rows = await refsByProblem(db, [...new Set(problemIds)]);
  return rows.map((r) => ({ problemId: r.problemId, orgPath: r.orgPath, regulation: presentRef(r) }));
}
