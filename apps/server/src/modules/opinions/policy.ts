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
});
export type OpinionAction = (typeof opinionsPolicy.actions)[number];

/** Readable: within the reader's subtree, or assigned to them by name. */
export function canReadOpinion(actor: Actor, o: { org_path: string; assignee_person_id: string | null }): boolean {
  return opinionsPolicy.can(actor, 'opinion.read', atOrg(o.org_path)) || (o.assignee_person_id !== null && o.assignee_person_id === actor.personId);
}
