import { forumKinds, type ForumOpinionBody, type MakeupBody } from '@massline/shared';
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { recordOpinion } from '../../opinions/index.js';
import { authorizeMeeting } from '../policy.js';
import { attendable, findMeeting, peopleNames } from '../queries.js';

export const signinHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** 补学: someone who missed a study session studies its content later; their hours count. */
export function recordMakeup(deps: Deps, actor: Actor, id: string, input: MakeupBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    if (m.kind !== 'study') return refuse('meeting_not_study');
    const names = await peopleNames(trx, [input.personId]);
    if (!names.has(input.personId)) return refuse('not_found');
    const { members } = await attendable(trx, m.org_path, [input.personId]);
    if (!members.has(input.personId)) return refuse('meeting_not_member', { name: names.get(input.personId)!, org: m.org_name });
    const row = await trx.selectFrom('meeting_attendance').select('status').where('meeting_id', '=', id).where('person_id', '=', input.personId).executeTakeFirst();
    if (row?.status === 'present') return refuse('meeting_makeup_attended', { name: names.get(input.personId)! });
    await trx.deleteFrom('study_makeups').where('meeting_id', '=', id).where('person_id', '=', input.personId).execute();
    await trx.insertInto('study_makeups').values({
      id: newId(), meeting_id: id, person_id: input.personId, day: input.day, minutes_long: Math.round(input.hours * 60), note: input.note,
      recorded_by: actor.accountId, created_at: deps.clock.now().toISOString(),
    }).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.makeup', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `登记人员 ${input.personId} 补学“${m.title}”（${input.hours} 学时）` });
    return ok({ id });
  });
}

/** An inspector (or the office) comments on a meeting they watched. */
export function addComment(deps: Deps, actor: Actor, id: string, body: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.comment', m.at);
    await trx.insertInto('meeting_comments').values({ id: newId(), meeting_id: id, account_id: actor.accountId, body, created_at: deps.clock.now().toISOString() }).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.comment', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `点评“${m.title}”` });
    return ok({ id });
  });
}

/** Open QR sign-in: a fresh token each time (an old QR stops working), kept only as its hash. */
export function openSignin(deps: Deps, actor: Actor, id: string): Promise<Outcome<{ token: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    const token = randomBytes(18).toString('base64url');
    await trx.updateTable('meetings').set({ signin_hash: signinHash(token) }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.signin_open', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `开启“${m.title}”扫码签到` });
    return ok({ token });
  });
}

export function closeSignin(deps: Deps, actor: Actor, id: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    await trx.updateTable('meetings').set({ signin_hash: null }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.signin_close', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `结束“${m.title}”扫码签到` });
    return ok({ id });
  });
}

/**
 * Someone with an account scans the meeting's QR code: they are present, signed in now. Only
 * members of the org (or inspectors over it) sign in; twice is harmless.
 */
export function signIn(deps: Deps, actor: Actor, token: string): Promise<Outcome<{ meetingId: string; title: string; orgName: string; alreadySignedIn: boolean }>> {
  return inTransaction(deps.db, async (trx) => {
    const row = await trx.selectFrom('meetings').select('id').where('signin_hash', '=', signinHash(token)).executeTakeFirst();
    if (!row) return refuse('meeting_signin_closed');
    const m = (await findMeeting(trx, row.id, actor))!;
    const { members, inspectors } = await attendable(trx, m.org_path, [actor.personId]);
    if (!members.has(actor.personId) && !inspectors.has(actor.personId)) return refuse('meeting_not_member', { name: actor.name, org: m.org_name });
    const now = deps.clock.now().toISOString();
    const existing = await trx.selectFrom('meeting_attendance').select('status').where('meeting_id', '=', m.id).where('person_id', '=', actor.personId).executeTakeFirst();
    const result = { meetingId: m.id, title: m.title, orgName: m.org_name, alreadySignedIn: existing?.status === 'present' };
    if (result.alreadySignedIn) return ok(result);
    if (existing) {
      await trx.updateTable('meeting_attendance').set({ status: 'present', signed_in_at: now, via: 'qr' }).where('meeting_id', '=', m.id).where('person_id', '=', actor.personId).execute();
    } else {
      // The same person scanning twice at once: the other scan signed them in.
      const inserted = await trx.insertInto('meeting_attendance').values({ meeting_id: m.id, person_id: actor.personId, status: 'present', spoke: 0, signed_in_at: now, via: 'qr' })
        .onConflict((oc) => oc.columns(['meeting_id', 'person_id']).doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return ok({ ...result, alreadySignedIn: true });
    }
    await trx.deleteFrom('study_makeups').where('meeting_id', '=', m.id).where('person_id', '=', actor.personId).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.signin', entityType: 'meeting', entityId: m.id, orgPath: m.org_path, summary: `扫码签到“${m.title}”` });
    return ok(result);
  });
}

/** What a resident said at a forum goes straight into the opinions, linked to the forum. */
export async function recordForumOpinion(deps: Deps, actor: Actor, id: string, input: ForumOpinionBody): Promise<Outcome<{ id: string }>> {
  const m = await findMeeting(deps.db, id, actor);
  if (!m) return refuse('not_found');
  authorizeMeeting(actor, 'meeting.manage', m.at);
  if (!forumKinds.includes(m.kind as never)) return refuse('meeting_not_forum');
  return recordOpinion(deps, actor, { orgId: m.org_id, channel: 'forum', category: input.category, content: input.content, place: m.place, day: m.day, sender: input.sender }, m.id);
}
