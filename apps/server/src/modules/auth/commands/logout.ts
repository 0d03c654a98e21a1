import { recordAudit } from '../../../kernel/audit.js';
import { ok } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import type { Deps } from '../../../database.js';

export async function logout(deps: Deps, actor: Actor) {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
    await recordAudit(trx, deps, actor, {
      action: 'auth.logout', entityType: 'account', entityId: actor.accountId, summary: `退出登录：${actor.username}`,
    });
  });
  return ok(true as const);
}
