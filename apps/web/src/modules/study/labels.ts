import type { NoteStatus } from '@massline/shared';
import { t } from '@/i18n';

export const kindLabel = (kind: string) => t(`study.kind.${kind}`);
export const statusLabel = (status: string) => t(`study.status.${status}`);
export const statusTag = (status: NoteStatus | string): 'success' | 'warning' | 'danger' | 'info' =>
  status === 'approved' ? 'success' : status === 'returned' ? 'danger' : 'warning';
/** Minutes as study hours (学时), one decimal at most. */
export const hours = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);
export const fileSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
export const fileKind = (mime: string) => (mime === 'application/pdf' ? 'PDF' : 'Word');
