import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertOrg, type TestApp } from '../../../test/factories.js';

describe('organisation tree', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const names = async (who: string, query = '') =>
    (await t.as(who, { method: 'GET', url: `/api/orgs${query}` })).json().items.map((o: { name: string }) => o.name).sort();

  it('shows each role only its own subtree', async () => {
    expect(await names('secretary')).toEqual(['红旗村第一党小组', '红旗村党支部'].sort());
    expect(await names('surveyor')).toEqual(['红旗村第一党小组', '红旗村党支部'].sort());
    expect(await names('admin')).toEqual(['另一镇党委', '示范镇党委', '红旗村第一党小组', '红旗村党支部', '青山村党支部'].sort());
  });

  it('tells the caller what it may do on each organisation', async () => {
    const items = (await t.as('office', { method: 'GET', url: '/api/orgs' })).json().items;
    const own = items.find((o: { id: string }) => o.id === t.tree.orgs.own.id);
    const child = items.find((o: { id: string }) => o.id === t.tree.orgs.child.id);
    expect(own.abilities).toEqual(['org.create', 'org.update', 'person.create', 'roster.import', 'roster.export', 'grant.create']);
    expect(child.abilities).toContain('org.move');
    expect(own.memberCount).toBe(7); // its member plus the six role holders
  });

  it('creates, renames, moves and archives, each recorded in the audit log', async () => {
    const created = await t.as('office', { method: 'POST', url: '/api/orgs', payload: { parentId: t.tree.orgs.own.id, name: '第二党小组', kind: 'other' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ parentId: t.tree.orgs.own.id, name: '第二党小组', kind: 'other', archived: false, memberCount: 0 });

    const renamed = await t.as('office', { method: 'PATCH', url: `/api/orgs/${id}`, payload: { name: '第三党小组' } });
    expect(renamed.json().name).toBe('第三党小组');

    const moved = await t.as('office', { method: 'POST', url: `/api/orgs/${id}/move`, payload: { parentId: t.tree.orgs.child.id } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().parentId).toBe(t.tree.orgs.child.id);
    const row = await t.deps.db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.path).toBe(`${t.tree.orgs.child.path}${id}/`);

    const archived = await t.as('office', { method: 'POST', url: `/api/orgs/${id}/archive`, payload: {} });
    expect(archived.json().archived).toBe(true);
    expect(archived.json().abilities).toEqual(['org.archive']); // restoring is all that is left
    expect(await names('office')).not.toContain('第三党小组');
    expect(await names('office', '?includeArchived=true')).toContain('第三党小组');
    const restored = await t.as('office', { method: 'POST', url: `/api/orgs/${id}/restore`, payload: {} });
    expect(restored.json().archived).toBe(false);

    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['org.create', 'org.update', 'org.move', 'org.archive', 'org.restore']);
    expect(audit.every((a) => a.entity_id === id)).toBe(true);
  });

  it('moves a whole subtree, rewriting every path under it', async () => {
    const grandchild = await insertOrg(t.deps, '孙组织', t.tree.orgs.child);
    const res = await t.as('admin', { method: 'POST', url: `/api/orgs/${t.tree.orgs.own.id}/move`, payload: { parentId: t.tree.orgs.sibling.id } });
    expect(res.statusCode).toBe(200);
    const paths = Object.fromEntries((await t.deps.db.selectFrom('orgs').select(['id', 'path']).execute()).map((o) => [o.id, o.path]));
    const base = `${t.tree.orgs.sibling.path}${t.tree.orgs.own.id}/`;
    expect(paths[t.tree.orgs.own.id]).toBe(base);
    expect(paths[t.tree.orgs.child.id]).toBe(`${base}${t.tree.orgs.child.id}/`);
    expect(paths[grandchild.id]).toBe(`${base}${t.tree.orgs.child.id}/${grandchild.id}/`);
  });

  it('refuses a move that would make a cycle', async () => {
    const res = await t.as('admin', { method: 'POST', url: `/api/orgs/${t.tree.orgs.own.id}/move`, payload: { parentId: t.tree.orgs.child.id } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({ code: 'org_cycle', message: '不能把组织移动到它自己或它的下级组织之下' });
    const self = await t.as('admin', { method: 'POST', url: `/api/orgs/${t.tree.orgs.own.id}/move`, payload: { parentId: t.tree.orgs.own.id } });
    expect(self.json().error.code).toBe('org_cycle');
  });

  it('archives only leaves first, and never deletes', async () => {
    const res = await t.as('admin', { method: 'POST', url: `/api/orgs/${t.tree.orgs.own.id}/archive`, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('org_has_active_children');
    const del = await t.as('admin', { method: 'DELETE', url: `/api/orgs/${t.tree.orgs.child.id}` });
    expect(del.statusCode).toBe(404);
    expect(del.json().error.code).toBe('route_not_found');
  });

  it('keeps sibling names unique', async () => {
    const res = await t.as('office', { method: 'POST', url: '/api/orgs', payload: { parentId: t.tree.orgs.own.id, name: '红旗村第一党小组', kind: 'other' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('同一上级下已有名为“红旗村第一党小组”的组织');
  });

  it('lets an office not move or archive the organisation it was given, nor create a root', async () => {
    const move = await t.as('office', { method: 'POST', url: `/api/orgs/${t.tree.orgs.own.id}/move`, payload: { parentId: t.tree.orgs.sibling.id } });
    expect(move.statusCode).toBe(403);
    const root = await t.as('office', { method: 'POST', url: '/api/orgs', payload: { parentId: null, name: '新镇', kind: 'committee' } });
    expect(root.statusCode).toBe(403);
    const byAdmin = await t.as('admin', { method: 'POST', url: '/api/orgs', payload: { parentId: null, name: '新镇', kind: 'committee' } });
    expect(byAdmin.statusCode).toBe(201);
  });

  it('stops a role granted on an archived organisation from acting there', async () => {
    const group = await insertOrg(t.deps, '临时小组', t.tree.orgs.own);
    const { insertGrant, insertPerson, insertAccount } = await import('../../../test/factories.js');
    const pid = await insertPerson(t.deps, '临时负责人', [group.id]);
    await insertAccount(t.deps, pid, 'temp');
    await insertGrant(t.deps, pid, 'office', group.id);
    expect((await t.as('temp', { method: 'GET', url: '/api/orgs' })).json().items).toHaveLength(1);
    await t.as('office', { method: 'POST', url: `/api/orgs/${group.id}/archive`, payload: {} });
    expect((await t.as('temp', { method: 'GET', url: '/api/orgs' })).json().items).toHaveLength(0);
  });
});
