import { HttpError } from '../../kernel/errors.js';
import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * A rule (建章立制) belongs to the org that made it. The office and secretaries keep the register of
 * their subtree; inspectors read across theirs; cadres read the rules of their own orgs (and the
 * orgs below). Nobody reads a rule of an org above or beside theirs.
 */
export const regulationsPolicy = definePolicy({
  'regulation.read': { roles: ['office', 'secretary', 'inspector', 'cadre'] },
  'regulation.manage': { roles: ['office', 'secretary'] },
});
export type RegulationAction = (typeof regulationsPolicy.actions)[number];

export const canReadRegulation = (actor: Actor, orgPath: string): boolean => regulationsPolicy.can(actor, 'regulation.read', atOrg(orgPath));

/** Manage a rule or create one at an org: out of the caller's sight is 404, only readable is 403. */
export function authorizeManage(actor: Actor, orgPath: string): void {
  if (!canReadRegulation(actor, orgPath) && !regulationsPolicy.can(actor, 'regulation.manage', atOrg(orgPath))) throw new HttpError('not_found');
  regulationsPolicy.authorize(actor, 'regulation.manage', atOrg(orgPath));
}

export const regulationAbilities = (actor: Actor, orgPath: string): RegulationAction[] =>
  regulationsPolicy.can(actor, 'regulation.manage', atOrg(orgPath)) ? ['regulation.manage'] : [];
