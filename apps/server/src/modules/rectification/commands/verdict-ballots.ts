import type { Satisfied, Solved, VerdictResult } from '@massline/shared';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../../database.js';
import { appendAudit, systemActor } from '../../../kernel/audit.js';
import { chunks, defineBallotKind, type BallotContext } from '../../../kernel/ballot-box.js';
import { bumpOrgCountsBatch } from '../../../kernel/org-counts.js';
import { notify, Responsible } from '../../notifications/index.js';
import { itemRows, verdictsOfItems, type ItemRow } from '../queries.js';
import { openAgainst, reopens, summarizeVerdicts } from '../verdict-rules.js';
import { applyMove } from './moves.js';
import type { Trx } from './shared.js';

export const isClosed = (i: { status: string }) => i.status === 'done' || i.status === 'verified';

/** One verdict on its way into the box: who it is (a key, never a person), what backs it, the answers. */
export interface VerdictBallot {
  itemId: string;
  /** `o:` + opinion (receipt, call-back), `c:` + code hash, `a:` + the sender's key of the day. */
  voterKey: string;
  backing: 'receipt' | 'callback' | 'code' | 'open';
  opinionId: string | null;
  solved: Solved;
  satisfied: Satisfied;
  comment: string;
}
export type VerdictOutcome = ({ ok: true } & VerdictResult) | { ok: false; reason: 'verdict_not_open' | 'verdict_open_today' };

const key = (itemId: string, voterKey: string) => `${itemId}\u0000${voterKey}`;
const counts = (b: string) => b !== 'open';

/**
 * A batch of verdicts, set-based: one read of the items, one of the voters' earlier verdicts this
 * round, one upsert. A receipt, call-back or code casting again changes its verdict; an open
 * sender of the day is refused. Counters move by the batch's sums; then each touched item is
 * counted by its rule, and sent back (or the office told) once for the batch.
 */
export const verdictBallots = defineBallotKind<VerdictBallot, VerdictOutcome>('verdict', '群众评议', async (trx, items, ctx) => {
  const ids = [...new Set(items.map((i) => i.itemId))];
  const rows = new Map<string, ItemRow>();
  for (const part of chunks(ids, 500)) for (const r of await itemRows(trx).where('r.id', 'in', part).execute()) rows.set(r.id, r);
  const before = new Map<string, { solved: string; satisfied: string; backing: string }>();
  for (const part of chunks(items, 200)) {
    let q = trx.selectFrom('verdicts').select(['rectification_id', 'round', 'voter_key', 'solved', 'satisfied', 'backing'])
      .where((eb) => eb.or(part.map((b) => eb.and([eb('rectification_id', '=', b.itemId), eb('voter_key', '=', b.voterKey)]))));
    if (ctx.deps.dialect === 'postgres') q = q.modifyEnd(sql`for update`);
    for (const v of await q.execute()) if (Number(v.round) === Number(rows.get(v.rectification_id)?.round)) before.set(key(v.rectification_id, v.voter_key), v);
  }
  const taken = new Map<string, VerdictBallot>();
  const results: (VerdictOutcome | 'taken' | 'changed')[] = items.map((b) => {
    const item = rows.get(b.itemId);
    if (!item || !isClosed(item)) return { ok: false, reason: 'verdict_not_open' };
    const k = key(b.itemId, b.voterKey);
    if (b.backing === 'open' && (before.has(k) || taken.has(k))) return { ok: false, reason: 'verdict_open_today' };
    // The same receipt or code twice in a batch: the later (in shuffled order) is the one kept.
    const changed = before.has(k) || taken.has(k);
    taken.set(k, b);
    return changed ? 'changed' : 'taken';
  });
  const deltas = new Map<string, { orgId: string; metric: string; count: number }>();
  const bump = (orgId: string, metrics: string[], n: number) => {
    for (const metric of metrics) {
      const d = deltas.get(`${orgId}\u0000${metric}`) ?? { orgId, metric, count: 0 };
      d.count += n;
      deltas.set(`${orgId}\u0000${metric}`, d);
    }
  };
  const values = [...taken.values()].map((b) => {
    const item = rows.get(b.itemId)!;
    const old = before.get(key(b.itemId, b.voterKey));
    if (old && counts(old.backing)) bump(item.owner_org_id, [`rect.verdicts.${old.solved}`, `rect.verdicts.${old.satisfied}`, 'rect.verdicts.total'], -1);
    if (counts(b.backing)) bump(item.owner_org_id, [`rect.verdicts.${b.solved}`, `rect.verdicts.${b.satisfied}`, 'rect.verdicts.total'], 1);
    return { id: randomUUID(), rectification_id: b.itemId, round: Number(item.round), solved: b.solved, satisfied: b.satisfied, comment: b.comment, backing: b.backing, voter_key: b.voterKey, opinion_id: b.opinionId, day: ctx.day };
  });
  for (const part of chunks(values, 100)) {
    await trx.insertInto('verdicts').values(part)
      .onConflict((oc) => oc.columns(['rectification_id', 'round', 'voter_key']).doUpdateSet((eb) => ({
        solved: eb.ref('excluded.solved'), satisfied: eb.ref('excluded.satisfied'), comment: eb.ref('excluded.comment'), backing: eb.ref('excluded.backing'), day: eb.ref('excluded.day'),
      })))
      .execute();
  }
  await bumpOrgCountsBatch(trx, deltas);
  const summaries = await judgeItems(trx, ctx, [...new Set([...taken.values()].map((b) => b.itemId))].map((id) => rows.get(id)!));
  return results.map((r, i) => (typeof r === 'string' ? { ok: true, changed: r === 'changed', ...summaries.get(items[i].itemId)! } : r));
}, (out) => out.ok);

/** Count each touched item by its rule; send back those the counted verdicts reject, tell the office of open majorities. */
async function judgeItems(trx: Trx, ctx: BallotContext, items: ItemRow[]): Promise<Map<string, Omit<VerdictResult, 'changed'>>> {
  const { deps } = ctx;
  const grouped = await verdictsOfItems(trx, items.map((i) => ({ id: i.id, round: Number(i.round) })));
  const out = new Map<string, Omit<VerdictResult, 'changed'>>();
  for (const item of items) {
    const summary = summarizeVerdicts(Number(item.round), grouped.get(item.id), item);
    const reopened = reopens(summary);
    if (reopened) {
      const c = summary.counted;
      const why = `群众评议（计票 ${c.total} 票）中 ${c.unsolved} 票认为未解决，超过半数，重新整改`;
      await applyMove(trx, deps, null, item, 'in_progress', why, 'reopened');
      await appendAudit(trx, deps.dialect, ctx.now, systemActor, { action: 'rectification.reopen', entityType: 'rectification', entityId: item.id, orgPath: item.owner_org_path, summary: `整改事项“${item.title}”：${why}` });
      await tellOffice(trx, deps, item, ctx.now, 'rectification.reopened', `整改事项“${item.title}”被群众评议退回`, why, `rectification.reopened:${item.id}:${item.round}`, true);
    } else if (openAgainst(summary)) {
      const o = summary.byBacking.open;
      await tellOffice(trx, deps, item, ctx.now, 'rectification.verdict_flag', `整改事项“${item.title}”：公开评议多数认为未解决`,
        `公开评议（参考，不计票）${o.total} 票中 ${o.unsolved} 票认为未解决。请核实整改情况，必要时组织回访或凭评议码评议。`, `rectification.verdict_flag:${item.id}:${item.round}`, false);
    }
    out.set(item.id, { verdicts: reopened ? summarizeVerdicts(Number(item.round) + 0, [], item) : summary, reopened });
  }
  return out;
}

/** The office responsible for the item's org (and its owner, when the fix is sent back) is told. */
export async function tellOffice(trx: Trx, deps: Deps, item: ItemRow, at: Date, kind: string, title: string, body: string, dedupeKey: string, withOwner: boolean) {
  const office = (await Responsible.load(trx as never)).nearest('office', item.owner_org_path);
  const people = [...new Set([...office, ...(withOwner && item.owner_person_id ? [item.owner_person_id] : [])])];
  if (people.length) await notify(trx, { personIds: people, kind, title, body, link: `/rectification/${item.id}`, dedupeKey, at });
}
