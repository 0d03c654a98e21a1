import { HttpError } from '../../kernel/errors.js';
import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * 学习教育. The reading list belongs to the campaign: whoever reads the campaign reads it, the
 * campaign's office keeps it (the campaigns module's `campaign.manage`). A study note belongs to
 * the org its author wrote it as a member of: any staff person writes as a member of their own
 * org (`study.note`, and the membership is checked by the command); the secretary or office over
 * that org reviews it (never their own); inspectors read notes and hours across their subtree.
 */
export const studyPolicy = definePolicy({
  'study.note': { roles: ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] },
  'study.review': { roles: ['office', 'secretary'] },
  'study.read': { roles: ['office', 'secretary', 'inspector'] },
});
export type StudyAction = (typeof studyPolicy.actions)[number];

export interface NotePlace {
  org_path: string;
  person_id: string;
}

const isAuthor = (actor: Actor, n: NotePlace) => n.person_id === actor.personId;

/** The author, or a reader of notes over its org. */
export const canReadNote = (actor: Actor, n: NotePlace): boolean => isAuthor(actor, n) || studyPolicy.can(actor, 'study.read', atOrg(n.org_path));

/** A note out of the caller's sight is 404; one they read but may not act on is 403. */
export function authorizeNote(actor: Actor, n: NotePlace, allowed: boolean): void {
  if (!canReadNote(actor, n)) throw new HttpError('not_found');
  if (!allowed) throw new HttpError('forbidden');
}

export const canEditNote = (actor: Actor, n: NotePlace): boolean => isAuthor(actor, n);
/** Reviewers of the note's org; nobody reviews their own (refused with its own code, see commands). */
export const canReviewNote = (actor: Actor, n: NotePlace): boolean => studyPolicy.can(actor, 'study.review', atOrg(n.org_path));

export function noteAbilities(actor: Actor, n: NotePlace & { status: string }): ('edit' | 'review')[] {
  const out: ('edit' | 'review')[] = [];
  if (canEditNote(actor, n) && n.status !== 'approved') out.push('edit');
  if (canReviewNote(actor, n) && !isAuthor(actor, n) && n.status === 'submitted') out.push('review');
  return out;
}

/** Study hours of an org: readers of study over it; a staff person who only works there is 403, anyone else 404. */
export function authorizeHours(actor: Actor, orgPath: string): void {
  if (studyPolicy.can(actor, 'study.read', atOrg(orgPath))) return;
  throw new HttpError(studyPolicy.can(actor, 'study.note', atOrg(orgPath)) ? 'forbidden' : 'not_found');
}
