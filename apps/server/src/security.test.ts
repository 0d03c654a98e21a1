import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertGrant, insertPerson, PASSWORD, type TestApp } from '../test/factories.js';
import { readChangeCounters } from './kernel/db.js';
import { MAX_FAILED_LOGINS, senderKey } from './modules/auth/commands/login.js';

/** Regression tests for the review of the foundation: each names the hole it closes. */
describe('security regressions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const origin = { host: 'massline.test', origin: 'http://massline.test' };
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...origin, ...headers }, payload: { username, password } });

  it('checks at most the allowed number of passwords however many guesses arrive at once', async () => {
    const guesses = Array.from({ length: 30 }, (_, i) => login('cadre', i === 29 ? PASSWORD : `wrong-${i}x`));
    const codes = (await Promise.all(guesses)).map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
    const checked = codes.filter((c) => c !== 'account_locked').length;
    expect(checked).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    expect(codes.filter((c) => c === 'account_locked').length).toBeGreaterThanOrEqual(30 - MAX_FAILED_LOGINS);
    const row = await t.deps.db.selectFrom('login_failures').select('locked_until').where('key', '=', senderKey('cadre', '127.0.0.1')).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect((await login('cadre', PASSWORD)).statusCode).toBe(423);
  });

  it('does not let a forged X-Forwarded-For escape the login rate limit', async () => {
    const limited = await createTestApp({ loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await limited.app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...origin, 'x-forwarded-for': `10.0.0.${i}` }, payload: { username: 'nobody', password: 'x' } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    await limited.close();
  });

  it('ends the access of a person who is archived, and gives it back on restore', async () => {
    const session = await login('office', PASSWORD);
    const cookie = String(session.headers['set-cookie']).split(';')[0];
    const archive = await t.as('admin', { method: 'PATCH', url: `/api/people/${t.tree.users.office.personId}`, payload: { archived: true } });
    expect(archive.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await login('office', PASSWORD);
    expect(again.statusCode).toBe(403);
    expect(again.json().error).toEqual({ code: 'account_disabled', message: '该账户已停用' });
    await t.as('admin', { method: 'PATCH', url: `/api/people/${t.tree.users.office.personId}`, payload: { archived: false } });
    expect((await login('office', PASSWORD)).statusCode).toBe(200);
  });

  it('lets a branch secretary not rename or archive a township official who also sits in the branch', async () => {
    const official = await insertPerson(t.deps, '镇领导', [t.tree.orgs.root.id, t.tree.orgs.own.id]);
    await insertGrant(t.deps, official, 'office', t.tree.orgs.root.id);
    for (const payload of [{ name: '改名' }, { phone: '13900000000' }, { archived: true }]) {
      const res = await t.as('secretary', { method: 'PATCH', url: `/api/people/${official}`, payload });
      expect(res.statusCode).toBe(403);
    }
    expect((await t.as('secretary', { method: 'GET', url: `/api/people/${official}` })).json().abilities).toEqual([]);
    const row = await t.deps.db.selectFrom('people').select(['name', 'phone', 'archived_at']).where('id', '=', official).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '镇领导', phone: null, archived_at: null });
    // Someone only in the branch is still the secretary's to edit.
    expect((await t.as('secretary', { method: 'PATCH', url: `/api/people/${t.tree.members.own}`, payload: { name: '改好了' } })).statusCode).toBe(200);
  });

  it('voids a temporary password set by someone else when a higher role is granted', async () => {
    const person = await insertPerson(t.deps, '将任镇干部', [t.tree.orgs.own.id]);
    expect((await t.as('office', { method: 'POST', url: `/api/people/${person}/account`, payload: { username: 'newboss', password: 'Branch1234' } })).statusCode).toBe(201);
    await insertGrant(t.deps, t.tree.users.admin.personId, 'office', t.tree.orgs.root.id); // harmless: admin already sees all
    const granted = await t.as('admin', { method: 'POST', url: '/api/grants', payload: { personId: person, role: 'office', orgId: t.tree.orgs.root.id } });
    expect(granted.statusCode).toBe(201);
    expect((await login('newboss', 'Branch1234')).statusCode).toBe(401);
    // The granter sets a new one, which works.
    expect((await t.as('admin', { method: 'POST', url: `/api/people/${person}/password-reset`, payload: { password: 'Fresh12345' } })).statusCode).toBe(200);
    expect((await login('newboss', 'Fresh12345')).statusCode).toBe(200);
  });

  it('keeps the last administrator when two revoke each other at the same time', async () => {
    const second = await insertPerson(t.deps, '第二管理员', [t.tree.orgs.own.id]);
    const { insertAccount } = await import('../test/factories.js');
    await insertAccount(t.deps, second, 'admin2');
    await insertGrant(t.deps, second, 'admin', null);
    const grants = (await t.as('admin', { method: 'GET', url: '/api/grants' })).json().items.filter((g: { role: string }) => g.role === 'admin');
    expect(grants).toHaveLength(2);
    const mine = grants.find((g: { personId: string }) => g.personId === t.tree.users.admin.personId);
    const theirs = grants.find((g: { personId: string }) => g.personId === second);
    const results = await Promise.all([
      t.as('admin', { method: 'DELETE', url: `/api/grants/${theirs.id}` }),
      t.as('admin2', { method: 'DELETE', url: `/api/grants/${mine.id}` }),
    ]);
    // One wins; the other is refused, as no longer an admin (403) or as the last one (409).
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    expect(await t.deps.db.selectFrom('grants').select('id').where('role', '=', 'admin').execute()).toHaveLength(1);
  });

  it('answers 404, not 403, for a person out of sight', async () => {
    const res = await t.as('secretary', { method: 'PATCH', url: `/api/people/${t.tree.members.sibling}`, payload: { position: 'x' } });
    expect(res.statusCode).toBe(404);
    expect((await t.as('office', { method: 'POST', url: `/api/people/${t.tree.members.sibling}/password-reset`, payload: { password: 'Abc12345' } })).statusCode).toBe(404);
  });

  it('refuses NUL characters anywhere with 422, on every database', async () => {
    const cases = [
      t.as('office', { method: 'POST', url: '/api/people', payload: { name: 'a\u0000b', orgIds: [t.tree.orgs.own.id] } }),
      t.as('office', { method: 'GET', url: '/api/people?q=a%00b' }),
      t.as('office', { method: 'GET', url: '/api/people/a%00b' }),
      login('a\u0000', 'x'),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details[0].message).toBe('不能包含空字符（NUL）');
    }
    const cursor = Buffer.from(JSON.stringify(['\u0000', 'x'])).toString('base64url');
    expect((await t.as('office', { method: 'GET', url: `/api/people?cursor=${cursor}` })).statusCode).toBe(422);
  });

  it('refuses an audit cursor beyond the sequence range with 422', async () => {
    expect((await t.as('admin', { method: 'GET', url: '/api/audit?cursor=99999999999' })).statusCode).toBe(422);
  });

  it('searches Latin names regardless of case on both databases', async () => {
    await insertPerson(t.deps, 'Alice Wang', [t.tree.orgs.own.id]);
    const res = await t.as('office', { method: 'GET', url: '/api/people?q=alice' });
    expect(res.json().items.map((p: { name: string }) => p.name)).toEqual(['Alice Wang']);
  });

  it('does not empty every cache when someone merely tries to log in', async () => {
    const before = await readChangeCounters(t.deps.db);
    await login('office', 'wrong-pass1');
    await login('office', PASSWORD);
    expect(await readChangeCounters(t.deps.db)).toEqual(before);
  });
});
