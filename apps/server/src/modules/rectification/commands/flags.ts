import { randomUUID } from 'node:crypto';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { castBallot, defineBallotKind } from '../../../kernel/ballot-box.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeItem, canPublish } from '../policy.js';
import { findItem } from '../queries.js';
import { todayOf } from './shared.js';

/** 纠错 from a resident on a published item, through the ballot box: nothing of the sender, the batch's day. */
export async function flagItem(deps: Deps, itemId: string, body: string) {
  const item = await deps.db.selectFrom('rectifications').select(['id', 'published']).where('id', '=', itemId).executeTakeFirst();
  if (!item || item.published !== 1) return refuse('not_found');
  return ok({ id: await castBallot(deps, flagBallots, { itemId, body }) });
}

/** One INSERT a batch, random ids (a time-ordered id would time the resident). */
const flagBallots = defineBallotKind<{ itemId: string; body: string }, string>('rectification_flag', '整改纠错', async (trx, items, ctx) => {
  const rows = items.map((f) => ({ id: randomUUID(), rectification_id: f.itemId, body: f.body, day: ctx.day, status: 'open', answer: null, answered_by: null, answered_at: null }));
  if (rows.length) await trx.insertInto('rectification_flags').values(rows).execute();
  return rows.map((r) => r.id);
});

/** The office answers a flag (shown on the item's public page) or dismisses it with a reason. */
export function answerItemFlag(deps: Deps, actor: Actor, flagId: string, input: { status: 'answered' | 'dismissed'; answer: string }) {
  return inTransaction(deps.db, async (trx) => {
    const flag = await trx.selectFrom('rectification_flags').select(['id', 'rectification_id', 'status']).where('id', '=', flagId).executeTakeFirst();
    if (!flag) return refuse('not_found');
    const item = await findItem(trx, flag.rectification_id);
    if (!item) return refuse('not_found');
    authorizeItem(actor, item, canPublish);
    await trx.updateTable('rectification_flags').set({ status: input.status, answer: input.answer, answered_by: actor.accountId, answered_at: deps.clock.now().toISOString() }).where('id', '=', flagId).execute();
    await recordAudit(trx, deps, actor, {
      action: 'rectification.flag', entityType: 'rectification', entityId: item.id, orgPath: item.owner_org_path,
      summary: `${input.status === 'answered' ? '答复' : '驳回'}对整改事项“${item.title}”的纠错`,
    });
    return ok({ id: flagId });
  });
}
