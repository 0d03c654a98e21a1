import type { OrgCreateBody, OrgMoveBody, OrgUpdateBody } from '@massline/shared';
import { sql } from 'kysely';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { isAdmin, atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Deps } from '../../../database.js';
import { authorizeVisible } from '../policy.js';
import { findOrg, siblingNamed } from '../queries.js';

export async function createOrg(deps: Deps, actor: Actor, input: OrgCreateBody) {
  return inTransaction(deps.db, async (trx) => {
    const parent = input.parentId ? await findOrg(trx, input.parentId) : null;
    if (input.parentId && !parent) return refuse('not_found');
    if (parent) authorizeVisible(actor, 'org.create', atOrg(parent.path), 'org.read');
    else if (!isAdmin(actor)) return refuse('forbidden');
    if (parent?.archived_at) return refuse('org_archived');
    if (await siblingNamed(trx, input.parentId, input.name)) return refuse('org_name_taken', { name: input.name });
    const id = newId();
    const now = deps.clock.now().toISOString();
    const row = {
      id, parent_id: input.parentId, path: `${parent?.path ?? '/'}${id}/`, name: input.name, kind: input.kind,
      sort_order: 0, archived_at: null, created_at: now, updated_at: now,
    };
    await trx.insertInto('orgs').values(row).execute();
    await recordAudit(trx, deps, actor, {
      action: 'org.create', entityType: 'org', entityId: id, orgPath: row.path,
      summary: `新建组织“${input.name}”${parent ? `（上级：${parent.name}）` : ''}`,
    });
    return ok(row);
  });
}

export async function updateOrg(deps: Deps, actor: Actor, id: string, input: OrgUpdateBody) {
  return inTransaction(deps.db, async (trx) => {
    const org = await findOrg(trx, id);
    if (!org) return refuse('not_found');
    authorizeVisible(actor, 'org.update', atOrg(org.path), 'org.read');
    if (org.archived_at) return refuse('org_archived');
    if (input.name && (await siblingNamed(trx, org.parent_id, input.name, id))) return refuse('org_name_taken', { name: input.name });
    const changes = { ...(input.name ? { name: input.name } : {}), ...(input.kind ? { kind: input.kind } : {}) };
    const now = deps.clock.now().toISOString();
    await trx.updateTable('orgs').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'org.update', entityType: 'org', entityId: id, orgPath: org.path,
      summary: input.name && input.name !== org.name ? `组织“${org.name}”更名为“${input.name}”` : `修改组织“${org.name}”`,
    });
    return ok({ ...org, ...changes, updated_at: now });
  });
}

/** Move an organisation (with its whole subtree) under another parent. */
export async function moveOrg(deps: Deps, actor: Actor, id: string, input: OrgMoveBody) {
  return inTransaction(deps.db, async (trx) => {
    const org = await findOrg(trx, id);
    const parent = await findOrg(trx, input.parentId);
    if (!org || !parent) return refuse('not_found');
    authorizeVisible(actor, 'org.move', atOrg(org.path), 'org.read');
    authorizeVisible(actor, 'org.create', atOrg(parent.path), 'org.read');
    if (parent.path.startsWith(org.path)) return refuse('org_cycle');
    if (org.archived_at || parent.archived_at) return refuse('org_archived');
    if (await siblingNamed(trx, parent.id, org.name, id)) return refuse('org_name_taken', { name: org.name });
    const newPath = `${parent.path}${org.id}/`;
    const now = deps.clock.now().toISOString();
    await trx.updateTable('orgs').set({ parent_id: parent.id, updated_at: now }).where('id', '=', id).execute();
    // Rewrite the prefix of every path in the subtree (the org itself included).
    await trx
      .updateTable('orgs')
      .set({ path: sql`${newPath} || substr(path, ${org.path.length + 1})` })
      .where('path', 'like', `${org.path}%`)
      .execute();
    await recordAudit(trx, deps, actor, {
      action: 'org.move', entityType: 'org', entityId: id, orgPath: newPath, summary: `组织“${org.name}”移至“${parent.name}”之下`,
    });
    return ok({ ...org, parent_id: parent.id, path: newPath, updated_at: now });
  });
}

/** Archive instead of delete: people, grants and later campaign records keep pointing at it. */
export async function setOrgArchived(deps: Deps, actor: Actor, id: string, archived: boolean) {
  return inTransaction(deps.db, async (trx) => {
    const org = await findOrg(trx, id);
    if (!org) return refuse('not_found');
    // Only an admin reaches a root here: an office's reach stops below its own organisation.
    authorizeVisible(actor, 'org.archive', atOrg(org.path), 'org.read');
    if (archived) {
      const child = await trx.selectFrom('orgs').select('id').where('parent_id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
      if (child) return refuse('org_has_active_children');
    } else if (org.parent_id) {
      const parent = await findOrg(trx, org.parent_id);
      if (parent?.archived_at) return refuse('org_archived');
      if (await siblingNamed(trx, org.parent_id, org.name, id)) return refuse('org_name_taken', { name: org.name });
    }
    if ((org.archived_at !== null) === archived) return ok(org);
    const now = deps.clock.now().toISOString();
    const archivedAt = archived ? now : null;
    await trx.updateTable('orgs').set({ archived_at: archivedAt, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: archived ? 'org.archive' : 'org.restore', entityType: 'org', entityId: id, orgPath: org.path,
      summary: `${archived ? '归档' : '恢复'}组织“${org.name}”`,
    });
    return ok({ ...org, archived_at: archivedAt, updated_at: now });
  });
}
