import { ok, refuse } from '../../../kernel/errors.js';
import { castBallot } from '../../../kernel/ballot-box.js';
import type { Deps, Db } from '../../../database.js';
import { receiptHash } from '../receipt.js';
import { senderMessageBallots } from './ballots.js';
import { isAnswered, verdictOfReceipt } from './verdict.js';

/** The opinion a receipt opens; a merged one answers with the opinion it was merged into as well. */
async function byReceipt(db: Db, typed: string) {
  return db
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .select(['op.id', 'op.category', 'op.content', 'op.day', 'op.status', 'op.handling', 'op.merged_into', 'op.assignee_org_id', 'op.assignee_person_id', 'o.name as org_name'])
    .where('op.receipt_hash', '=', receiptHash(typed))
    .executeTakeFirst();
}

/**
 * What the sender sees: their opinion, its state, and the conversation — their own messages and
 * every staff answer, public or private; for a merged opinion also the answers given on the one it
 * was merged into, and that one's state (whether it was passed on, never to whom). Never who answered.
 */
export async function viewByReceipt(deps: Deps, typed: string) {
  const o = await byReceipt(deps.db, typed);
  if (!o) return refuse('receipt_unknown');
  const target = o.merged_into
    ? await deps.db.selectFrom('opinions').select(['id', 'status', 'handling', 'assignee_org_id', 'assignee_person_id']).where('id', '=', o.merged_into).executeTakeFirst()
    : null;
  const handled = target ?? o;
  const messages = await deps.db
    .selectFrom('opinion_messages')
    .select(['id', 'opinion_id', 'author', 'public', 'body', 'day', 'seq'])
    .where((eb) => eb.or([eb('opinion_id', '=', o.id), ...(target ? [eb.and([eb('opinion_id', '=', target.id), eb('author', '=', 'staff')])] : [])]))
    .orderBy('day')
    .orderBy('seq')
    .execute();
  return ok({
    category: o.category,
    content: o.content,
    day: o.day,
    orgName: o.org_name,
    status: handled.status,
    handling: handled.handling,
    // Whether it was passed on at all, so the progress shows 已交办 only when it happened; never to whom.
    assigned: handled.status === 'assigned' || handled.assignee_org_id !== null || handled.assignee_person_id !== null,
    messages: messages.map((m) => ({ id: m.id, author: m.author as 'sender' | 'staff', public: m.public === 1, body: m.body, day: m.day })),
    verdict: await verdictOfReceipt(deps, o.id, isAnswered(handled)),
  });
}

/**
 * The sender adds information or answers back, through the ballot box: kept with its batch's
 * day only, no account, no address, no moment.
 */
export async function replyByReceipt(deps: Deps, typed: string, body: string) {
  const out = await castBallot(deps, senderMessageBallots, { receiptHash: receiptHash(typed), body });
  return out.ok ? ok({ id: out.id }) : refuse('receipt_unknown');
}
