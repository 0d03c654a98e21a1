import { HttpError } from '../../kernel/errors.js';
import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * Problems belong to the org that owns them (责任单位). The office and secretaries keep the list
 * of their subtree; inspectors read across theirs; a cadre reads only the problems they own.
 * The rule catalogue is read by all staff and kept by the office.
 */
export const problemsPolicy = definePolicy({
  'problem.read': { roles: ['office', 'secretary', 'inspector'] },
  'problem.manage': { roles: ['office', 'secretary'] },
  'rule.manage': { roles: ['office'] },
});
export type ProblemAction = (typeof problemsPolicy.actions)[number];

export interface ProblemPlace {
  owner_org_path: string;
  owner_person_id: string | null;
}

/** Readable: within the reader's subtree, or owned by the reader in person. */
export function canReadProblem(actor: Actor, p: ProblemPlace): boolean {
  return problemsPolicy.can(actor, 'problem.read', atOrg(p.owner_org_path)) || (p.owner_person_id !== null && p.owner_person_id === actor.personId);
}

/** Manage a problem: a problem out of the caller's sight is 404, one only readable is 403. */
export function authorizeManage(actor: Actor, p: ProblemPlace): void {
  if (!canReadProblem(actor, p)) throw new HttpError('not_found');
  problemsPolicy.authorize(actor, 'problem.manage', atOrg(p.owner_org_path));
}

/** An org the caller manages problems in; one they cannot even read problems of is 404. */
export function authorizeManageAt(actor: Actor, orgPath: string): void {
  if (!problemsPolicy.can(actor, 'problem.read', atOrg(orgPath)) && !problemsPolicy.can(actor, 'problem.manage', atOrg(orgPath))) throw new HttpError('not_found');
  problemsPolicy.authorize(actor, 'problem.manage', atOrg(orgPath));
}

export const problemAbilities = (actor: Actor, p: ProblemPlace): ProblemAction[] =>
  problemsPolicy.can(actor, 'problem.manage', atOrg(p.owner_org_path)) ? ['problem.manage'] : [];
