import type { LoginBody } from '@massline/shared';
import { appendAudit, systemActor } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../../kernel/passwords.js';
import type { Deps } from '../../../database.js';
import { createSession } from '../sessions.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;

type LoginRefusal = 'invalid_credentials' | 'account_locked' | 'account_disabled';

/**
 * Check a username and password and open a session. Repeated failures lock the account for a
 * while; the failure counter is written even though the login is refused.
 */
export async function login(deps: Deps, input: LoginBody): Promise<Outcome<{ token: string; accountId: string }, LoginRefusal>> {
  const { db, clock } = deps;
  const username = input.username.toLowerCase();
  const account = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  if (!account) {
    await burnPasswordCheck(input.password);
    return refuse('invalid_credentials');
  }
  const now = clock.now();
  if (account.locked_until && account.locked_until > now.toISOString()) {
    return refuse('account_locked', { minutes: minutesUntil(account.locked_until, now) });
  }
  if (!(await verifyPassword(input.password, account.password_hash))) {
    return recordFailure(deps, account.id, username, now);
  }
  if (account.disabled_at) return refuse('account_disabled');

  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() })
      .where('id', '=', account.id)
      .execute();
    // Expired sessions of this account go now: nothing else would ever remove them.
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).where('expires_at', '<=', now.toISOString()).execute();
    const token = await createSession(deps, trx, account.id);
    await appendAudit(trx, deps.dialect, now, { id: account.id, label: username }, {
      action: 'auth.login', entityType: 'account', entityId: account.id, summary: `登录：${username}`,
    });
    return ok({ token, accountId: account.id });
  });
}

async function recordFailure(deps: Deps, accountId: string, username: string, now: Date) {
  return deps.db.transaction().execute(async (trx) => {
    // Increment in SQL so that concurrent wrong guesses are all counted.
    const row = await trx
      .updateTable('accounts')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', accountId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const locks = row.failed_logins >= MAX_FAILED_LOGINS;
    if (locks) {
      const until = new Date(now.getTime() + LOCK_MS).toISOString();
      await trx.updateTable('accounts').set({ failed_logins: 0, locked_until: until }).where('id', '=', accountId).execute();
    }
    await appendAudit(trx, deps.dialect, now, systemActor, {
      action: locks ? 'auth.locked' : 'auth.login_failed',
      entityType: 'account',
      entityId: accountId,
      summary: locks ? `连续 ${MAX_FAILED_LOGINS} 次密码错误，账户 ${username} 已锁定 ${LOCK_MS / 60_000} 分钟` : `登录失败：${username}`,
    });
    return locks ? refuse('account_locked', { minutes: LOCK_MS / 60_000 }) : refuse('invalid_credentials');
  });
}

const minutesUntil = (iso: string, now: Date) => Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 60_000));
