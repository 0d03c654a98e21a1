import type { Transaction } from 'kysely';
import { bumpOrgCounts } from '../../kernel/org-counts.js';

/** What of an item its owner org's counters hold. */
export interface CountedItem {
  owner_org_id: string;
  weight: number;
  progress: number;
  status: string;
}

function metricsOf(i: CountedItem): Map<string, number> {
  return new Map([
    ['rect.items', 1],
    ['rect.weight', i.weight],
    // Σ weight × percent: the org's progress is this over rect.weight.
    ['rect.progress', i.weight * i.progress],
    [`rect.status.${i.status}`, 1],
  ]);
}

/**
 * Move an item's share of its owner org's counters from `before` to `after` (null: not there), in
 * the writing transaction, so roll-ups are sums of a few counters per org and right at once.
 */
export async function moveItemCounters(trx: Transaction<any>, before: CountedItem | null, after: CountedItem | null): Promise<void> {
  const deltas = new Map<string, Map<string, number>>();
  const add = (i: CountedItem, sign: number) => {
    const m = deltas.get(i.owner_org_id) ?? new Map<string, number>();
    for (const [k, v] of metricsOf(i)) m.set(k, (m.get(k) ?? 0) + sign * v);
    deltas.set(i.owner_org_id, m);
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  for (const [org, m] of deltas) {
    const byDelta = new Map<number, string[]>();
    for (const [metric, d] of m) if (d !== 0) byDelta.set(d, [...(byDelta.get(d) ?? []), metric]);
    for (const [d, metrics] of byDelta) await bumpOrgCounts(trx, org, metrics, d);
  }
}

/** A verdict's count in its item's owner org (this round's verdicts only: a reopening takes them back). */
export const bumpVerdictCounters = (trx: Transaction<any>, orgId: string, counts: Partial<Record<string, number>>, sign: 1 | -1) =>
  Promise.all(Object.entries(counts).filter(([, n]) => n).map(([value, n]) => bumpOrgCounts(trx, orgId, [`rect.verdicts.${value}`], sign * n!)));
