import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, insertGrant, type TestApp } from '../../../test/factories.js';

/** The people list is cached; these prove the cache never serves what a caller should not see now. */
describe('people list cache', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const names = async (who: string, app = t.app) => {
    const cookie = `massline_sid=${await t.tokenFor(who)}`;
    const res = await app.inject({ method: 'GET', url: '/api/people?limit=100', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    return res.json().items.map((p: { name: string }) => p.name).sort() as string[];
  };

  it('shows a change made through the API at once', async () => {
    const before = await names('office');
    await t.as('office', { method: 'POST', url: '/api/people', payload: { name: '新来的', orgIds: [t.tree.orgs.own.id] } });
    expect(await names('office')).toEqual([...before, '新来的'].sort());
  });

  it('shows a change made by another server process, or straight in the database', async () => {
    const other = await buildApp(t.deps);
    const before = await names('office');
    await other.inject({
      method: 'PATCH', url: `/api/people/${t.tree.members.child}`, payload: { name: '改名了' },
      headers: { host: 'massline.test', origin: 'http://massline.test', cookie: `massline_sid=${await t.tokenFor('office')}` },
    });
    expect(await names('office')).toContain('改名了');
    await t.deps.db.updateTable('people').set({ name: '直接改的' }).where('id', '=', t.tree.members.own).execute();
    const after = await names('office');
    expect(after).toContain('直接改的');
    expect(after).toHaveLength(before.length);
    await other.close();
  });

  it('never serves one caller’s page to a caller with other grants', async () => {
    const office = await names('office');
    const secretary = await names('secretary');
    expect(secretary).toEqual(office); // same subtree, same people …
    const cadre = await names('cadre');
    expect(cadre).toEqual(office);
    // … until a grant changes what one of them may see.
    await insertGrant(t.deps, t.tree.users.cadre.personId, 'cadre', t.tree.orgs.sibling.id);
    expect(await names('cadre')).toContain('成员青山村党支部');
    expect(await names('office')).not.toContain('成员青山村党支部');
  });
});
