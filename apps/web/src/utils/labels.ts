import type { AuditEntry, Me } from '@massline/shared';
import { currentLang, i18n, t } from '@/i18n';

export function roleLabel(role: string): string {
  return t(`role.${role}`);
}

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';
const kindTags: Record<string, TagType> = { committee: 'danger', agency: 'warning', village: 'success', community: 'primary' };

/** One colour per kind of organisation, the same wherever a kind tag shows. */
export function orgKindTag(kind: string): TagType {
  return kindTags[kind] ?? 'info';
}

export function orgKindLabel(kind: string): string {
  return t(`orgKind.${kind}`);
}

/** "领导小组办公室（八塘镇党委）" for a grant on an organisation, the role alone for admin. */
export function grantLabel(grant: Me['grants'][number]): string {
  const role = roleLabel(grant.role);
  if (!grant.orgName) return role;
  return currentLang() === 'zh-CN' ? `${role}（${grant.orgName}）` : `${role} (${grant.orgName})`;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "登录失败" for `auth.login_failed`; a code without a label (newer server) shows as is. */
export function auditActionLabel(action: string): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(action)) return action;
  const key = `audit.actions.${action}`;
  return i18n.global.te(key, 'zh-CN') ? t(key) : action;
}

/** Who did it: the server records its own doings as "system". */
export function auditActorLabel(entry: Pick<AuditEntry, 'actorId' | 'actorLabel'>): string {
  if (!entry.actorLabel || (entry.actorId === null && entry.actorLabel === 'system')) return t('audit.system');
  return entry.actorLabel;
}
