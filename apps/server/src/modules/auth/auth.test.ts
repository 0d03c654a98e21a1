import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, insertAccount, insertPerson, PASSWORD, type TestApp } from '../../../test/factories.js';
import { LOCK_MS, MAX_FAILED_LOGINS } from './commands/login.js';
import { SESSION_IDLE_MS } from './sessions.js';

const origin = { host: 'massline.test', origin: 'http://massline.test' };
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('accounts and sessions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...origin, ...headers }, payload: { username, password } });

  it('logs in with a session cookie that is HttpOnly and SameSite=Lax, and knows the user', async () => {
    const res = await login('Office', PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^massline_sid=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(res.json()).toMatchObject({ account: { username: 'office', mustChangePassword: false }, person: { name: 'office用户' }, grants: [{ role: 'office', orgName: '红旗村党支部' }] });
    expect(res.json().abilities).toEqual(expect.arrayContaining(['org.create', 'person.read', 'audit.read']));
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.json().account.username).toBe('office');
    // The token is stored hashed: the cookie value is not in the table.
    const token = cookieOf(res).split('=')[1];
    expect(await t.deps.db.selectFrom('sessions').select('id').where('id', '=', token).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a wrong password and an unknown user with the same message, in the caller’s language', async () => {
    const wrong = await login('office', 'nope12345');
    const unknown = await login('nobody', 'nope12345');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: '用户名或密码错误' } });
    expect(unknown.json()).toEqual(wrong.json());
    const en = await login('office', 'nope12345', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('Wrong username or password');
  });

  it('locks the account after repeated failures, even against the right password, then lets it in again', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login('cadre', 'wrong-pass1')).statusCode).toBe(401);
    const locking = await login('cadre', 'wrong-pass1');
    expect(locking.statusCode).toBe(423);
    expect(locking.json().error).toMatchObject({ code: 'account_locked', message: '密码错误次数过多，账户已锁定，请在 15 分钟后重试' });
    expect((await login('cadre', PASSWORD)).statusCode).toBe(423);
    t.deps.clock.advance(LOCK_MS - 60_000);
    expect((await login('cadre', PASSWORD)).json().error.message).toContain('1 分钟');
    t.deps.clock.advance(61_000);
    expect((await login('cadre', PASSWORD)).statusCode).toBe(200);
    const actions = await t.deps.db.selectFrom('audit_log').select('action').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('auth.login_failed'), 'auth.locked', 'auth.login']);
  });

  it('logs out: the session no longer works', async () => {
    const cookie = cookieOf(await login('office', PASSWORD));
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...origin, cookie } });
    expect(out.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthenticated');
  });

  it('expires an idle session and slides the expiry of an active one', async () => {
    const cookie = cookieOf(await login('office', PASSWORD));
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    t.deps.clock.advance(SESSION_IDLE_MS - 3600_000);
    expect((await me()).statusCode).toBe(200); // extends by another idle period
    t.deps.clock.advance(SESSION_IDLE_MS - 3600_000);
    expect((await me()).statusCode).toBe(200);
    t.deps.clock.advance(SESSION_IDLE_MS + 1000);
    expect((await me()).statusCode).toBe(401);
    // The next login of the account clears its expired sessions.
    await login('office', PASSWORD);
    const left = await t.deps.db.selectFrom('sessions').select('expires_at').where('account_id', '=', t.tree.users.office.accountId).execute();
    expect(left).toHaveLength(1);
    expect(left[0].expires_at > t.deps.clock.now().toISOString()).toBe(true);
  });

  it('shares sessions between server processes on one database', async () => {
    const cookie = cookieOf(await login('office', PASSWORD));
    const second = await buildApp(t.deps);
    const me = await second.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().account.username).toBe('office');
    await second.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...origin, cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    await second.close();
  });

  it('applies a revoked grant and a password reset made in another process to the very next request', async () => {
    const cookie = cookieOf(await login('secretary', PASSWORD));
    const people = () => t.app.inject({ method: 'GET', url: '/api/people', headers: { cookie } });
    expect((await people()).json().items.length).toBeGreaterThan(0); // now cached in this process
    const second = await buildApp(t.deps);
    const asAdmin = { ...origin, cookie: `massline_sid=${await t.tokenFor('admin')}` };
    const grants = (await second.inject({ method: 'GET', url: `/api/grants?personId=${t.tree.users.secretary.personId}`, headers: asAdmin })).json().items;
    await second.inject({ method: 'DELETE', url: `/api/grants/${grants[0].id}`, headers: asAdmin });
    expect((await people()).json().items).toEqual([]);
    await second.inject({ method: 'POST', url: `/api/people/${t.tree.users.secretary.personId}/password-reset`, headers: asAdmin, payload: { password: 'reset12345' } });
    expect((await people()).statusCode).toBe(401);
    await second.close();
  });

  it('changes the password: checks the current one and strength, closes other sessions', async () => {
    const a = cookieOf(await login('office', PASSWORD));
    const b = cookieOf(await login('office', PASSWORD));
    const change = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { ...origin, cookie: a }, payload });
    expect((await change({ currentPassword: 'wrong', newPassword: 'newpass123' })).json().error.code).toBe('wrong_password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'short1' })).json().error.code).toBe('weak_password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'onlyletters' })).json().error.code).toBe('weak_password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'newpass123' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b } })).statusCode).toBe(401);
    expect((await login('office', PASSWORD)).statusCode).toBe(401);
    expect((await login('office', 'newpass123')).statusCode).toBe(200);
  });

  it('keeps an account with an initial password out of everything but changing it', async () => {
    const pid = await insertPerson(t.deps, '新同志', [t.tree.orgs.own.id]);
    await insertAccount(t.deps, pid, 'newbie', { mustChange: true });
    const res = await login('newbie', PASSWORD);
    expect(res.json().account.mustChangePassword).toBe(true);
    const cookie = cookieOf(res);
    const people = await t.app.inject({ method: 'GET', url: '/api/people', headers: { cookie } });
    expect(people.statusCode).toBe(403);
    expect(people.json().error.code).toBe('password_change_required');
    await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { ...origin, cookie }, payload: { currentPassword: PASSWORD, newPassword: 'mine12345' } });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().account.mustChangePassword).toBe(false);
  });

  describe('CSRF: writes with a session cookie must come from our own origin', () => {
    it('refuses a cookie write without Origin or Referer, and one from another site', async () => {
      const cookie = `massline_sid=${await t.tokenFor('office')}`;
      const payload = { parentId: t.tree.orgs.own.id, name: '新支部', kind: 'village' };
      const noOrigin = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: { host: 'massline.test', cookie }, payload });
      expect(noOrigin.statusCode).toBe(403);
      expect(noOrigin.json().error.code).toBe('csrf_failed');
      const foreign = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: { host: 'massline.test', origin: 'http://evil.example', cookie }, payload });
      expect(foreign.json().error.code).toBe('csrf_failed');
      const byReferer = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: { host: 'massline.test', referer: 'http://massline.test/orgs', cookie }, payload });
      expect(byReferer.statusCode).toBe(201);
      expect(await t.deps.db.selectFrom('orgs').select('id').where('name', '=', '新支部').execute()).toHaveLength(1);
    });
  });
});

describe('login rate limit', () => {
  it('answers 429 past the limit per client address', async () => {
    const t = await createTestApp({ loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: origin, payload: { username: 'nobody', password: 'x' } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error).toEqual({ code: 'too_many_requests', message: '操作过于频繁，请稍后再试' });
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    await t.close();
  });
});
