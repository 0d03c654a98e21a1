import { t } from '@/i18n';

export const kindLabel = (kind: string) => t(`meetings.kind.${kind}`);
export const statusLabel = (status: string) => t(`meetings.status.${status}`);
/** Tag colours by kind: life meetings stand out, study is calm. */
export const kindTag = (kind: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' =>
  ({ mobilisation: 'danger', study: 'success', forum_individual: 'warning', forum_group: 'warning', democratic_life: 'primary', org_life: 'primary' })[kind] as never ?? 'info';
