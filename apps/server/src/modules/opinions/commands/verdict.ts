import { satisfiedLabels, solvedLabels, type Satisfied, type Solved, type VerdictAnswer } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { castBallot, chunks, defineBallotKind } from '../../../kernel/ballot-box.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { bumpOrgCountsBatch } from '../../../kernel/org-counts.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { canCallBackOpinion, canReadOpinion } from '../policy.js';
import { findOpinion } from '../queries.js';
import { receiptHash } from '../receipt.js';

/** An answered opinion is judged by its sender: solved? satisfied? (the same shape as an item's verdict). */
export const isAnswered = (o: { status: string }) => o.status === 'answered' || o.status === 'closed';

interface OpinionVerdictBallot extends VerdictAnswer {
  opinionId: string;
  backing: 'receipt' | 'callback';
}

/**
 * A batch of opinion verdicts: one read of earlier ones, one upsert; the counters of the opinion's
 * org (for the resolution and satisfaction rates) move by the batch's sums. Casting again changes.
 */
const opinionVerdictBallots = defineBallotKind<OpinionVerdictBallot, { changed: boolean }>('opinion_verdict', '意见评价', async (trx, items, ctx) => {
  const ids = [...new Set(items.map((i) => i.opinionId))];
  const before = new Map<string, { solved: string; satisfied: string }>();
  const orgOf = new Map<string, string>();
  for (const part of chunks(ids, 500)) {
    for (const v of await trx.selectFrom('opinion_verdicts').select(['opinion_id', 'solved', 'satisfied']).where('opinion_id', 'in', part).execute()) before.set(v.opinion_id, v);
    for (const o of await trx.selectFrom('opinions').select(['id', 'org_id']).where('id', 'in', part).execute()) orgOf.set(o.id, o.org_id);
  }
  const last = new Map<string, OpinionVerdictBallot>();
  const changed = items.map((b) => {
    const was = before.has(b.opinionId) || last.has(b.opinionId);
    last.set(b.opinionId, b);
    return was;
  });
  const deltas = new Map<string, { orgId: string; metric: string; count: number }>();
  const bump = (orgId: string, values: string[], n: number) => {
    for (const v of [...values, 'total']) {
      const d = deltas.get(`${orgId}\u0000${v}`) ?? { orgId, metric: `opinion.verdicts.${v}`, count: 0 };
      d.count += n;
      deltas.set(`${orgId}\u0000${v}`, d);
    }
  };
  for (const [id, b] of last) {
    const org = orgOf.get(id)!;
    const old = before.get(id);
    if (old) bump(org, [old.solved, old.satisfied], -1);
    bump(org, [b.solved, b.satisfied], 1);
  }
  const rows = [...last.values()].map((b) => ({ opinion_id: b.opinionId, solved: b.solved, satisfied: b.satisfied, comment: b.comment, backing: b.backing, day: ctx.day }));
  for (const part of chunks(rows, 100)) {
    await trx.insertInto('opinion_verdicts').values(part)
      .onConflict((oc) => oc.column('opinion_id').doUpdateSet((eb) => ({ solved: eb.ref('excluded.solved'), satisfied: eb.ref('excluded.satisfied'), comment: eb.ref('excluded.comment'), backing: eb.ref('excluded.backing'), day: eb.ref('excluded.day') })))
      .execute();
  }
  await bumpOrgCountsBatch(trx, deltas);
  return changed.map((c) => ({ changed: c }));
});

/** The opinion a receipt opens and the one that was answered (itself, or the one it was merged into). */
async function answeredByReceipt(deps: Deps, typed: string) {
  const o = await deps.db.selectFrom('opinions').select(['id', 'status', 'merged_into']).where('receipt_hash', '=', receiptHash(typed)).executeTakeFirst();
  if (!o) return null;
  const handled = o.merged_into ? await deps.db.selectFrom('opinions').select(['id', 'status']).where('id', '=', o.merged_into).executeTakeFirst() : o;
  return { id: o.id, answered: Boolean(handled && isAnswered(handled)) };
}

/** What the receipt page shows of the sender's verdict: asked once answered; theirs (or a call-back's) if given. */
export async function verdictOfReceipt(deps: Deps, opinionId: string, answered: boolean) {
  const v = await deps.db.selectFrom('opinion_verdicts').select(['solved', 'satisfied', 'comment']).where('opinion_id', '=', opinionId).executeTakeFirst();
  return { asked: answered, given: v ? { solved: v.solved as Solved, satisfied: v.satisfied as Satisfied, comment: v.comment } : null };
}

/** The sender's verdict on the answer, by receipt, through the ballot box. */
export async function receiptOpinionVerdict(deps: Deps, typed: string, answer: VerdictAnswer): Promise<Outcome<{ changed: boolean }>> {
  const o = await answeredByReceipt(deps, typed);
  if (!o) return refuse('receipt_unknown');
  if (!o.answered) return refuse('opinion_verdict_not_open');
  return ok(await castBallot(deps, opinionVerdictBallots, { opinionId: o.id, backing: 'receipt', ...answer }));
}

/**
 * 回访 of a named sender on the answer their opinion got, by the office of a level above or an
 * inspector (never the org that answered), audited; it stands for the sender's own verdict.
 */
export async function callbackOpinionVerdict(deps: Deps, actor: Actor, opinionId: string, answer: VerdictAnswer): Promise<Outcome<{ changed: boolean }>> {
  const o = await findOpinion(deps.db, opinionId);
  if (!o || !canReadOpinion(actor, o)) return refuse('not_found');
  if (!canCallBackOpinion(actor, o.org_path)) return refuse('verdict_callback_level');
  if (o.named !== 1) return refuse('callback_not_named');
  const handled = o.merged_into ? await deps.db.selectFrom('opinions').select('status').where('id', '=', o.merged_into).executeTakeFirst() : o;
  if (!handled || !isAnswered(handled)) return refuse('opinion_verdict_not_open');
  const result = await castBallot(deps, opinionVerdictBallots, { opinionId, backing: 'callback', ...answer });
  await inTransaction(deps.db, async (trx) => ok(await recordAudit(trx, deps, actor, {
    action: 'opinion.callback', entityType: 'opinion', entityId: opinionId, orgPath: o.org_path, summary: `记录意见回访：${solvedLabels[answer.solved]}，${satisfiedLabels[answer.satisfied]}`,
  })));
  return ok(result);
}
