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
 * Check a username and password and open a session. Each attempt is first counted, atomically,
 * and only counted attempts have their password checked: however many guesses arrive at once,
 * at most MAX_FAILED_LOGINS are checked before the account locks for LOCK_MS.
 */
export async function login(deps: Deps, input: LoginBody): Promise<Outcome<{ token: string; accountId: string }, LoginRefusal>> {
  const { db, clock } = deps;
  const username = input.username.toLowerCase();
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.password_hash', 'a.disabled_at', 'p.archived_at'])
    .where('a.username', '=', username)
    .executeTakeFirst();
  if (!account) {
    await burnPasswordCheck(input.password);
    return refuse('invalid_credentials');
  }
  const now = clock.now();
  const nowIso = now.toISOString();
  const attempt = await db
    .updateTable('accounts')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', account.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
    .returning('failed_logins')
    .executeTakeFirst();
  if (!attempt) return lockedOutcome(deps, account.id, now);
  if (attempt.failed_logins > MAX_FAILED_LOGINS) return lock(deps, account.id, username, now);

  if (!(await verifyPassword(input.password, account.password_hash))) {
    if (attempt.failed_logins === MAX_FAILED_LOGINS) return lock(deps, account.id, username, now);
    await db.transaction().execute((trx) =>
      appendAudit(trx, deps.dialect, now, systemActor, { action: 'auth.login_failed', entityType: 'account', entityId: account.id, summary: `登录失败：${username}` }),
    );
    return refuse('invalid_credentials');
  }
  // A person who was archived (left the organisation) cannot sign in any more.
  if (account.disabled_at || account.archived_at) return refuse('account_disabled');

  return db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ failed_logins: 0, last_login_at: nowIso }).where('id', '=', account.id).execute();
    // Expired sessions of this account go now: nothing else would ever remove them.
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).where('expires_at', '<=', nowIso).execute();
    const token = await createSession(deps, trx, account.id);
    await appendAudit(trx, deps.dialect, now, { id: account.id, label: username }, {
      action: 'auth.login', entityType: 'account', entityId: account.id, summary: `登录：${username}`,
    });
    return ok({ token, accountId: account.id });
  });
}

async function lock(deps: Deps, accountId: string, username: string, now: Date) {
  const until = new Date(now.getTime() + LOCK_MS).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ failed_logins: 0, locked_until: until }).where('id', '=', accountId).execute();
    await appendAudit(trx, deps.dialect, now, systemActor, {
      action: 'auth.locked', entityType: 'account', entityId: accountId,
      summary: `连续 ${MAX_FAILED_LOGINS} 次密码错误，账户 ${username} 已锁定 ${LOCK_MS / 60_000} 分钟`,
    });
  });
  return refuse('account_locked', { minutes: LOCK_MS / 60_000 });
}

async function lockedOutcome(deps: Deps, accountId: string, now: Date) {
  const row = await deps.db.selectFrom('accounts').select('locked_until').where('id', '=', accountId).executeTakeFirst();
  const minutes = row?.locked_until ? Math.max(1, Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60_000)) : LOCK_MS / 60_000;
  return refuse('account_locked', { minutes });
}
