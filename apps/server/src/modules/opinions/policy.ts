import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * Opinions belong to the org they concern. Staff who hear residents record them; the office and
 * secretaries triage; inspectors read across their subtree; a cadre reads only what is assigned
 * to them, and never who sent it.
 */
export const opinionsPolicy = definePolicy({
  'opinion.read': { roles: ['office', 'secretary', 'inspector'] },
  'opinion.record': { roles: ['office', 'secretary', 'inspector', 'surveyor'] },
  'opinion.triage': { roles: ['office', 'secretary'] },
  'opinion.publish': { roles: ['office'] },
  /** Who may see what a named sender gave (name, phone, village). */
  'opinion.sender': { roles: ['office', 'secretary', 'inspector'] },
  // 回访 on an answer: the office of a level above the org that answered, or an inspector over it.
  'opinion.callback': { roles: ['office'], reach: 'descendants' },
  'opinion.inspect': { roles: ['inspector'] },
});
export type OpinionAction = (typeof opinionsPolicy.actions)[number];

/** Readable: within the reader's subtree, or assigned to them by name. */
export function canReadOpinion(actor: Actor, o: { org_path: string; assignee_person_id: string | null }): boolean {
  return opinionsPolicy.can(actor, 'opinion.read', atOrg(o.org_path)) || (o.assignee_person_id !== null && o.assignee_person_id === actor.personId);
}

/** 回访 of an org's answers: never by that org itself. */
export const canCallBackOpinion = (actor: Actor, orgPath: string) =>
  opinionsPolicy.can(actor, 'opinion.callback', atOrg(orgPath)) || opinionsPolicy.can(actor, 'opinion.inspect', atOrg(orgPath));
