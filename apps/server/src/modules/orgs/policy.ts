import { definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * Who may do what with organisations, people and role grants. A role on an organisation covers
 * its subtree, never its parent or siblings. Targets: the organisation itself (for `org.create`,
 * the parent to create under), or every organisation a person belongs to.
 */
export const orgsPolicy = definePolicy({
  'org.read': { roles: ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] },
  'org.create': { roles: ['office'] },
  'org.update': { roles: ['office'] },
  'org.move': { roles: ['office'], reach: 'descendants' },
  'org.archive': { roles: ['office'], reach: 'descendants' },
  'person.read': { roles: ['office', 'secretary', 'cadre', 'inspector'] },
  'person.create': { roles: ['office', 'secretary'], match: 'all' },
  'person.update': { roles: ['office', 'secretary'] },
  'account.manage': { roles: ['office'] },
  'roster.import': { roles: ['office', 'secretary'] },
  'roster.export': { roles: ['office', 'secretary', 'inspector'] },
  'grant.read': { roles: ['office', 'secretary', 'inspector'] },
  'grant.create': { roles: ['office'] },
  'grant.revoke': { roles: ['office'] },
});
export type OrgAction = (typeof orgsPolicy.actions)[number];

/** Actions shown per organisation in the tree, so the UI offers only what the caller can do. */
export const perOrgActions = [
  'org.create', 'org.update', 'org.move', 'org.archive', 'person.create', 'roster.import', 'roster.export', 'grant.create',
] as const satisfies readonly OrgAction[];

export function orgAbilities(actor: Actor, path: string): OrgAction[] {
  return perOrgActions.filter((a) => orgsPolicy.can(actor, a, { paths: [path] }));
}

