import type { Org } from '@massline/shared';
import { useSessionStore } from '@/stores/session';
import { subtreeIds } from '@/modules/orgs/tree';

/**
 * Where the caller manages problems (office and secretaries, over their subtree), as in the
 * server's problems policy: for the owner pickers. The server still decides.
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
