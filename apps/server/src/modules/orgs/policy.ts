import { HttpError } from '../../kernel/errors.js';
import { definePolicy, type Actor, type TreeTarget } from '../../kernel/policy.js';

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


/**
 * Authorize, but answer 404 instead of 403 when the caller cannot even see the target: a refusal
 * must not confirm that something exists outside one's reach.
 */
export function authorizeVisible(actor: Actor, action: OrgAction, target: TreeTarget, seenWith: OrgAction): void {
  if (!orgsPolicy.can(actor, seenWith, target)) throw new HttpError('not_found');
  orgsPolicy.authorize(actor, action, target);
}

/** Does the actor hold `action` over every one of these organisations? */
export const coversAll = (actor: Actor, action: OrgAction, paths: string[]) => paths.every((p) => orgsPolicy.can(actor, action, { paths: [p] }));

/** The first of these organisations where the actor holds `action`: where to file an audit entry. */
export const firstCovered = (actor: Actor, action: OrgAction, paths: string[]) => paths.find((p) => orgsPolicy.can(actor, action, { paths: [p] })) ?? null;
