import type { ChangePasswordBody } from '@massline/shared';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { hashPassword, isStrongPassword, verifyPassword } from '../../../kernel/passwords.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Deps } from '../../../database.js';

/** Change one's own password; every other session of the account is closed. */
export async function changePassword(deps: Deps, actor: Actor, input: ChangePasswordBody) {
  const account = await deps.db.selectFrom('accounts').select('password_hash').where('id', '=', actor.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, account.password_hash))) return refuse('wrong_password');
  if (!isStrongPassword(input.newPassword)) return refuse('weak_password');
  const hash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: hash, must_change_password: 0, updated_at: now.toISOString() })
      .where('id', '=', actor.accountId)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', actor.accountId).where('id', '!=', actor.sessionId).execute();
    await recordAudit(trx, deps, actor, {
      action: 'account.password_changed', entityType: 'account', entityId: actor.accountId, summary: `修改密码：${actor.username}`,
    });
    return ok(true as const);
  });
}
