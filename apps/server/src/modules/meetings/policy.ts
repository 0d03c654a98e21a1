import { HttpError } from '../../kernel/errors.js';
import { atOrg, definePolicy, grantCovers, type Actor } from '../../kernel/policy.js';

/**
 * A meeting belongs to the org that held it. Its office and secretaries run it (the programme is
 * theirs); cadres of the subtree and those who attended read it; inspectors read and comment.
 * Criticism entries are narrower: the meeting's participants, the office and inspectors only.
 */
export const meetingsPolicy = definePolicy({
  'meeting.read': { roles: ['office', 'secretary', 'cadre', 'inspector'] },
  'meeting.manage': { roles: ['office', 'secretary'] },
  'meeting.comment': { roles: ['inspector', 'office'] },
});
export type MeetingAction = (typeof meetingsPolicy.actions)[number];

export interface MeetingPlace {
  orgPath: string;
  /** The reader attended (any attendance row, present or not). */
  attended: boolean;
  /** The reader was present. */
  present: boolean;
}

export const canReadMeeting = (actor: Actor, m: MeetingPlace): boolean => m.attended || meetingsPolicy.can(actor, 'meeting.read', atOrg(m.orgPath));

/** Out of sight is 404; readable but not allowed is 403. */
export function authorizeMeeting(actor: Actor, action: MeetingAction, m: MeetingPlace): void {
  if (!canReadMeeting(actor, m)) throw new HttpError('not_found');
  meetingsPolicy.authorize(actor, action, atOrg(m.orgPath));
}

/** Criticism entries: read by those present, the office and inspectors over the org. */
export const canReadCriticism = (actor: Actor, m: MeetingPlace): boolean =>
  m.present || grantCovers(actor, ['office', 'inspector'], m.orgPath) || actor.grants.some((g) => g.role === 'admin');

/** Written by the office over the org or by someone present (recording the meeting as it goes). */
export const canWriteCriticism = (actor: Actor, m: MeetingPlace): boolean =>
  m.present || grantCovers(actor, ['office'], m.orgPath) || actor.grants.some((g) => g.role === 'admin');

export function meetingAbilities(actor: Actor, m: MeetingPlace): ('manage' | 'comment' | 'criticism')[] {
  const out: ('manage' | 'comment' | 'criticism')[] = [];
  if (meetingsPolicy.can(actor, 'meeting.manage', atOrg(m.orgPath))) out.push('manage');
  if (meetingsPolicy.can(actor, 'meeting.comment', atOrg(m.orgPath))) out.push('comment');
  if (canReadCriticism(actor, m)) out.push('criticism');
  return out;
}
