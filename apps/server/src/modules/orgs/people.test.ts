import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertGrant, insertPerson, PASSWORD, type TestApp } from '../../../test/factories.js';

describe('people', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const create = (who: string, payload: object) => t.as(who, { method: 'POST', url: '/api/people', payload });

  it('creates and edits a person, keeping the fields it was given', async () => {
    const res = await create('secretary', { name: '张桂英', gender: 'female', phone: '13912345678', position: '妇女主任', partyMember: true, orgIds: [t.tree.orgs.child.id] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '张桂英', gender: 'female', phone: '13912345678', position: '妇女主任', partyMember: true, archived: false, username: null, memberships: [{ orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组' }] });
    const id = res.json().id;
    const edited = await t.as('secretary', { method: 'PATCH', url: `/api/people/${id}`, payload: { phone: null, partyMember: false } });
    expect(edited.json()).toMatchObject({ name: '张桂英', phone: null, partyMember: false, position: '妇女主任' });
    const archived = await t.as('secretary', { method: 'PATCH', url: `/api/people/${id}`, payload: { archived: true } });
    expect(archived.json().archived).toBe(true);
    const list = await t.as('secretary', { method: 'GET', url: '/api/people?q=张桂英' });
    expect(list.json().items).toHaveLength(0);
    const withArchived = await t.as('secretary', { method: 'GET', url: '/api/people?q=张桂英&includeArchived=true' });
    expect(withArchived.json().items).toHaveLength(1);
  });

  it('refuses to place a person in an organisation outside the caller’s subtree', async () => {
    const res = await create('secretary', { name: '越权', orgIds: [t.tree.orgs.own.id, t.tree.orgs.sibling.id] });
    expect(res.statusCode).toBe(403);
    expect(await t.deps.db.selectFrom('people').select('id').where('name', '=', '越权').execute()).toHaveLength(0);
  });

  it('searches Chinese names and phone numbers within the caller’s scope', async () => {
    await insertPerson(t.deps, '王德明', [t.tree.orgs.child.id], { phone: '13800000001' });
    await insertPerson(t.deps, '王德华', [t.tree.orgs.sibling.id], { phone: '13800000002' });
    const byName = await t.as('secretary', { method: 'GET', url: `/api/people?q=${encodeURIComponent('德')}` });
    expect(byName.json().items.map((p: { name: string }) => p.name)).toEqual(['王德明']);
    const asOffice = await t.as('admin', { method: 'GET', url: `/api/people?q=${encodeURIComponent('王德')}` });
    expect(asOffice.json().items.map((p: { name: string }) => p.name).sort()).toEqual(['王德华', '王德明'].sort());
    const byPhone = await t.as('admin', { method: 'GET', url: '/api/people?q=0000002' });
    expect(byPhone.json().items.map((p: { name: string }) => p.name)).toEqual(['王德华']);
    // LIKE wildcards typed by a user are matched literally.
    expect((await t.as('admin', { method: 'GET', url: '/api/people?q=%25' })).json().items).toHaveLength(0);
  });

  it('pages with a keyset cursor: every person exactly once, in name order', async () => {
    for (let i = 0; i < 57; i++) await insertPerson(t.deps, `村民${String(i).padStart(2, '0')}`, [t.tree.orgs.child.id]);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await t.as('secretary', { method: 'GET', url: `/api/people?orgId=${t.tree.orgs.child.id}&limit=10${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((p: { name: string }) => p.name));
      cursor = res.json().next;
    }
    expect(seen).toHaveLength(58); // 57 + the child's own member
    expect(new Set(seen).size).toBe(58);
    const bad = await t.as('secretary', { method: 'GET', url: '/api/people?cursor=garbage' });
    expect(bad.statusCode).toBe(422);
  });

  it('tells the caller what it may do with each person', async () => {
    const abilities = async (who: string, id: string) => (await t.as(who, { method: 'GET', url: `/api/people/${id}` })).json().abilities;
    expect(await abilities('office', t.tree.members.child)).toEqual(['person.update', 'account.manage']);
    expect(await abilities('secretary', t.tree.members.child)).toEqual(['person.update']);
    expect(await abilities('inspector', t.tree.members.child)).toEqual([]);
    const page = (await t.as('secretary', { method: 'GET', url: `/api/people?orgId=${t.tree.orgs.child.id}` })).json();
    expect(page.items[0].abilities).toEqual(['person.update']);
  });

  it('hides people outside the scope: 404, not 403', async () => {
    const res = await t.as('secretary', { method: 'GET', url: `/api/people/${t.tree.members.sibling}` });
    expect(res.statusCode).toBe(404);
    expect((await t.as('secretary', { method: 'GET', url: `/api/people/${t.tree.members.child}` })).statusCode).toBe(200);
    expect((await t.as('surveyor', { method: 'GET', url: `/api/people/${t.tree.members.own}` })).statusCode).toBe(404);
  });

  it('keeps memberships the editor cannot manage when the organisation list is replaced', async () => {
    const pid = await insertPerson(t.deps, '两地兼职', [t.tree.orgs.own.id, t.tree.orgs.sibling.id]);
    const res = await t.as('secretary', { method: 'PATCH', url: `/api/people/${pid}`, payload: { orgIds: [t.tree.orgs.child.id] } });
    expect(res.statusCode).toBe(200);
    // The secretary sees only the membership it may see …
    expect(res.json().memberships).toEqual([{ orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组' }]);
    // … and the sibling membership it could not manage is still there.
    const rows = await t.deps.db.selectFrom('memberships').select('org_id').where('person_id', '=', pid).execute();
    expect(rows.map((r) => r.org_id).sort()).toEqual([t.tree.orgs.child.id, t.tree.orgs.sibling.id].sort());
  });

  it('opens an account and resets a password; the person must change it at first login', async () => {
    const pid = await insertPerson(t.deps, '新干部', [t.tree.orgs.child.id]);
    const res = await t.as('office', { method: 'POST', url: `/api/people/${pid}/account`, payload: { username: 'XinGanbu', password: 'First1234' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().username).toBe('xinganbu');
    const dup = await t.as('office', { method: 'POST', url: `/api/people/${t.tree.members.child}/account`, payload: { username: 'xinganbu', password: 'First1234' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('用户名“xinganbu”已被使用');
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { username: 'xinganbu', password: 'First1234' } });
    expect(login.json().account.mustChangePassword).toBe(true);
    const reset = await t.as('office', { method: 'POST', url: `/api/people/${pid}/password-reset`, payload: { password: 'Second1234' } });
    expect(reset.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('lets an office not take over an account holding a role above or beside it', async () => {
    // A township office member who is also in the branch: the branch office must not reset them.
    const boss = await insertPerson(t.deps, '镇领导', [t.tree.orgs.root.id, t.tree.orgs.child.id]);
    await insertGrant(t.deps, boss, 'office', t.tree.orgs.root.id);
    const res = await t.as('office', { method: 'POST', url: `/api/people/${boss}/account`, payload: { username: 'boss', password: 'Boss12345' } });
    expect(res.statusCode).toBe(403);
    expect((await t.as('admin', { method: 'POST', url: `/api/people/${boss}/account`, payload: { username: 'boss', password: 'Boss12345' } })).statusCode).toBe(201);
    expect((await t.as('office', { method: 'POST', url: `/api/people/${boss}/password-reset`, payload: { password: 'Taken12345' } })).statusCode).toBe(403);
    expect((await t.as('office', { method: 'POST', url: `/api/people/${t.tree.users.admin.personId}/password-reset`, payload: { password: 'Taken12345' } })).statusCode).toBe(403);
  });
});
