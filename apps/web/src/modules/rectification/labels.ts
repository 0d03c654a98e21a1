import type { CountableKind, Satisfied, Solved, VerdictSummary } from '@massline/shared';
import { t } from '@/i18n';

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';

export const statusLabel = (s: string) => t(`rectification.status.${s}`);
const statusTags: Record<string, TagType> = { planned: 'info', in_progress: 'warning', done: 'primary', verified: 'success' };
export const statusTag = (s: string): TagType => statusTags[s] ?? 'info';
export const planStatusLabel = (s: string) => t(`rectification.plan.status.${s}`);
export const solvedLabel = (v: Solved) => t(`rectification.verdict.solved.${v}`);
export const satisfiedLabel = (v: Satisfied) => t(`rectification.verdict.satisfied.${v}`);
export const kindLabel = (k: CountableKind) => t(`rectification.verdict.kind.${k}`);

/** 87.5 → "87.5%", null → "—". */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('rectification.verdict.none') : `${v}%`);
/** 解决率 75%，满意率 100% */
export const ratesText = (r: { solvedRate: number | null; satisfaction: number | null }) => t('rectification.verdict.rates', { solved: pct(r.solvedRate), satisfied: pct(r.satisfaction) });
/** 凭查询码（含回访） n / 凭评议码 n / 公开参考 n, each marked counted or reference. */
export function kindCounts(v: VerdictSummary): { kind: CountableKind; count: number; counted: boolean }[] {
  return (['receipt', 'code', 'open'] as const).map((kind) => ({
    kind,
    count: kind === 'receipt' ? v.byBacking.receipt.total + v.byBacking.callback.total : v.byBacking[kind].total,
    counted: v.countedKinds.includes(kind),
  }));
}
/** The rule in one sentence: which kinds count and when the item is sent back. */
export const ruleText = (v: Pick<VerdictSummary, 'countedKinds' | 'reopenMin'>) =>
  t('rectification.verdict.rule', { kinds: v.countedKinds.map(kindLabel).join('、'), n: v.reopenMin });

/** Progress bar colour: red when overdue, green when complete. */
export const progressColor = (p: { overdue: boolean; progress: number }) => (p.overdue ? '#f56c6c' : p.progress >= 100 ? '#67c23a' : '#409eff');
