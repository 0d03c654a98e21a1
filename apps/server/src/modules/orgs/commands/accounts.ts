import type { AccountCreateBody, PasswordResetBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import { recordAudit } from '../../../kernel/audit.js';
import { isUniqueViolation } from '../../../kernel/db.js';
import { HttpError, ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { hashPassword, isStrongPassword } from '../../../kernel/passwords.js';
import { grantCovers, isAdmin, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { authorizeVisible } from '../policy.js';
import { membershipsOf } from '../queries.js';

/**
 * May the actor set this person's password? Besides covering the person, the actor must cover
 * every role the person holds: otherwise an office could take over a higher office's account
 * that merely also sits in one of its branches.
 */
async function authorizeAccountManagement(trx: Transaction<Database>, actor: Actor, personId: string) {
  const memberships = await membershipsOf(trx, [personId]);
  authorizeVisible(actor, 'account.manage', { paths: memberships.map((m) => m.path) }, 'person.read');
  if (isAdmin(actor)) return;
  const grants = await trx
    .selectFrom('grants as g')
    .leftJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.role', 'o.path'])
    .where('g.person_id', '=', personId)
    .execute();
  if (grants.some((g) => g.role === 'admin' || !g.path || !grantCovers(actor, ['office'], g.path))) throw new HttpError('forbidden');
}

export async function createAccount(deps: Deps, actor: Actor, personId: string, input: AccountCreateBody) {
  if (!isStrongPassword(input.password)) return refuse('weak_password');
  const hash = await hashPassword(input.password);
  const username = input.username.toLowerCase();
  return inTransaction(deps.db, async (trx) => {
    const person = await trx.selectFrom('people').select(['id', 'name']).where('id', '=', personId).executeTakeFirst();
    if (!person) return refuse('not_found');
    await authorizeAccountManagement(trx, actor, personId);
    if (await trx.selectFrom('accounts').select('id').where('person_id', '=', personId).executeTakeFirst()) return refuse('person_has_account');
    if (await trx.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst()) return refuse('username_taken', { username });
    const now = deps.clock.now().toISOString();
    const id = newId();
    try {
      await trx
        .insertInto('accounts')
        .values({
          id, person_id: personId, username, password_hash: hash, must_change_password: 1, password_set_by: actor.accountId, failed_logins: 0,
          locked_until: null, disabled_at: null, last_login_at: null, created_at: now, updated_at: now,
        })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) return refuse('username_taken', { username });
      throw e;
    }
    await recordAudit(trx, deps, actor, {
      action: 'account.create', entityType: 'account', entityId: id, summary: '开通账号',
    });
    return ok({ id });
  });
}

/** Set a new password chosen by the office; it must be changed at next login. Also unlocks the account. */
export async function resetPassword(deps: Deps, actor: Actor, personId: string, input: PasswordResetBody) {
  if (!isStrongPassword(input.password)) return refuse('weak_password');
  const hash = await hashPassword(input.password);
  return inTransaction(deps.db, async (trx) => {
    const account = await trx
      .selectFrom('accounts as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['a.id', 'a.username', 'p.name'])
      .where('a.person_id', '=', personId)
      .executeTakeFirst();
    if (!account) return refuse('not_found');
    await authorizeAccountManagement(trx, actor, personId);
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('accounts')
      .set({ password_hash: hash, must_change_password: 1, password_set_by: actor.accountId, failed_logins: 0, locked_until: null, updated_at: now })
      .where('id', '=', account.id)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'account.password_reset', entityType: 'account', entityId: account.id, summary: '重置账号密码',
    });
    return ok(true as const);
  });
}
