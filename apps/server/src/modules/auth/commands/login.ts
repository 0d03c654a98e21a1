import { createHash } from 'node:crypto';
import type { LoginBody } from '@massline/shared';
import { appendAudit, systemActor } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../../kernel/passwords.js';
import type { Deps } from '../../../database.js';
import { createSession } from '../sessions.js';

/** Consecutive failures of one sender on one username before that sender is locked out of it (等保 2.0). */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
/** Failures on one username from all senders together (within NAME_WINDOW_MS) before the back-off starts. */
export const NAME_FREE_FAILURES = 20;
export const NAME_WINDOW_MS = 3600_000;
/** A sender's count of consecutive failures starts again after this long without one; such rows are deleted at the next success. */
const KEEP_MS = 24 * 3600_000;

type LoginRefusal = 'invalid_credentials' | 'account_locked' | 'account_disabled';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Keys hash the username as typed, so the table neither lists names (or passwords typed into the name field) nor addresses. */
export const senderKey = (username: string, sender: string) => `s:${sha256(`${username}\n${sender}`)}`;
export const nameKey = (username: string) => `n:${sha256(username)}`;

/** The slower back-off of a username attacked from many senders: 1, 2, 4, 8, then 15 minutes. */
export const nameBackoffMs = (failures: number) =>
  failures <= NAME_FREE_FAILURES ? 0 : Math.min(60_000 * 2 ** Math.min(failures - NAME_FREE_FAILURES - 1, 10), LOCK_MS);

/**
 * Check a username and password and open a session.
 *
 * Failures are counted per username *as typed*, whether or not an account has it, so an unknown
 * name answers exactly like a real one: the same 401, the same 423 after the same number of
 * tries, and the same work (one scrypt check, against a dummy hash for an unknown name, and the
 * same writes). Counting is per username and sender address: after MAX_FAILED_LOGINS the sender
 * who fails is locked out of that username for LOCK_MS, while everyone else can still sign in.
 * Each attempt is counted atomically before its password is checked, so however many guesses one
 * sender sends at once, at most MAX_FAILED_LOGINS are checked per lock period; a success (or the
 * right password of a disabled account) clears the sender's count. Over all senders,
 * a username past NAME_FREE_FAILURES failures within the hour makes every sender that has
 * failed on it wait (nameBackoffMs); a sender without failures is never held back, so a stranger
 * cannot lock its owner out.
 */
export async function login(deps: Deps, input: LoginBody, sender: string): Promise<Outcome<{ token: string; accountId: string }, LoginRefusal>> {
  const { db, clock } = deps;
  const username = input.username.toLowerCase();
  const now = clock.now();
  const nowIso = now.toISOString();
  const staleIso = new Date(now.getTime() - 60_000).toISOString();
  const keepIso = new Date(now.getTime() - KEEP_MS).toISOString();
  const sKey = senderKey(username, sender);
  const nKey = nameKey(username);

  const rows = await db.selectFrom('login_failures').select(['key', 'locked_until']).where('key', 'in', [sKey, nKey]).execute();
  const own = rows.find((r) => r.key === sKey);
  const name = rows.find((r) => r.key === nKey);
  if (own?.locked_until && own.locked_until > nowIso) return locked(own.locked_until, now);
  // The back-off holds only senders that have failed on this name since their last success.
  if (own && name?.locked_until && name.locked_until > nowIso) return locked(name.locked_until, now);

  const attempt = await db
    .insertInto('login_failures')
    .values({ key: sKey, failures: 1, locked_until: null, updated_at: nowIso })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({
          // A count left above the limit with no lock by a process that stopped mid-check starts again after a minute.
          failures: eb
            .case()
            .when(eb.and([eb('login_failures.failures', '>=', MAX_FAILED_LOGINS), eb('login_failures.updated_at', '<', staleIso)]))
            .then(1)
            // Consecutive failures are forgotten after a day without any.
            .when('login_failures.updated_at', '<', keepIso)
            .then(1)
            .else(eb(eb.ref('login_failures.failures'), '+', 1))
            .end(),
          updated_at: nowIso,
        }))
        .where((eb) => eb.or([eb('login_failures.locked_until', 'is', null), eb('login_failures.locked_until', '<=', nowIso)])),
    )
    .returning('failures')
    .executeTakeFirst();
  if (!attempt) return locked(null, now); // locked by a concurrent attempt of the same sender

  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.password_hash', 'a.disabled_at', 'p.archived_at'])
    .where('a.username', '=', username)
    .executeTakeFirst();
  // Attempts beyond the allowed count arrived while earlier ones were being checked: refused
  // unchecked, and without a lock of their own (only a fifth completed failure locks), so a burst
  // of right passwords from one sender cannot lock it out.
  if (attempt.failures > MAX_FAILED_LOGINS) return locked(null, now);
  const right = await verifyPassword(input.password, account?.password_hash ?? (await dummyPasswordHash()));
  if (!account || !right) return failed(deps, username, account?.id ?? null, sKey, nKey, attempt.failures, now);
  if (account.disabled_at || account.archived_at) {
    // A person who was archived (left the organisation) cannot sign in any more; the password was right, though.
    await db.deleteFrom('login_failures').where('key', '=', sKey).execute();
    return refuse('account_disabled');
  }

  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_failures').where((eb) => eb.or([eb('key', '=', sKey), eb('updated_at', '<', new Date(now.getTime() - KEEP_MS).toISOString())])).execute();
    await trx.updateTable('accounts').set({ last_login_at: nowIso }).where('id', '=', account.id).execute();
    // Expired sessions of this account go now: nothing else would ever remove them.
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).where('expires_at', '<=', nowIso).execute();
    const token = await createSession(deps, trx, account.id);
    await appendAudit(trx, deps.dialect, now, { id: account.id, label: username }, {
      action: 'auth.login', entityType: 'account', entityId: account.id, summary: `登录：${username}`,
    });
    return ok({ token, accountId: account.id });
  });
}

/** A failed attempt: the same writes for a real and an unknown username. */
async function failed(deps: Deps, username: string, accountId: string | null, sKey: string, nKey: string, failures: number, now: Date) {
  const nowIso = now.toISOString();
  const locking = failures === MAX_FAILED_LOGINS;
  const until = new Date(now.getTime() + LOCK_MS).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (locking) await trx.updateTable('login_failures').set({ failures: 0, locked_until: until }).where('key', '=', sKey).execute();
    const windowStart = new Date(now.getTime() - NAME_WINDOW_MS).toISOString();
    const name = await trx
      .insertInto('login_failures')
      .values({ key: nKey, failures: 1, locked_until: null, updated_at: nowIso })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb.case().when('login_failures.updated_at', '<', windowStart).then(1).else(eb(eb.ref('login_failures.failures'), '+', 1)).end(),
          updated_at: nowIso,
        })),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const backoff = nameBackoffMs(name.failures);
    if (backoff > 0) {
      await trx.updateTable('login_failures').set({ locked_until: new Date(now.getTime() + backoff).toISOString() }).where('key', '=', nKey).execute();
    }
    await appendAudit(trx, deps.dialect, now, systemActor, locking
      ? {
        action: 'auth.locked', entityType: 'account', entityId: accountId,
        summary: `连续 ${MAX_FAILED_LOGINS} 次密码错误，该用户名对该来源地址锁定 ${LOCK_MS / 60_000} 分钟`,
      }
      : { action: 'auth.login_failed', entityType: 'account', entityId: accountId, summary: '登录失败' });
  });
  return locking ? refuse('account_locked', { minutes: LOCK_MS / 60_000 }) : refuse('invalid_credentials');
}

function locked(until: string | null, now: Date) {
  const minutes = until ? Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000)) : LOCK_MS / 60_000;
  return refuse('account_locked', { minutes });
}
