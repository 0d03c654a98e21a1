import type { MaterialAbility, MaterialStatus } from '@massline/shared';
import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * A material belongs to its author and sits at the org the author writes as. The author writes
 * their own (a cadre, secretary or office member of that org); the secretary or office of that
 * org or one above reviews it; inspectors read and comment. Cadres read only their own, and no
 * one reviews their own.
 */
export const materialsPolicy = definePolicy({
  'material.write': { roles: ['cadre', 'secretary', 'office'] },
  'material.read': { roles: ['office', 'secretary', 'inspector'] },
  'material.review': { roles: ['office', 'secretary'] },
  'material.comment': { roles: ['office', 'secretary', 'inspector'] },
});
export type MaterialAction = (typeof materialsPolicy.actions)[number];

export interface MaterialPlace {
  org_path: string;
  person_id: string;
}

export const isAuthor = (actor: Actor, m: MaterialPlace) => m.person_id === actor.personId;

/** The author reads their own; readers of the org's subtree read the rest. */
export const canReadMaterial = (actor: Actor, m: MaterialPlace) => isAuthor(actor, m) || materialsPolicy.can(actor, 'material.read', atOrg(m.org_path));

/** Writes only by the author, and only while they may still write at that org. */
export const canWrite = (actor: Actor, m: MaterialPlace) => isAuthor(actor, m) && materialsPolicy.can(actor, 'material.write', atOrg(m.org_path));

/** A reviewer of the org or above, never the author (an admin writing their own is no exception). */
export const canReview = (actor: Actor, m: MaterialPlace) => !isAuthor(actor, m) && materialsPolicy.can(actor, 'material.review', atOrg(m.org_path));

export const canComment = (actor: Actor, m: MaterialPlace) => !isAuthor(actor, m) && materialsPolicy.can(actor, 'material.comment', atOrg(m.org_path));

/** What the reader may do now, for the page to show only that. */
export function materialAbilities(actor: Actor, m: MaterialPlace & { status: string }, phaseOpen: boolean): MaterialAbility[] {
  const status = m.status as MaterialStatus;
  const out: MaterialAbility[] = [];
  if (canWrite(actor, m) && phaseOpen) {
    if (status === 'draft' || status === 'returned' || status === 'revised') out.push('edit');
    if (status === 'draft' || status === 'revised') out.push('submit');
  }
  if (canReview(actor, m) && status === 'submitted') out.push('review');
  if (canComment(actor, m)) out.push('comment');
  out.push('export');
  return out;
}
