import { t } from '@/i18n';
import type { Count } from './api';

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';

export const formKindLabel = (kind: string) => t(`forms.kind.${kind}`);
export const formStatusLabel = (status: string) => t(`forms.status.${status}`);
export const distributionLabel = (distribution: string) => t(`forms.distribution.${distribution}`);
export const questionTypeLabel = (type: string) => t(`forms.qtype.${type}`);

const statusTags: Record<string, TagType> = { draft: 'info', open: 'success', closed: 'warning' };
export const formStatusTag = (status: string): TagType => statusTags[status] ?? 'info';

const kindTags: Record<string, TagType> = {
  self_check: 'primary',
  mutual_check: 'primary',
  resident_survey: 'success',
  field_visit: 'warning',
  evaluation: 'danger',
  satisfaction: 'success',
  custom: 'info',
};
export const formKindTag = (kind: string): TagType => kindTags[kind] ?? 'info';

/** "<5" stays as it came: the server hides small counts outside the office. */
export const showCount = (n: Count | undefined | null) => (n === undefined || n === null ? '' : String(n));

/** Percent values come as 0–100 with one decimal. */
export const showPercent = (p: number | null | undefined) => (p === null || p === undefined ? '—' : `${p}%`);

/** Rates come as fractions (0.333): shown as 33.3%. */
export const showRate = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`;
