import type { OpinionRecordBody, PublicOpinionBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../../kernel/audit.js';
import { campaignDay } from '../../../kernel/clock.js';
import { castBallot } from '../../../kernel/ballot-box.js';
import { addDays, opinionBallots, searchText } from './ballots.js';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { bumpOrgCounts } from '../../../kernel/org-counts.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { indexTerms } from '../../../kernel/search-terms.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { opinionsPolicy } from '../policy.js';
import { formatReceipt, receiptFor, receiptHash } from '../receipt.js';


export { searchText };

interface NewOpinion {
  orgId: string;
  personId: string | null;
  channel: string;
  category: string;
  content: string;
  place: string;
  day: string;
  sender: { name: string; phone?: string; village?: string } | undefined;
  receiptHash: string | null;
  recordedBy: string | null;
  meetingId?: string | null;
  replyDays: number;
  now: string;
}

/** The opinion row and its counters, in the caller's transaction. Ids are random: they tell no order. */
async function insertOpinion(trx: Transaction<Database>, o: NewOpinion): Promise<string> {
  const id = randomUUID();
  await trx.insertInto('opinions').values({
    id, org_id: o.orgId, person_id: o.personId, channel: o.channel, category: o.category, content: o.content, place: o.place, day: o.day,
    named: o.sender ? 1 : 0, sender_name: o.sender?.name ?? null, sender_phone: o.sender?.phone ?? null, sender_village: o.sender?.village ?? null,
    status: 'received', handling: null, assignee_org_id: null, assignee_person_id: null, due_day: addDays(o.day, o.replyDays), answered_day: null,
    merged_into: null, published: 0, receipt_hash: o.receiptHash, recorded_by: o.recordedBy, meeting_id: o.meetingId ?? null,
    search: searchText(o.content, o.place), updated_at: o.now,
  }).execute();
  const terms = indexTerms(o.content, o.place).map((term) => ({ term, day: o.day, opinion_id: id }));
  // 3 values a row: 1,000 rows stay under every driver's bound-parameter limit.
  for (let i = 0; i < terms.length; i += 1000) await trx.insertInto('opinion_terms').values(terms.slice(i, i + 1000)).execute();
  await bumpOrgCounts(trx, o.orgId, ['opinions', `opinions.channel.${o.channel}`, `opinions.category.${o.category}`]);
  return id;
}

/** What residents said at a forum, on a visit, by phone or at a meeting, recorded by staff. */
export async function recordOpinion(deps: Deps, actor: Actor, input: OpinionRecordBody, meetingId: string | null = null): Promise<Outcome<{ id: string }, 'not_found' | 'org_archived'>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await trx.selectFrom('orgs').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) return refuse('not_found');
    opinionsPolicy.authorize(actor, 'opinion.record', atOrg(org.path));
    if (org.archived_at) return refuse('org_archived');
    if (input.personId && !(await trx.selectFrom('people').select('id').where('id', '=', input.personId).executeTakeFirst())) return refuse('not_found');
    const now = deps.clock.now().toISOString();
    const id = await insertOpinion(trx, {
      orgId: org.id, personId: input.personId ?? null, channel: input.channel, category: input.category, content: input.content, place: input.place,
      day: input.day ?? campaignDay(now), sender: input.sender, receiptHash: null, recordedBy: actor.accountId, meetingId, replyDays: deps.config.opinionReplyDays, now,
    });
    await recordAudit(trx, deps, actor, { action: 'opinion.record', entityType: 'opinion', entityId: id, orgPath: org.path, summary: `记录“${org.name}”的意见建议（${input.channel}）` });
    return ok({ id });
  });
}

/**
 * A resident's own opinion from the public page. Nothing of the sender is kept but what they chose
 * to give: no address, no session, no time of day, no audit entry (it would keep the moment). The
 * receipt code is derived from their idempotency key, so a retry returns the same code.
 */
export async function submitPublicOpinion(deps: Deps, input: PublicOpinionBody): Promise<Outcome<{ receipt: string; duplicate: boolean }, 'not_found'>> {
  const secret = await deps.db.selectFrom('secrets').select('value').where('name', '=', 'receipt').executeTakeFirstOrThrow();
  const receipt = receiptFor(secret.value, input.idempotencyKey);
  const hash = receiptHash(receipt);
  const existing = () => deps.db.selectFrom('opinions').select('id').where('receipt_hash', '=', hash).executeTakeFirst();
  if (await existing()) return ok({ receipt: formatReceipt(receipt), duplicate: true });
  const org = await deps.db.selectFrom('orgs').select(['id', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org || org.archived_at) return refuse('not_found');
  // Through the ballot box: stored with its batch, shuffled, so no moment and no order is kept.
  const outcome = await castBallot(deps, opinionBallots, { orgId: org.id, category: input.category, content: input.content, sender: input.sender, receiptHash: hash, replyDays: deps.config.opinionReplyDays });
  if (outcome === 'duplicate') return ok({ receipt: formatReceipt(receipt), duplicate: true });
  return ok({ receipt: formatReceipt(receipt), duplicate: false });
}
