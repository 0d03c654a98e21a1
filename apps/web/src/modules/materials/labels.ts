import type { MaterialStatus } from '@massline/shared';
import { t } from '@/i18n';

type TagType = 'info' | 'warning' | 'success' | 'danger' | 'primary';
const tags: Record<MaterialStatus, TagType> = { draft: 'info', submitted: 'warning', returned: 'danger', revised: 'primary', approved: 'success' };

export const statusLabel = (s: MaterialStatus) => t(`materials.status.${s}`);
export const statusTag = (s: MaterialStatus): TagType => tags[s];
export const windLabel = (w: string) => t(`materials.wind.${w}`);
export const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** 一 … 九十九, for the headings' （一）（二）… as the exported document numbers them. */
export function cnNumber(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n];
  return `${Math.floor(n / 10) === 1 ? '' : d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
}
