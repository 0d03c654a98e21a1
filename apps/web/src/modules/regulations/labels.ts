import { t } from '@/i18n';
import { useSessionStore } from '@/stores/session';
import { subtreeIds } from '@/modules/orgs/tree';
import type { Org } from '@massline/shared';

export const typeLabel = (type: string) => t(`regulations.type.${type}`);
export const typeTag = (type: string): 'success' | 'warning' => (type === 'new' ? 'success' : 'warning');
export const fileSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
export const isWord = (mime: string) => mime !== 'application/pdf';

/**
 * Where the caller keeps the register (office and secretaries, over their subtree), as in the
 * server's policy: for the org picker. The server still decides.
 */
const MANAGERS: readonly string[] = ['office', 'secretary'];
export function manageableOrg(orgs: readonly Org[]): (org: Org) => boolean {
  const session = useSessionStore();
  if (session.isAdmin) return (org) => !org.archived;
  const ids = new Set<string>();
  for (const grant of session.me?.grants ?? []) {
    if (grant.orgId && MANAGERS.includes(grant.role)) for (const id of subtreeIds(orgs, grant.orgId)) ids.add(id);
  }
  return (org) => !org.archived && ids.has(org.id);
}
