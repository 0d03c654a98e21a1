import type { GrantCreateBody } from '@massline/shared';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { lockForWrite } from '../../../kernel/db.js';
import { atOrg, requireAdmin, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import type { Transaction } from 'kysely';
import { roleLabels } from '../labels.js';
import { orgsPolicy } from '../policy.js';
import { findGrant, findOrg, membershipsOf } from '../queries.js';

export async function createGrant(deps: Deps, actor: Actor, input: GrantCreateBody) {
  return inTransaction(deps.db, async (trx) => {
    const person = await trx.selectFrom('people').select(['id', 'name']).where('id', '=', input.personId).executeTakeFirst();
    if (!person) return refuse('not_found');
    // One may only give roles to people one can see.
    const memberships = await membershipsOf(trx, [person.id]);
    if (!orgsPolicy.can(actor, 'person.read', { paths: memberships.map((m) => m.path) })) return refuse('not_found');

    let org: Awaited<ReturnType<typeof findOrg>> | null = null;
    if (input.role === 'admin') requireAdmin(actor);
    else {
      org = (await findOrg(trx, input.orgId)) ?? null;
      if (!org) return refuse('not_found');
      orgsPolicy.authorize(actor, 'grant.create', atOrg(org.path));
      if (org.archived_at) return refuse('org_archived');
    }
    let dup = trx.selectFrom('grants').select('id').where('person_id', '=', person.id).where('role', '=', input.role);
    dup = org ? dup.where('org_id', '=', org.id) : dup.where('org_id', 'is', null);
    if (await dup.executeTakeFirst()) return refuse('grant_exists');

    const id = newId();
    const now = deps.clock.now().toISOString();
    const voided = await voidForeignTemporaryPassword(trx, actor, person.id, now);
    await trx.insertInto('grants').values({ id, person_id: person.id, role: input.role, org_id: org?.id ?? null, created_at: now, created_by: actor.accountId }).execute();
    await recordAudit(trx, deps, actor, {
      action: 'grant.create', entityType: 'grant', entityId: id, orgPath: org?.path ?? null,
      summary: `授予人员${org ? `在“${org.name}”的` : ''}角色：${roleLabels[input.role]}${voided ? '（他人设置的临时密码已作废，须由授权人重置）' : ''}`,
    });
    return ok({ id });
  });
}

export async function revokeGrant(deps: Deps, actor: Actor, id: string) {
  return inTransaction(deps.db, async (trx) => {
    const grant = await findGrant(trx, id);
    if (!grant) return refuse('not_found');
    if (grant.role === 'admin') {
      requireAdmin(actor);
      // Two admins revoking each other at once must not both pass the count below.
      await lockForWrite(trx, deps.dialect, 'admins');
      const admins = await trx.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) return refuse('last_admin');
    } else {
      orgsPolicy.authorize(actor, 'grant.revoke', atOrg(grant.path ?? ''));
    }
    await trx.deleteFrom('grants').where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'grant.revoke', entityType: 'grant', entityId: id, orgPath: grant.path,
      summary: `撤销人员${grant.org_name ? `在“${grant.org_name}”的` : ''}角色：${roleLabels[grant.role as keyof typeof roleLabels]}`,
    });
    return ok(true as const);
  });
}

/**
 * A temporary password chosen by someone else (not yet changed by its owner) must not carry a
 * role that its setter could not have handed out: it is voided, and the granter resets it.
 */
async function voidForeignTemporaryPassword(trx: Transaction<Database>, actor: Actor, personId: string, now: string): Promise<boolean> {
  const account = await trx.selectFrom('accounts').select(['id', 'must_change_password', 'password_set_by']).where('person_id', '=', personId).executeTakeFirst();
  if (!account || account.must_change_password !== 1 || account.password_set_by === actor.accountId) return false;
  await trx.updateTable('accounts').set({ password_hash: 'voided', updated_at: now }).where('id', '=', account.id).execute();
  await trx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
  return true;
}
