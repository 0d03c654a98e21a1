import { HttpError } from '../../kernel/errors.js';
import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/**
 * Rectification items belong to their owner org (责任单位). The office and secretaries keep the
 * items of their subtree; the owner (and the office) move an item forward; the office and
 * inspectors verify; the office approves and publishes lists and releases evidence.
 */
export const rectificationPolicy = definePolicy({
  'rect.read': { roles: ['office', 'secretary', 'inspector'] },
  'rect.manage': { roles: ['office', 'secretary'] },
  'rect.progress': { roles: ['office'] },
  'rect.verify': { roles: ['office', 'inspector'] },
  'rect.publish': { roles: ['office'] },
  'plan.submit': { roles: ['office', 'secretary'] },
  'plan.decide': { roles: ['office'], reach: 'subtree' },
  // 回访 and the counting rule belong to the level above the judged org (or an inspector): never to it.
  'verdict.callback': { roles: ['office'], reach: 'descendants' },
  'verdict.inspect': { roles: ['inspector'], reach: 'subtree' },
  'verdict.rule': { roles: ['office'], reach: 'descendants' },
});
export type RectificationAction = (typeof rectificationPolicy.actions)[number];

export interface ItemPlace {
  owner_org_path: string;
  owner_person_id: string | null;
}

const ownsInPerson = (actor: Actor, i: ItemPlace) => i.owner_person_id !== null && i.owner_person_id === actor.personId;

/** Readable: within the reader's subtree, or owned by the reader in person. */
export function canReadItem(actor: Actor, i: ItemPlace): boolean {
  return rectificationPolicy.can(actor, 'rect.read', atOrg(i.owner_org_path)) || ownsInPerson(actor, i);
}

/**
 * Who moves an item forward and writes its progress: the owner in person, the office, and — for
 * an item with no owner named — the owner org's secretary.
 */
export function canProgress(actor: Actor, i: ItemPlace): boolean {
  if (ownsInPerson(actor, i) || rectificationPolicy.can(actor, 'rect.progress', atOrg(i.owner_org_path))) return true;
  return i.owner_person_id === null && rectificationPolicy.can(actor, 'rect.manage', atOrg(i.owner_org_path));
}

/** An item out of the caller's sight is 404; one they may read but not act on is 403. */
export function authorizeItem(actor: Actor, i: ItemPlace, allowed: (actor: Actor, i: ItemPlace) => boolean): void {
  if (!canReadItem(actor, i)) throw new HttpError('not_found');
  if (!allowed(actor, i)) throw new HttpError('forbidden');
}

export const canManage = (actor: Actor, i: ItemPlace) => rectificationPolicy.can(actor, 'rect.manage', atOrg(i.owner_org_path));
export const canVerify = (actor: Actor, i: ItemPlace) => rectificationPolicy.can(actor, 'rect.verify', atOrg(i.owner_org_path));
export const canPublish = (actor: Actor, i: ItemPlace) => rectificationPolicy.can(actor, 'rect.publish', atOrg(i.owner_org_path));

export function itemAbilities(actor: Actor, i: ItemPlace): ('edit' | 'progress' | 'verify' | 'publish' | 'release' | 'callback')[] {
  const out: ('edit' | 'progress' | 'verify' | 'publish' | 'release' | 'callback')[] = [];
  if (canManage(actor, i)) out.push('edit');
  if (canCallBack(actor, i.owner_org_path)) out.push('callback');
  if (canProgress(actor, i)) out.push('progress');
  if (canVerify(actor, i) && !ownsInPerson(actor, i)) out.push('verify');
  if (canPublish(actor, i)) out.push('publish', 'release');
  return out;
}

/** 回访 of an org's work: the office of a level above it, or an inspector over it. */
export const canCallBack = (actor: Actor, orgPath: string) =>
  rectificationPolicy.can(actor, 'verdict.callback', atOrg(orgPath)) || rectificationPolicy.can(actor, 'verdict.inspect', atOrg(orgPath));
/** Which verdicts count on an org's list: the office of a level above it. */
export const canSetVerdictRule = (actor: Actor, orgPath: string) => rectificationPolicy.can(actor, 'verdict.rule', atOrg(orgPath));
