import { noteLength, noteStatusLabels, STUDY_NOTE_MIN_CHARS, type NoteCreateBody, type NoteReviewBody, type NoteStatus, type NoteUpdateBody } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { HttpError, ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { canReadCampaign } from '../../campaigns/index.js';
import { notify } from '../../notifications/index.js';
import { authorizeNote, canEditNote, canReviewNote, studyPolicy } from '../policy.js';
import { findCampaign, findNote, memberOrgsUnder } from '../queries.js';

/** The body is long enough (not counting white space), or the refusal names the minimum and the count. */
function checkLength(body: string): Outcome<null> {
  const count = noteLength(body);
  return count < STUDY_NOTE_MIN_CHARS ? refuse('study_note_too_short', { min: STUDY_NOTE_MIN_CHARS, count }) : ok(null);
}

/**
 * A staff person writes a note for a campaign they read, as a member of one of their orgs inside the
 * campaign's subtree. It is submitted for review at once.
 */
export function createNote(deps: Deps, actor: Actor, input: NoteCreateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const c = await findCampaign(trx, input.campaignId);
    if (!c || !canReadCampaign(actor, c.org_path)) return refuse('not_found');
    const org = (await memberOrgsUnder(trx, actor.personId, c.org_path)).find((o) => o.id === input.orgId);
    if (!org) return refuse('study_note_org');
    studyPolicy.authorize(actor, 'study.note', atOrg(org.path));
    const length = checkLength(input.body);
    if (!length.ok) return length;
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('study_notes').values({
      id, campaign_id: c.id, org_id: org.id, person_id: actor.personId, title: input.title, body: input.body, status: 'submitted',
      review_comment: '', reviewed_by: null, reviewed_at: null, created_at: now, updated_at: now,
    }).execute();
    await recordAudit(trx, deps, actor, {
      action: 'study_note.create', entityType: 'study_note', entityId: id, orgPath: org.path,
      summary: `提交心得体会“${input.title}”（${org.name}，${noteLength(input.body)} 字）`,
    });
    return ok({ id });
  });
}

/** Only the author edits, until it is approved; editing a returned note submits it again. */
export function updateNote(deps: Deps, actor: Actor, id: string, input: NoteUpdateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const n = await findNote(trx, id);
    if (!n) return refuse('not_found');
    authorizeNote(actor, n, canEditNote(actor, n));
    if (n.status === 'approved') return refuse('study_note_locked');
    const next = { title: input.title ?? n.title, body: input.body ?? n.body };
    const length = checkLength(next.body);
    if (!length.ok) return length;
    const changed = next.title !== n.title || next.body !== n.body;
    if (!changed && n.status === 'submitted') return ok({ id });
    await trx.updateTable('study_notes').set({ ...next, status: 'submitted', updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'study_note.update', entityType: 'study_note', entityId: id, orgPath: n.org_path,
      summary: `${n.status === 'returned' ? '修改后重新提交' : '修改'}心得体会“${next.title}”（${noteLength(next.body)} 字）`,
    });
    return ok({ id });
  });
}

/** The secretary or office over the note's org approves it or returns it with a comment; never their own. */
export function reviewNote(deps: Deps, actor: Actor, id: string, input: NoteReviewBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const n = await findNote(trx, id);
    if (!n) return refuse('not_found');
    authorizeNote(actor, n, canReviewNote(actor, n));
    if (n.person_id === actor.personId) throw new HttpError('study_review_own');
    if (n.status !== 'submitted') return refuse('study_note_status', { status: noteStatusLabels[n.status as NoteStatus] ?? n.status });
    if (input.decision === 'return' && !input.comment) return refuse('study_return_comment');
    const now = deps.clock.now();
    const status = input.decision === 'approve' ? 'approved' : 'returned';
    await trx.updateTable('study_notes').set({
      status, review_comment: input.comment, reviewed_by: actor.accountId, reviewed_at: now.toISOString(), updated_at: now.toISOString(),
    }).where('id', '=', id).execute();
    await notify(trx, {
      personIds: [n.person_id],
      kind: `study_note.${status}`,
      title: status === 'approved' ? `您的心得体会“${n.title}”已审核通过` : `您的心得体会“${n.title}”被退回，请修改后重新提交`,
      body: input.comment,
      link: `/study/notes/${id}`,
      dedupeKey: `study_note.${status}:${id}:${now.toISOString()}`,
      at: now,
    });
    await recordAudit(trx, deps, actor, {
      action: `study_note.${input.decision}`, entityType: 'study_note', entityId: id, orgPath: n.org_path,
      summary: `${status === 'approved' ? '通过' : '退回'}心得体会“${n.title}”${input.comment ? `：${input.comment.slice(0, 100)}` : ''}`,
    });
    return ok({ id });
  });
}
