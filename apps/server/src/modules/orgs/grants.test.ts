import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';

describe('role grants', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const grant = (who: string, payload: object) => t.as(who, { method: 'POST', url: '/api/grants', payload });

  it('grants a role within the office’s subtree, and the grant takes effect at once', async () => {
    const res = await grant('office', { personId: t.tree.members.child, role: 'secretary', orgId: t.tree.orgs.child.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ personId: t.tree.members.child, role: 'secretary', orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组' });
    expect((await grant('office', { personId: t.tree.members.child, role: 'secretary', orgId: t.tree.orgs.child.id })).json().error.code).toBe('grant_exists');

    // The surveyor gains person.read on `own` when made a cadre there, and loses it on revoke.
    const surveyor = t.tree.users.surveyor.personId;
    const before = await t.as('surveyor', { method: 'GET', url: '/api/people' });
    expect(before.json().items).toHaveLength(0);
    const cadre = await grant('office', { personId: surveyor, role: 'cadre', orgId: t.tree.orgs.own.id });
    expect((await t.as('surveyor', { method: 'GET', url: '/api/people' })).json().items.length).toBeGreaterThan(0);
    expect((await t.as('office', { method: 'DELETE', url: `/api/grants/${cadre.json().id}` })).statusCode).toBe(200);
    expect((await t.as('surveyor', { method: 'GET', url: '/api/people' })).json().items).toHaveLength(0);
  });

  it('refuses grants on the parent, a sibling or another tree, and admin grants by an office', async () => {
    for (const org of ['root', 'sibling', 'other'] as const) {
      const res = await grant('office', { personId: t.tree.members.own, role: 'cadre', orgId: t.tree.orgs[org].id });
      expect(res.statusCode).toBe(403);
    }
    expect((await grant('office', { personId: t.tree.members.own, role: 'admin', orgId: null })).statusCode).toBe(403);
    expect((await grant('secretary', { personId: t.tree.members.own, role: 'cadre', orgId: t.tree.orgs.own.id })).statusCode).toBe(403);
    // A person the office cannot see is "not found".
    expect((await grant('office', { personId: t.tree.members.sibling, role: 'cadre', orgId: t.tree.orgs.own.id })).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom('grants').select('id').execute()).toHaveLength(6);
  });

  it('lists only the grants within the caller’s scope', async () => {
    const office = (await t.as('office', { method: 'GET', url: '/api/grants' })).json().items;
    expect(office.map((g: { role: string }) => g.role).sort()).toEqual(['cadre', 'inspector', 'office', 'secretary', 'surveyor']);
    const admin = (await t.as('admin', { method: 'GET', url: '/api/grants' })).json().items;
    expect(admin).toHaveLength(6);
    expect((await t.as('cadre', { method: 'GET', url: '/api/grants' })).json().items).toHaveLength(0);
    expect((await t.as('office', { method: 'GET', url: `/api/grants?orgId=${t.tree.orgs.sibling.id}` })).statusCode).toBe(404);
    expect((await t.as('cadre', { method: 'GET', url: `/api/grants?orgId=${t.tree.orgs.own.id}` })).statusCode).toBe(403);
  });

  it('never removes the last system administrator', async () => {
    const adminGrant = (await t.as('admin', { method: 'GET', url: `/api/grants?personId=${t.tree.users.admin.personId}` })).json().items[0];
    const res = await t.as('admin', { method: 'DELETE', url: `/api/grants/${adminGrant.id}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('last_admin');
    await grant('admin', { personId: t.tree.members.own, role: 'admin', orgId: null });
    expect((await t.as('admin', { method: 'DELETE', url: `/api/grants/${adminGrant.id}` })).statusCode).toBe(200);
  });
});
