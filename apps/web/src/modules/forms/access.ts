import type { Org } from '@massline/shared';
import { useSessionStore } from '@/stores/session';
import { subtreeIds } from '@/modules/orgs/tree';

/**
 * The roles behind each forms ability, as in the server's forms policy. Organisations carry
 * only their own module's abilities, so the screens work out from the caller's grants where
 * an ability holds (a role on an org covers its subtree). The server still decides.
 */
const rolesFor = {
  'form.read': ['office', 'secretary', 'inspector'],
  'form.manage': ['office'],
  'form.codes': ['office', 'secretary'],
} as const;
export type FormAbility = keyof typeof rolesFor;

/** The ids of the organisations where the caller holds `ability`. */
export function orgsWith(ability: FormAbility, orgs: readonly Org[]): Set<string> {
  const session = useSessionStore();
  const roles: readonly string[] = rolesFor[ability];
  const ids = new Set<string>();
  for (const grant of session.me?.grants ?? []) {
    if (!grant.orgId || !roles.includes(grant.role)) continue;
    for (const id of subtreeIds(orgs, grant.orgId)) ids.add(id);
  }
  return ids;
}

/** May the caller do `ability` on a form of `orgId`? */
export function canOn(ability: FormAbility, orgId: string, orgs: readonly Org[]): boolean {
  return orgsWith(ability, orgs).has(orgId);
}
