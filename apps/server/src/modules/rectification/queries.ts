import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../database.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** An item with what its presenters need: owner org and person. */
export const itemRows = (db: Reader) =>
  db
    .selectFrom('rectifications as r')
    .innerJoin('orgs as o', 'o.id', 'r.owner_org_id')
    .leftJoin('people as p', 'p.id', 'r.owner_person_id')
    .leftJoin('rectification_plans as pl', 'pl.org_id', 'r.owner_org_id')
    .selectAll('r')
    .select(['o.name as owner_org_name', 'o.path as owner_org_path', 'p.name as owner_person_name', 'pl.verdict_kinds as list_verdict_kinds', 'pl.open_burst_per_hour as list_open_burst', 'pl.reopen_min as list_reopen_min']);

export type ItemRow = NonNullable<Awaited<ReturnType<ReturnType<typeof itemRows>['executeTakeFirst']>>>;

export const findItem = (db: Reader, id: string) => itemRows(db).where('r.id', '=', id).executeTakeFirst();

/** The problems each item fixes. */
export async function problemsOfItems(db: Reader, ids: string[]) {
  const out = new Map<string, { id: string; title: string; status: string }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('rectification_problems as rp')
    .innerJoin('problems as p', 'p.id', 'rp.problem_id')
    .select(['rp.rectification_id', 'p.id', 'p.title', 'p.status'])
    .where('rp.rectification_id', 'in', ids)
    .orderBy('p.created_at')
    .execute();
  for (const r of rows) {
    if (!out.has(r.rectification_id)) out.set(r.rectification_id, []);
    out.get(r.rectification_id)!.push({ id: r.id, title: r.title, status: r.status });
  }
  return out;
}

/** This round's verdicts of an item, grouped: kind, answers, and the opinion group (merged opinions are one). */
export interface VerdictGroupRow {
  backing: string;
  solved: string;
  satisfied: string;
  /** The opinion a receipt or call-back stands for, or the one it was merged into; null otherwise. */
  grp: string | null;
  n: number;
}

/** This round's verdicts of each item, in one grouped read. */
export async function verdictsOfItems(db: Reader, items: { id: string; round: number }[]) {
  const out = new Map<string, VerdictGroupRow[]>();
  if (items.length === 0) return out;
  const rows = await db
    .selectFrom('verdicts as v')
    .leftJoin('opinions as op', 'op.id', 'v.opinion_id')
    .select((eb) => ['v.rectification_id', 'v.round', 'v.backing', 'v.solved', 'v.satisfied', eb.fn.coalesce('op.merged_into', 'v.opinion_id').as('grp'), eb.fn.countAll<number>().as('n')])
    .where('v.rectification_id', 'in', items.map((i) => i.id))
    .groupBy(['v.rectification_id', 'v.round', 'v.backing', 'v.solved', 'v.satisfied', 'op.merged_into', 'v.opinion_id'])
    .execute();
  const rounds = new Map(items.map((i) => [i.id, i.round]));
  for (const r of rows) {
    if (Number(r.round) !== rounds.get(r.rectification_id)) continue;
    const list = out.get(r.rectification_id) ?? [];
    list.push({ backing: r.backing, solved: r.solved, satisfied: r.satisfied, grp: r.grp ?? null, n: Number(r.n) });
    out.set(r.rectification_id, list);
  }
  return out;
}

export const milestonesOf = (db: Reader, id: string) =>
  db.selectFrom('rectification_milestones').select(['id', 'title', 'due_day', 'weight', 'done_day']).where('rectification_id', '=', id).orderBy('seq').execute();

export async function timelineOf(db: Reader, id: string) {
  const updates = await db.selectFrom('rectification_updates').selectAll().where('rectification_id', '=', id).orderBy('seq').execute();
  const files = await db
    .selectFrom('rectification_attachments')
    .select(['id', 'update_id', 'name', 'mime', 'size', 'released'])
    .where('rectification_id', '=', id)
    .orderBy('name')
    .execute();
  return { updates, files };
}

/** The next sequence number of an item's timeline. */
export async function nextSeq(trx: Reader, id: string): Promise<number> {
  const row = await trx.selectFrom('rectification_updates').select((eb) => eb.fn.max('seq').as('m')).where('rectification_id', '=', id).executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

/** Items that fix any of these problems, for the problem page's trail. */
export async function itemsByProblem(db: Reader, problemIds: string[]) {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom('rectification_problems as rp')
    .innerJoin('rectifications as r', 'r.id', 'rp.rectification_id')
    .leftJoin('rectification_plans as pl', 'pl.org_id', 'r.owner_org_id')
    .select(['rp.problem_id', 'r.id', 'r.title', 'r.status', 'r.deadline', 'r.progress', 'r.round', 'r.published', 'r.verdict_kinds', 'pl.verdict_kinds as list_verdict_kinds', 'pl.reopen_min as list_reopen_min', 'pl.open_burst_per_hour as list_open_burst'])
    .where('rp.problem_id', 'in', problemIds)
    .orderBy('r.created_at')
    .execute();
}
