import type { PersonCreateBody, PersonUpdateBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { authorizeVisible, coversAll, firstCovered, orgsPolicy } from '../policy.js';
import { membershipsOf } from '../queries.js';

/** Load the organisations named by id; null if any is unknown. */
async function activeOrgs(trx: Transaction<Database>, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await trx.selectFrom('orgs').select(['id', 'path', 'name', 'archived_at']).where('id', 'in', unique).execute();
  return rows.length === unique.length ? rows : null;
}

export async function createPerson(deps: Deps, actor: Actor, input: PersonCreateBody) {
  return inTransaction(deps.db, async (trx) => {
    const orgs = await activeOrgs(trx, input.orgIds);
    if (!orgs) return refuse('not_found');
    orgsPolicy.authorize(actor, 'person.create', { paths: orgs.map((o) => o.path) });
    if (orgs.some((o) => o.archived_at)) return refuse('org_archived');
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx
      .insertInto('people')
      .values({
        id, name: input.name, gender: input.gender, phone: input.phone, position: input.position,
        party_member: input.partyMember ? 1 : 0, archived_at: null, created_at: now, updated_at: now,
      })
      .execute();
    await trx.insertInto('memberships').values(orgs.map((o) => ({ person_id: id, org_id: o.id, created_at: now }))).execute();
    await recordAudit(trx, deps, actor, {
      action: 'person.create', entityType: 'person', entityId: id, orgPath: orgs[0].path,
      summary: `新增人员（${orgs.map((o) => o.name).join('、')}）`,
    });
    return ok({ id });
  });
}

const identityFields = ['name', 'gender', 'phone', 'position', 'partyMember', 'archived'] as const;

const fieldLabels: Record<string, string> = {
  name: '姓名', gender: '性别', phone: '手机号', position: '职务', partyMember: '是否党员', orgIds: '所属组织', archived: '状态',
};

export async function updatePerson(deps: Deps, actor: Actor, id: string, input: PersonUpdateBody) {
  return inTransaction(deps.db, async (trx) => {
    const person = await trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    if (!person) return refuse('not_found');
    const current = await membershipsOf(trx, [id]);
    const paths = current.map((m) => m.path);
    authorizeVisible(actor, 'person.update', { paths }, 'person.read');
    // Who someone is (name, phone, …) and whether they are still here may only be changed by
    // someone responsible for every organisation they belong to: a branch secretary must not
    // rename or archive a township official who also sits in the branch.
    const identityChange = identityFields.some((k) => input[k] !== undefined);
    if (identityChange && !coversAll(actor, 'person.update', paths)) return refuse('forbidden');
    const now = deps.clock.now().toISOString();

    if (input.orgIds) {
      const wanted = await activeOrgs(trx, input.orgIds);
      if (!wanted) return refuse('not_found');
      orgsPolicy.authorize(actor, 'person.create', { paths: wanted.map((o) => o.path) });
      const held = new Set(current.map((m) => m.org_id));
      if (wanted.some((o) => o.archived_at && !held.has(o.id))) return refuse('org_archived');
      // Memberships the caller cannot manage stay as they are: a branch secretary never
      // removes someone from the township committee by editing them.
      const removable = current.filter((m) => orgsPolicy.can(actor, 'person.create', { paths: [m.path] }));
      const wantedIds = new Set(wanted.map((o) => o.id));
      const toRemove = removable.filter((m) => !wantedIds.has(m.org_id)).map((m) => m.org_id);
      const toAdd = wanted.filter((o) => !held.has(o.id));
      if (current.length - toRemove.length + toAdd.length === 0) return refuse('membership_required');
      if (toRemove.length) await trx.deleteFrom('memberships').where('person_id', '=', id).where('org_id', 'in', toRemove).execute();
      if (toAdd.length) await trx.insertInto('memberships').values(toAdd.map((o) => ({ person_id: id, org_id: o.id, created_at: now }))).execute();
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.gender !== undefined ? { gender: input.gender } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.partyMember !== undefined ? { party_member: input.partyMember ? 1 : 0 } : {}),
      ...(input.archived !== undefined ? { archived_at: input.archived ? (person.archived_at ?? now) : null } : {}),
    };
    await trx.updateTable('people').set({ ...set, updated_at: now }).where('id', '=', id).execute();
    if (input.archived !== undefined && input.archived !== (person.archived_at !== null)) {
      // Archiving someone who left ends their access; restoring gives it back.
      await trx.updateTable('accounts').set({ disabled_at: input.archived ? now : null, updated_at: now }).where('person_id', '=', id).execute();
      if (input.archived) {
        await trx.deleteFrom('sessions').where('account_id', 'in', trx.selectFrom('accounts').select('id').where('person_id', '=', id)).execute();
      }
    }
    const changed = Object.keys(input).map((k) => fieldLabels[k] ?? k).join('、');
    await recordAudit(trx, deps, actor, {
      action: 'person.update', entityType: 'person', entityId: id, orgPath: firstCovered(actor, 'person.update', paths),
      summary: `修改人员：${changed || '无变化'}`,
    });
    return ok({ id });
  });
}
