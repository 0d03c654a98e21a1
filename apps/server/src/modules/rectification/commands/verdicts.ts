import { satisfiedLabels, solvedLabels, type CallbackVerdictBody, type PublicVerdictBody, type Satisfied, type Solved, type VerdictAnswer, type VerdictResult } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { senderKeyOfDay } from '../../../kernel/anonymous-key.js';
import { recordAudit } from '../../../kernel/audit.js';
import { castBallot } from '../../../kernel/ballot-box.js';
import { campaignDay } from '../../../kernel/clock.js';
import { hashCodeFor, randomCode } from '../../../kernel/codes.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { receiptHash } from '../../opinions/receipt.js';
import { canCallBack, canReadItem, rectificationPolicy } from '../policy.js';
import { findItem } from '../queries.js';
import type { Trx } from './shared.js';
import { openBurstOf } from '../verdict-rules.js';
import { isClosed, tellOffice, verdictBallots, type VerdictBallot } from './verdict-ballots.js';

export { isClosed };
const HOUR_MS = 3_600_000;

/**
 * Open verdict attempts per item in the last hour, in memory only (like the rate limits): more
 * than the list's threshold tells the office once an hour. Refused repeats count too — five
 * tries from one phone are the sign, whatever was kept of them.
 */
const bursts = new Map<string, number[]>();
function burstExceeded(itemId: string, now: number, limit: number): boolean {
  const recent = (bursts.get(itemId) ?? []).filter((t) => now - t < HOUR_MS);
  recent.push(now);
  bursts.set(itemId, recent);
  if (bursts.size > 10_000) for (const [k, v] of bursts) if (now - v[v.length - 1] >= HOUR_MS) bursts.delete(k);
  return recent.length > limit;
}

async function castVerdict(deps: Deps, ballot: VerdictBallot): Promise<Outcome<VerdictResult>> {
  const out = await castBallot(deps, verdictBallots, ballot);
  if (!out.ok) return refuse(out.reason);
  const { ok: _, ...result } = out;
  return ok(result);
}

/** The opinions a receipt stands for: its own and, when merged, the one it was merged into. */
async function receiptOpinions(deps: Deps, typed: string) {
  const o = await deps.db.selectFrom('opinions').select(['id', 'merged_into']).where('receipt_hash', '=', receiptHash(typed)).executeTakeFirst();
  return o ? { id: o.id, ids: [o.id, ...(o.merged_into ? [o.merged_into] : [])] } : null;
}

/** Items fixing the problems these opinions fed, done or verified (the ones to judge), or all of them. */
async function itemsForOpinions(deps: Deps, opinionIds: string[], closedOnly = true) {
  const q = deps.db
    .selectFrom('problem_sources as s')
    .innerJoin('rectification_problems as rp', 'rp.problem_id', 's.problem_id')
    .innerJoin('rectifications as r', 'r.id', 'rp.rectification_id')
    .select(['r.id', 'r.title', 'r.commitment', 'r.status', 'r.done_day', 'r.round'])
    .distinct()
    .where('s.opinion_id', 'in', opinionIds)
    .orderBy('r.done_day');
  return (closedOnly ? q.where('r.status', 'in', ['done', 'verified']) : q).execute();
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
    ? await deps.db.selectFrom('verdicts').select(['rectification_id', 'round', 'solved', 'satisfied']).where('voter_key', '=', `o:${o.id}`).where('rectification_id', 'in', items.map((i) => i.id)).execute()
    : [];
  return ok({
    items: items.map((i) => {
      const mine = given.find((g) => g.rectification_id === i.id && Number(g.round) === Number(i.round));
      return { id: i.id, title: i.title, commitment: i.commitment, status: i.status as 'done' | 'verified', doneDay: i.done_day, given: mine ? { solved: mine.solved as Solved, satisfied: mine.satisfied as Satisfied } : null };
    }),
  });
}

/**
 * The receipt holder's verdict, on `/r` or on the item's page: one per opinion and round on an
 * item fixing their problem; casting again changes it.
 */
export async function receiptVerdict(deps: Deps, typed: string, input: { rectificationId: string } & VerdictAnswer) {
  const o = await receiptOpinions(deps, typed);
  if (!o) return refuse('receipt_unknown');
  if (!(await itemsForOpinions(deps, o.ids, false)).some((i) => i.id === input.rectificationId)) return refuse('verdict_not_related');
  return castVerdict(deps, { itemId: input.rectificationId, voterKey: `o:${o.id}`, backing: 'receipt', opinionId: o.id, solved: input.solved, satisfied: input.satisfied, comment: input.comment });
}

/**
 * 回访: a named sender asked by phone or in person, recorded by the office of the level above or
 * an inspector — never by the org whose work is judged. Counts like their receipt (it is the
 * same voice: one of the two, the later, is kept), marked as entered by staff, and audited.
 */
export async function callbackVerdict(deps: Deps, actor: Actor, itemId: string, input: CallbackVerdictBody) {
  const item = await findItem(deps.db, itemId);
  if (!item || !canReadItem(actor, item)) return refuse('not_found');
  if (!canCallBack(actor, item.owner_org_path)) return refuse('verdict_callback_level');
  const named = await deps.db.selectFrom('opinions').select(['id', 'named']).where('id', '=', input.opinionId).executeTakeFirst();
  if (!named || !(await itemsForOpinions(deps, [input.opinionId], false)).some((i) => i.id === itemId)) return refuse('verdict_not_related');
  if (named.named !== 1) return refuse('callback_not_named');
  const result = await castVerdict(deps, { itemId, voterKey: `o:${input.opinionId}`, backing: 'callback', opinionId: input.opinionId, solved: input.solved, satisfied: input.satisfied, comment: input.comment });
  if (result.ok) await inTransaction(deps.db, async (trx) => ok(await recordAudit(trx, deps, actor, { action: 'rectification.callback', entityType: 'rectification', entityId: itemId, orgPath: item.owner_org_path, summary: `记录回访评议（整改事项“${item.title}”）：${solvedLabels[input.solved]}，${satisfiedLabels[input.satisfied]}` })));
  return result;
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
 * A verdict on a published item's page: with a receipt it is that receipt's verdict; where the
 * office handed out one-time codes it takes a code; otherwise it is an open verdict, one per
 * item per sender (the address under the day's salt, never stored in clear) per day, counted
 * only where the level above chose to count open ones.
 */
export async function publicVerdict(deps: Deps, itemId: string, input: PublicVerdictBody, senderAddress: string) {
  const item = await findItem(deps.db, itemId);
  if (!item || item.published !== 1) return refuse('not_found');
  if (!isClosed(item)) return refuse('verdict_not_open');
  const answer = { solved: input.solved, satisfied: input.satisfied, comment: input.comment };
  if (input.receipt) return receiptVerdict(deps, input.receipt, { rectificationId: item.id, ...answer });
  if (await usesCodes(deps, item)) {
    if (!input.code) return refuse('verdict_code_required');
    const hash = verdictCodeHash(input.code);
    const code = await deps.db.selectFrom('verdict_codes').select(['org_id', 'rectification_id']).where('code_hash', '=', hash).executeTakeFirst();
    if (!code || code.org_id !== item.owner_org_id || (code.rectification_id !== null && code.rectification_id !== item.id)) return refuse('verdict_code_unknown');
    return castVerdict(deps, { itemId: item.id, voterKey: `c:${hash}`, backing: 'code', opinionId: null, ...answer });
  }
  const now = deps.clock.now();
  if (burstExceeded(item.id, Date.now(), openBurstOf(item))) {
    await inTransaction(deps.db, async (trx) => ok(await tellOffice(trx, deps, item, now, 'rectification.verdict_flag', `整改事项“${item.title}”：公开评议短时间内集中出现`,
      `一小时内公开评议超过 ${openBurstOf(item)} 次（含同一来源的重复评议）。公开评议只作参考、不计票；请留意是否有人刷票，必要时凭评议码或回访核实。`, `rectification.verdict_burst:${item.id}:${item.round}:${campaignDay(now)}`, false)));
  }
  return castVerdict(deps, { itemId: item.id, voterKey: `a:${senderKeyOfDay(senderAddress, item.id)}`, backing: 'open', opinionId: null, ...answer });
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
