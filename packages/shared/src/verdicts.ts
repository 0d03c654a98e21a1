import { z } from 'zod';
import { text } from './common.js';

/**
 * One verdict shape everywhere (群众评议, 回访): was it solved, and is the sender satisfied — for a
 * finished rectification item and for every answered opinion, so the county's resolution and
 * satisfaction rates (解决率, 满意率, as the 12345 hotlines count them) come from the same answers.
 */
export const solvedValues = ['solved', 'partly', 'unsolved'] as const;
export const Solved = z.enum(solvedValues);
export type Solved = z.infer<typeof Solved>;
export const satisfiedValues = ['satisfied', 'basic', 'unsatisfied'] as const;
export const Satisfied = z.enum(satisfiedValues);
export type Satisfied = z.infer<typeof Satisfied>;

export const VerdictAnswer = z.strictObject({ solved: Solved, satisfied: Satisfied, comment: text().max(500).default('') });
export type VerdictAnswer = z.infer<typeof VerdictAnswer>;

/**
 * What backs a verdict: a receipt of an opinion behind it (查询码), a call-back recorded by staff of
 * the level above (回访, counted with receipts), a one-time verdict code (评议码), or nothing (an
 * open verdict from a browser, shown apart as 参考).
 */
export const verdictBackings = ['receipt', 'callback', 'code', 'open'] as const;
export const VerdictBacking = z.enum(verdictBackings);
export type VerdictBacking = z.infer<typeof VerdictBacking>;
/** The kinds an office may choose to count (call-backs go with receipts). */
export const countableKinds = ['receipt', 'code', 'open'] as const;
export const CountableKind = z.enum(countableKinds);
export type CountableKind = z.infer<typeof CountableKind>;
export const defaultCountedKinds: CountableKind[] = ['receipt', 'code'];
/** The reopen quorum and the open-verdict burst an org's list starts with (the level above may change them). */
export const DEFAULT_REOPEN_MIN = 3;
export const DEFAULT_OPEN_BURST_PER_HOUR = 3;
export const kindOfBacking = (b: VerdictBacking): CountableKind => (b === 'callback' ? 'receipt' : b);

export const VerdictTally = z.object({
  solved: z.number().int(), partly: z.number().int(), unsolved: z.number().int(),
  satisfied: z.number().int(), basic: z.number().int(), unsatisfied: z.number().int(),
  total: z.number().int(),
});
export type VerdictTally = z.infer<typeof VerdictTally>;

export const emptyTally = (): VerdictTally => ({ solved: 0, partly: 0, unsolved: 0, satisfied: 0, basic: 0, unsatisfied: 0, total: 0 });
export function addToTally(t: VerdictTally, solved: Solved, satisfied: Satisfied, n = 1): VerdictTally {
  t[solved] += n;
  t[satisfied] += n;
  t.total += n;
  return t;
}
export function sumTallies(ts: VerdictTally[]): VerdictTally {
  const out = emptyTally();
  for (const t of ts) for (const k of Object.keys(out) as (keyof VerdictTally)[]) out[k] += t[k];
  return out;
}
const percent = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);
/** 解决率: solved over all; 满意率: satisfied and basically satisfied over all (as 12345 counts). Null without verdicts. */
export const solvedRate = (t: VerdictTally) => percent(t.solved, t.total);
export const satisfactionRate = (t: VerdictTally) => percent(t.satisfied + t.basic, t.total);

export const solvedLabels: Record<Solved, string> = { solved: '解决', partly: '部分解决', unsolved: '未解决' };
export const satisfiedLabels: Record<Satisfied, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };
export const backingLabels: Record<VerdictBacking, string> = { receipt: '凭查询码', callback: '回访', code: '凭评议码', open: '公开参考' };
