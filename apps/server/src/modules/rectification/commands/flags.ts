import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeItem, canPublish } from '../policy.js';
import { findItem } from '../queries.js';
import { todayOf } from './shared.js';

/** 纠错 from a resident on a published item: nothing of the sender is kept, the day only. */
export async function flagItem(deps: Deps, itemId: string, body: string) {
  const item = await deps.db.selectFrom('rectifications').select(['id', 'published']).where('id', '=', itemId).executeTakeFirst();
  if (!item || item.published !== 1) return refuse('not_found');
  const id = newId();
  await deps.db.insertInto('rectification_flags').values({ id, rectification_id: itemId, body, day: todayOf(deps), status: 'open', answer: null, answered_by: null, answered_at: null }).execute();
  return ok({ id });
}

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
