import type { PublicVerdictBody, VerdictSummary, VerdictValue } from '@massline/shared';
import { createHash } from 'node:crypto';
import type { Deps } from '../../../database.js';
import { appendAudit, recordAudit, systemActor } from '../../../kernel/audit.js';
import { hashCodeFor, randomCode } from '../../../kernel/codes.js';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { notify, Responsible } from '../../notifications/index.js';
import { receiptHash } from '../../opinions/receipt.js';
import { bumpVerdictCounters } from '../counters.js';
import { authorizeItem, canManage, rectificationPolicy } from '../policy.js';
import { summarizeVerdicts } from '../presenters.js';
import { findItem, verdictsOfItems, type ItemRow } from '../queries.js';
import { applyMove } from './moves.js';
import { todayOf, type Trx } from './shared.js';

type Channel = 'receipt' | 'callback' | 'code' | 'browser';
export const isClosed = (i: { status: string }) => i.status === 'done' || i.status === 'verified';

/**
 * Take one verdict in the caller's transaction: one per voter key and round (the database holds
 * it). When enough verdicts are in and most say not fixed, the item goes back to being fixed,
 * as FixMyStreet reopens a report, and the history says why.
 */
async function take(trx: Trx, deps: Deps, item: ItemRow, voterKey: string, channel: Channel, value: VerdictValue, comment: string): Promise<Outcome<{ verdicts: VerdictSummary; reopened: boolean }>> {
  if (!isClosed(item)) return refuse('verdict_not_open');
  const round = Number(item.round);
  const exists = await trx.selectFrom('verdicts').select('id').where('rectification_id', '=', item.id).where('round', '=', round).where('voter_key', '=', voterKey).executeTakeFirst();
  if (exists) return refuse('verdict_twice');
  await trx.insertInto('verdicts').values({ id: newId(), rectification_id: item.id, round, value, comment, channel, voter_key: voterKey, day: todayOf(deps) }).execute();
  await bumpVerdictCounters(trx, item.owner_org_id, { [value]: 1 }, 1);
  const counts = (await verdictsOfItems(trx, [{ id: item.id, round }])).get(item.id);
  const summary = summarizeVerdicts(round, counts);
  const reopened = summary.total >= deps.config.verdictReopenMin && summary.notFixed * 2 > summary.total;
  if (reopened) {
    const why = `群众评议 ${summary.total} 票中 ${summary.notFixed} 票认为没有整改到位，重新整改`;
    await applyMove(trx, deps, null, item, 'in_progress', why, 'reopened');
    await appendAudit(trx, deps.dialect, deps.clock.now(), systemActor, { action: 'rectification.reopen', entityType: 'rectification', entityId: item.id, orgPath: item.owner_org_path, summary: `整改事项“${item.title}”：${why}` });
    // The office is told, and the owner: the fix did not convince the residents.
    const office = (await Responsible.load(trx as never)).nearest('office', item.owner_org_path);
    await notify(trx, {
      personIds: [...new Set([...office, ...(item.owner_person_id ? [item.owner_person_id] : [])])], kind: 'rectification.reopened',
      title: `整改事项“${item.title}”被群众评议退回`, body: why, link: `/rectification/${item.id}`, dedupeKey: `rectification.reopened:${item.id}:${round}`, at: deps.clock.now(),
    });
  }
  return ok({ verdicts: reopened ? summarizeVerdicts(round, undefined) : summary, reopened });
}

/** Runs `take` in a transaction; a concurrent duplicate that slipped past the check is the same refusal. */
async function once(deps: Deps, fn: (trx: Trx) => Promise<Outcome<{ verdicts: VerdictSummary; reopened: boolean }>>) {
  try {
    return await inTransaction(deps.db, fn);
  } catch (e) {
    if (isUniqueViolation(e)) return refuse('verdict_twice');
    throw e;
  }
}

/** The opinions a receipt stands for: its own and, when merged, the one it was merged into. */
async function receiptOpinions(deps: Deps, typed: string) {
  const o = await deps.db.selectFrom('opinions').select(['id', 'merged_into']).where('receipt_hash', '=', receiptHash(typed)).executeTakeFirst();
  return o ? { id: o.id, ids: [o.id, ...(o.merged_into ? [o.merged_into] : [])] } : null;
}

/** Items fixing the problems these opinions fed, done or verified (the ones to judge). */
async function itemsForOpinions(deps: Deps, opinionIds: string[]) {
  return deps.db
    .selectFrom('problem_sources as s')
    .innerJoin('rectification_problems as rp', 'rp.problem_id', 's.problem_id')
    .innerJoin('rectifications as r', 'r.id', 'rp.rectification_id')
    .select(['r.id', 'r.title', 'r.commitment', 'r.status', 'r.done_day', 'r.round'])
    .distinct()
    .where('s.opinion_id', 'in', opinionIds)
    .where('r.status', 'in', ['done', 'verified'])
    .orderBy('r.done_day')
    .execute();
}

/**
 * What a receipt holder is asked: "was it really fixed?" for each finished item that fixes the
 * problem their opinion fed, with the verdict they already gave this round.
 */
export async function receiptAsks(deps: Deps, typed: string) {
  const o = await receiptOpinions(deps, typed);
  if (!o) return refuse('receipt_unknown');
  const items = await itemsForOpinions(deps, o.ids);
  const given = items.length
    ? await deps.db.selectFrom('verdicts').select(['rectification_id', 'round', 'value']).where('voter_key', '=', `o:${o.id}`).where('rectification_id', 'in', items.map((i) => i.id)).execute()
    : [];
  return ok({
    items: items.map((i) => {
      const mine = given.find((g) => g.rectification_id === i.id && Number(g.round) === Number(i.round));
      return { id: i.id, title: i.title, commitment: i.commitment, status: i.status as 'done' | 'verified', doneDay: i.done_day, given: (mine?.value ?? null) as VerdictValue | null };
    }),
  });
}

/** The receipt holder's verdict: one per opinion and round, on an item that fixes their problem. */
export async function receiptVerdict(deps: Deps, typed: string, input: { rectificationId: string; value: VerdictValue; comment: string }) {
  const o = await receiptOpinions(deps, typed);
  if (!o) return refuse('receipt_unknown');
  if (!(await itemsForOpinions(deps, o.ids)).some((i) => i.id === input.rectificationId)) return refuse('verdict_not_related');
  return once(deps, async (trx) => {
    const item = await findItem(trx, input.rectificationId);
    if (!item) return refuse('verdict_not_related');
    return take(trx, deps, item, `o:${o.id}`, 'receipt', input.value, input.comment);
  });
}

/** A named sender asked by phone or in person (回访): staff record their verdict on their behalf. */
export async function callbackVerdict(deps: Deps, actor: Actor, itemId: string, input: { opinionId: string; value: VerdictValue; comment: string }) {
  const item = await findItem(deps.db, itemId);
  if (!item) return refuse('not_found');
  authorizeItem(actor, item, canManage);
  if (!(await itemsForOpinions(deps, [input.opinionId])).some((i) => i.id === itemId)) {
    return isClosed(item) ? refuse('verdict_not_related') : refuse('verdict_not_open');
  }
  return once(deps, async (trx) => {
    const result = await take(trx, deps, item, `o:${input.opinionId}`, 'callback', input.value, input.comment);
    if (result.ok) await recordAudit(trx, deps, actor, { action: 'rectification.callback', entityType: 'rectification', entityId: itemId, orgPath: item.owner_org_path, summary: `记录回访评议（整改事项“${item.title}”）` });
    return result;
  });
}

export const verdictCodeHash = (code: string) => hashCodeFor('verdict', code);

/** Are verdicts on this item limited by one-time codes (attached to it or to its org's list)? */
export async function usesCodes(deps: Deps | { db: Trx }, item: { id: string; owner_org_id: string }): Promise<boolean> {
  const row = await deps.db
    .selectFrom('verdict_codes')
    .select('code_hash')
    .where((eb) => eb.or([eb('rectification_id', '=', item.id), eb.and([eb('org_id', '=', item.owner_org_id), eb('rectification_id', 'is', null)])]))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The open verdict on a published item: one per one-time code when the office attached codes,
 * otherwise one per browser (a random token kept in the browser, stored only hashed with the
 * item, so it links no two verdicts) — which the page says is a weaker limit.
 */
export async function publicVerdict(deps: Deps, itemId: string, input: PublicVerdictBody) {
  const item = await findItem(deps.db, itemId);
  if (!item || item.published !== 1) return refuse('not_found');
  if (!isClosed(item)) return refuse('verdict_not_open');
  let voterKey: string;
  let channel: Channel;
  if (await usesCodes(deps, item)) {
    if (!input.code) return refuse('verdict_code_required');
    const hash = verdictCodeHash(input.code);
    const code = await deps.db.selectFrom('verdict_codes').select(['org_id', 'rectification_id']).where('code_hash', '=', hash).executeTakeFirst();
    if (!code || code.org_id !== item.owner_org_id || (code.rectification_id !== null && code.rectification_id !== item.id)) return refuse('verdict_code_unknown');
    voterKey = `c:${hash}`;
    channel = 'code';
  } else {
    if (!input.browserToken) return refuse('validation_failed');
    voterKey = `b:${createHash('sha256').update(`${input.browserToken}:${item.id}`).digest('hex')}`;
    channel = 'browser';
  }
  return once(deps, (trx) => take(trx, deps, item, voterKey, channel, input.value, input.comment));
}

/** One-time verdict codes for an org's list (or one item of it), shown once for printing. */
export function issueVerdictCodes(deps: Deps, actor: Actor, orgId: string, input: { count: number; rectificationId?: string }) {
  return inTransaction(deps.db, async (trx) => {
    const org = await trx.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', orgId).executeTakeFirst();
    if (!org || !rectificationPolicy.can(actor, 'rect.read', atOrg(org.path))) return refuse('not_found');
    rectificationPolicy.authorize(actor, 'rect.publish', atOrg(org.path));
    if (input.rectificationId && !(await trx.selectFrom('rectifications').select('id').where('id', '=', input.rectificationId).where('owner_org_id', '=', org.id).executeTakeFirst())) return refuse('not_found');
    const batch = newId();
    const now = deps.clock.now().toISOString();
    const codes = new Set<string>();
    while (codes.size < input.count) codes.add(randomCode(8));
    const rows = [...codes].map((c) => ({ code_hash: verdictCodeHash(c), org_id: org.id, rectification_id: input.rectificationId ?? null, batch, created_at: now }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('verdict_codes').values(rows.slice(i, i + 200)).execute();
    await recordAudit(trx, deps, actor, { action: 'verdict.codes', entityType: 'rectification_plan', entityId: org.id, orgPath: org.path, summary: `为“${org.name}”整改评议生成 ${codes.size} 个评议码` });
    return ok({ batch, codes: [...codes] });
  });
}
