import { castBallot, defineBallotKind } from '../../kernel/ballot-box.js';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../kernel/audit.js';
import { ok, refuse } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { inTransaction } from '../../kernel/tx.js';
import type { Deps } from '../../database.js';
import { opinionsPolicy } from './policy.js';

/** 纠错 on a published opinion: kept with the day only, nothing about who flagged it. */
export async function flagOpinion(deps: Deps, opinionId: string, body: string) {
  const o = await deps.db.selectFrom('opinions').select(['id', 'published']).where('id', '=', opinionId).executeTakeFirst();
  // Nothing unpublished is reachable from the public side, by id guessing or otherwise.
  if (!o || o.published !== 1) return refuse('not_found');
  await castBallot(deps, flagBallots, { opinionId: o.id, body });
  return ok({ ok: true as const });
}

/** 纠错 from residents, through the ballot box: one INSERT a batch, random ids, the batch's day. */
const flagBallots = defineBallotKind<{ opinionId: string; body: string }, true>('opinion_flag', '意见纠错', async (trx, items, ctx) => {
  if (items.length) await trx.insertInto('opinion_flags').values(items.map((f) => ({ id: randomUUID(), opinion_id: f.opinionId, body: f.body, day: ctx.day, status: 'open', answer: null }))).execute();
  return items.map(() => true as const);
});

/** The office answers a flag (correcting what was published if need be) or dismisses it, with a reason. */
export async function answerFlag(deps: Deps, actor: Actor, flagId: string, input: { status: 'answered' | 'dismissed'; answer: string }) {
  return inTransaction(deps.db, async (trx) => {
    const f = await trx
      .selectFrom('opinion_flags as f')
      .innerJoin('opinions as op', 'op.id', 'f.opinion_id')
      .innerJoin('orgs as o', 'o.id', 'op.org_id')
      .select(['f.id', 'f.status', 'o.path', 'op.content'])
      .where('f.id', '=', flagId)
      .executeTakeFirst();
    if (!f || !opinionsPolicy.can(actor, 'opinion.read', atOrg(f.path))) return refuse('not_found');
    opinionsPolicy.authorize(actor, 'opinion.publish', atOrg(f.path));
    await trx.updateTable('opinion_flags').set({ status: input.status, answer: input.answer }).where('id', '=', flagId).execute();
    await recordAudit(trx, deps, actor, {
      action: 'opinion.flag', entityType: 'opinion_flag', entityId: flagId, orgPath: f.path,
      summary: `${input.status === 'answered' ? '处理' : '驳回'}对一条意见的纠错`,
    });
    return ok({ id: flagId });
  });
}
