import { notificationKinds, type NotificationKind } from '@massline/shared';
import { t } from '@/i18n';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

const tags: Record<NotificationKind, TagType> = {
  'rectification.overdue': 'warning',
  'rectification.escalation': 'danger',
  'opinion.overdue': 'warning',
  'opinion.escalation': 'danger',
  'rectification.reopened': 'danger',
  'rectification.callback': 'primary',
  'rectification.verdict_flag': 'warning',
  digest: 'primary',
  'study_note.approved': 'success',
  'study_note.returned': 'warning',
  'material.review': 'primary',
};
const known = (kind: string): kind is NotificationKind => (notificationKinds as readonly string[]).includes(kind);

/** The kind's name; kinds raised by modules this page does not know yet are plain 提醒. */
export const kindLabel = (kind: string): string => t(`notifications.kind.${known(kind) ? kind.replace('.', '_') : 'other'}`);
export const kindTag = (kind: string): TagType => (known(kind) ? tags[kind] : 'info');

/** Only a path inside this app is followed: a stored link never sends anyone elsewhere. */
export const internalLink = (link: string | null): string | null => (link && link.startsWith('/') && !link.startsWith('//') ? link : null);
