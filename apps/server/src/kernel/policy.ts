import type { Role } from '@massline/shared';
import { HttpError } from './errors.js';

export interface ActorGrant {
  role: Role;
  orgId: string | null;
  /** Materialised path of the granted organisation; null for the system-wide admin. */
  orgPath: string | null;
}

export interface Actor {
  accountId: string;
  personId: string;
  username: string;
  name: string;
  sessionId: string;
  mustChangePassword: boolean;
  grants: ActorGrant[];
}

export const isAdmin = (actor: Actor): boolean => actor.grants.some((g) => g.role === 'admin');

/** Anything placed in the org tree: one path (an org) or several (a person's memberships). */
export interface TreeTarget {
  paths: string[];
}
export const atOrg = (path: string): TreeTarget => ({ paths: [path] });

/**
 * How far a rule reaches below a grant: `subtree` includes the granted org itself,
 * `descendants` only what lies strictly below it (moving or archiving the org you were given
 * would change the grant's own scope, which belongs to the level above).
 */
export type Reach = 'subtree' | 'descendants';

export interface Rule {
  roles: readonly Role[];
  reach?: Reach;
  /** 'any': one path covered is enough (reading a person); 'all': every path must be (adding to orgs). */
  match?: 'any' | 'all';
}

const coversPath = (grantPath: string, path: string, reach: Reach) =>
  path.startsWith(grantPath) && (reach === 'subtree' || path !== grantPath);

export function grantCovers(actor: Actor, roles: readonly Role[], path: string, reach: Reach = 'subtree'): boolean {
  return actor.grants.some((g) => g.orgPath !== null && roles.includes(g.role) && coversPath(g.orgPath, path, reach));
}

export interface Policy<A extends string> {
  can(actor: Actor, action: A, target: TreeTarget): boolean;
  authorize(actor: Actor, action: A, target: TreeTarget): void;
  /** May the actor perform this action on at least one organisation? Drives the UI's navigation. */
  canSomewhere(actor: Actor, action: A): boolean;
  /**
   * The org paths under which the actor may perform `action`, for filtering lists in SQL;
   * null means everywhere (admin). Nested paths are dropped: fewer prefixes to match.
   */
  scope(actor: Actor, action: A): string[] | null;
  actions: readonly A[];
}

export function definePolicy<A extends string>(rules: Record<A, Rule>): Policy<A> {
  const can = (actor: Actor, action: A, target: TreeTarget): boolean => {
    if (isAdmin(actor)) return true;
    const rule = rules[action];
    if (target.paths.length === 0) return false;
    const test = (p: string) => grantCovers(actor, rule.roles, p, rule.reach);
    return rule.match === 'all' ? target.paths.every(test) : target.paths.some(test);
  };
  return {
    can,
    authorize(actor, action, target) {
      if (!can(actor, action, target)) throw new HttpError('forbidden');
    },
    canSomewhere: (actor, action) => isAdmin(actor) || actor.grants.some((g) => g.orgPath !== null && rules[action].roles.includes(g.role)),
    scope(actor, action) {
      if (isAdmin(actor)) return null;
      const roles = rules[action].roles;
      const paths = [...new Set(actor.grants.filter((g) => g.orgPath && roles.includes(g.role)).map((g) => g.orgPath as string))];
      return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
    },
    actions: Object.keys(rules) as A[],
  };
}

/** Only system administrators: for what has no place in the org tree (root orgs, admin grants). */
export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new HttpError('forbidden');
}

/**
 * Everything about an actor that decides what policies allow: two actors with the same key see
 * the same lists and abilities, so it can key caches of authorized responses.
 */
export function authorizationKey(actor: Actor): string {
  return actor.grants.map((g) => `${g.role}@${g.orgPath ?? '*'}`).sort().join(',');
}
