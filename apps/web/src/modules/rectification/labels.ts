import { t } from '@/i18n';

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';

export const statusLabel = (s: string) => t(`rectification.status.${s}`);
const statusTags: Record<string, TagType> = { planned: 'info', in_progress: 'warning', done: 'primary', verified: 'success' };
export const statusTag = (s: string): TagType => statusTags[s] ?? 'info';
export const planStatusLabel = (s: string) => t(`rectification.plan.status.${s}`);
export const verdictLabel = (v: string) => t(`rectification.verdict.${v}`);

/** Progress bar colour: red when overdue, green when complete. */
export const progressColor = (p: { overdue: boolean; progress: number }) => (p.overdue ? '#f56c6c' : p.progress >= 100 ? '#67c23a' : '#409eff');
