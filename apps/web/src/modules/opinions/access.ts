import type { Org } from '@massline/shared';
import { useSessionStore } from '@/stores/session';
import { subtreeIds } from '@/modules/orgs/tree';

/**
 * The roles behind the opinions abilities, as in the server's opinions policy. Organisations
 * carry only their own module's abilities, so the pickers work out from the caller's grants
 * where an ability holds (a role on an org covers its subtree). The server still decides.
 */
const rolesFor = {
  'opinion.record': ['office', 'secretary', 'inspector', 'surveyor'],
  'opinion.triage': ['office', 'secretary'],
} as const;
export type OpinionAbility = keyof typeof rolesFor;

/** The ids of the organisations where the caller holds `ability`; null means everywhere (admin). */
export function orgsWith(ability: OpinionAbility, orgs: readonly Org[]): Set<string> | null {
  const session = useSessionStore();
  if (session.isAdmin) return null;
  const roles: readonly string[] = rolesFor[ability];
  const ids = new Set<string>();
  for (const grant of session.me?.grants ?? []) {
    if (!grant.orgId || !roles.includes(grant.role)) continue;
    for (const id of subtreeIds(orgs, grant.orgId)) ids.add(id);
  }
  return ids;
}

/** A selectable() for OrgSelect: active orgs where the caller holds `ability`. */
export function selectableFor(ability: OpinionAbility, orgs: readonly Org[]): (org: Org) => boolean {
  const ids = orgsWith(ability, orgs);
  return (org) => !org.archived && (ids === null || ids.has(org.id));
}
