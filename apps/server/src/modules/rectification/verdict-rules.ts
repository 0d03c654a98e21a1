import {
  addToTally, countableKinds, DEFAULT_OPEN_BURST_PER_HOUR, DEFAULT_REOPEN_MIN, defaultCountedKinds, emptyTally, kindOfBacking, satisfactionRate, satisfiedValues, solvedRate, solvedValues,
  type CountableKind, type Satisfied, type Solved, type VerdictBacking, type VerdictSummary,
} from '@massline/shared';
import type { VerdictGroupRow } from './queries.js';

/** What of an item (and its org's list) decides how its verdicts are counted. */
export interface RuleSource {
  verdict_kinds: string | null;
  list_verdict_kinds: string | null;
  list_reopen_min: number | null;
  list_open_burst: number | null;
}

export function parseKinds(stored: string | null): CountableKind[] | null {
  if (!stored) return null;
  const kinds = countableKinds.filter((k) => stored.split(',').includes(k));
  return kinds.length ? kinds : null;
}
export const formatKinds = (kinds: readonly CountableKind[]) => countableKinds.filter((k) => kinds.includes(k)).join(',');

/** The item's own choice, else its list's, else receipts and codes. */
export const countedKindsOf = (s: RuleSource) => parseKinds(s.verdict_kinds) ?? parseKinds(s.list_verdict_kinds) ?? defaultCountedKinds;
export const reopenMinOf = (s: RuleSource) => Number(s.list_reopen_min ?? DEFAULT_REOPEN_MIN);
export const openBurstOf = (s: RuleSource) => Number(s.list_open_burst ?? DEFAULT_OPEN_BURST_PER_HOUR);

/**
 * One voice for a group of merged opinions: the answer most of its members gave, a tie going to
 * the less favourable one (the doubt goes to the residents, not to the fix).
 */
function groupAnswer<T extends string>(order: readonly T[], votes: Map<T, number>): T {
  let best = order[order.length - 1];
  let most = -1;
  for (const v of order) {
    const n = votes.get(v) ?? 0;
    if (n >= most && n > 0) [best, most] = [v, n];
  }
  return best;
}

/** This round's verdicts of an item, counted by its rule. */
export function summarizeVerdicts(round: number, rows: VerdictGroupRow[] | undefined, rule: RuleSource): VerdictSummary {
  const kinds = countedKindsOf(rule);
  const byBacking = { receipt: emptyTally(), callback: emptyTally(), code: emptyTally(), open: emptyTally() };
  const counted = emptyTally();
  const groups = new Map<string, { solved: Map<Solved, number>; satisfied: Map<Satisfied, number> }>();
  for (const r of rows ?? []) {
    const solved = r.solved as Solved;
    const satisfied = r.satisfied as Satisfied;
    addToTally(byBacking[r.backing as VerdictBacking], solved, satisfied, r.n);
    if (!kinds.includes(kindOfBacking(r.backing as VerdictBacking))) continue;
    if (r.grp === null) {
      addToTally(counted, solved, satisfied, r.n);
      continue;
    }
    const g = groups.get(r.grp) ?? { solved: new Map(), satisfied: new Map() };
    g.solved.set(solved, (g.solved.get(solved) ?? 0) + r.n);
    g.satisfied.set(satisfied, (g.satisfied.get(satisfied) ?? 0) + r.n);
    groups.set(r.grp, g);
  }
  for (const g of groups.values()) addToTally(counted, groupAnswer(solvedValues, g.solved), groupAnswer(satisfiedValues, g.satisfied));
  return { round, counted, byBacking, countedKinds: [...kinds], reopenMin: reopenMinOf(rule), solvedRate: solvedRate(counted), satisfaction: satisfactionRate(counted) };
}

/** The reopen rule, as the pages state it: a quorum of counted verdicts, more than half 未解决. */
export const reopens = (s: VerdictSummary) => s.counted.total >= s.reopenMin && s.counted.unsolved * 2 > s.counted.total;
/** Open verdicts against a fix (the same rule over the open ones, when they do not count) only tell the office. */
export const openAgainst = (s: VerdictSummary) => !s.countedKinds.includes('open') && s.byBacking.open.total >= s.reopenMin && s.byBacking.open.unsolved * 2 > s.byBacking.open.total;
