import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, insertAccount, insertPerson, PASSWORD, type TestApp } from '../../../test/factories.js';
import { loadConfig } from '../../kernel/config.js';
import { generatePassword, isStrongPassword } from '../../kernel/passwords.js';
import { LOCK_MS, MAX_FAILED_LOGINS, NAME_FREE_FAILURES, nameKey } from './commands/login.js';

const origin = { host: 'massline.test', origin: 'http://massline.test' };
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('accounts and sessions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { ...origin, ...headers }, payload: { username, password } });
  const answer = (res: Awaited<ReturnType<typeof login>>) => [res.statusCode, res.body];

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

  it('locks an unknown username exactly as a real one: same statuses, same bodies', async () => {
    const real: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) {
      real.push(answer(await login('cadre', 'wrong-pass1')));
      unknown.push(answer(await login('nobody', 'wrong-pass1')));
    }
    expect(unknown).toEqual(real);
    expect(real.map((r) => (r as unknown[])[0])).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill(401), 423, 423, 423]);
    // Even the right password is refused to the locked sender: the same answer as for the unknown name.
    expect(answer(await login('cadre', PASSWORD))).toEqual(answer(await login('nobody', PASSWORD)));
  });

  it('locks out the sender who fails, not the account: another address still signs in', async () => {
    const attacker = '203.0.113.7';
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login('cadre', 'wrong-pass1', {}, attacker)).statusCode).toBe(401);
    const locking = await login('cadre', 'wrong-pass1', {}, attacker);
    expect(locking.statusCode).toBe(423);
    expect(locking.json().error).toMatchObject({ code: 'account_locked', message: '密码错误次数过多，账户已锁定，请在 15 分钟后重试' });
    expect((await login('cadre', PASSWORD, {}, attacker)).statusCode).toBe(423);
    // The owner, elsewhere, is not locked out; nor is the attacker from other usernames.
    expect((await login('cadre', PASSWORD, {}, '198.51.100.20')).statusCode).toBe(200);
    expect((await login('office', PASSWORD, {}, attacker)).statusCode).toBe(200);
    t.deps.clock.advance(LOCK_MS - 60_000);
    expect((await login('cadre', PASSWORD, {}, attacker)).json().error.message).toContain('1 分钟');
    t.deps.clock.advance(61_000);
    expect((await login('cadre', PASSWORD, {}, attacker)).statusCode).toBe(200);
    const actions = await t.deps.db.selectFrom('audit_log').select('action').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('auth.login_failed'), 'auth.locked', 'auth.login', 'auth.login', 'auth.login']);
    // Neither the address nor the username is stored in the counters.
    const rows = await t.deps.db.selectFrom('login_failures').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|cadre/);
  });

  it('forgets a sender’s failures after a day without any', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login('cadre', 'wrong-pass1')).statusCode).toBe(401);
    t.deps.clock.advance(24 * 3600_000 + 1000);
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login('cadre', 'wrong-pass1')).statusCode).toBe(401);
    expect((await login('cadre', PASSWORD)).statusCode).toBe(200);
  });

  it('does not lock out a sender that sends many right passwords at once (the benchmark does)', async () => {
    const burst = await Promise.all(Array.from({ length: 3 * MAX_FAILED_LOGINS }, () => login('office', PASSWORD)));
    expect(burst.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    expect(burst.filter((r) => r.statusCode !== 200 && r.statusCode !== 423)).toEqual([]);
    expect((await login('office', PASSWORD)).statusCode).toBe(200);
    expect(await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.locked').execute()).toEqual([]);
  });

  it('backs off a username attacked from many senders, but never holds back a sender without failures', async () => {
    const senders = Array.from({ length: NAME_FREE_FAILURES / MAX_FAILED_LOGINS }, (_, i) => `10.0.0.${i + 1}`);
    for (const s of senders) for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('office', 'wrong-pass1', {}, s);
    const late = '10.0.1.1';
    expect((await login('office', 'wrong-pass1', {}, late)).statusCode).toBe(401); // failure 21: back-off of 1 minute
    const held = await login('office', PASSWORD, {}, late);
    expect([held.statusCode, held.json().error.message]).toEqual([423, '密码错误次数过多，账户已锁定，请在 1 分钟后重试']);
    expect((await login('office', PASSWORD, {}, '10.0.2.1')).statusCode).toBe(200); // the owner, from a clean address
    t.deps.clock.advance(61_000);
    expect((await login('office', PASSWORD, {}, late)).statusCode).toBe(200);
    // The back-off doubles with each further failure.
    await login('office', 'wrong-pass1', {}, '10.0.1.2');
    const row = await t.deps.db.selectFrom('login_failures').select(['failures', 'locked_until']).where('key', '=', nameKey('office')).executeTakeFirstOrThrow();
    expect(row.failures).toBe(NAME_FREE_FAILURES + 2);
    expect(Date.parse(row.locked_until!) - t.deps.clock.now().getTime()).toBe(2 * 60_000);
  });

  it('logs out: the session no longer works', async () => {
    const cookie = cookieOf(await login('office', PASSWORD));
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...origin, cookie } });
    expect(out.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthenticated');
  });

  it('ends a session idle for the configured time (default 30 minutes), and slides the expiry of an active one', async () => {
    const idleMinutes = loadConfig({}).sessionIdleMinutes;
    expect(idleMinutes).toBe(30);
    expect(loadConfig({ MASSLINE_SESSION_IDLE_MINUTES: '10' }).sessionIdleMinutes).toBe(10);
    expect(() => loadConfig({ MASSLINE_SESSION_IDLE_MINUTES: '0' })).toThrow(/MASSLINE_SESSION_IDLE_MINUTES/);
    await t.close();
    t = await createTestApp({ sessionIdleMinutes: idleMinutes });
    const idle = idleMinutes * 60_000;
    const cookie = cookieOf(await login('office', PASSWORD));
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    t.deps.clock.advance(idle - 60_000);
    expect((await me()).statusCode).toBe(200); // used: extends by another idle period
    t.deps.clock.advance(idle - 60_000);
    expect((await me()).statusCode).toBe(200);
    t.deps.clock.advance(idle + 1000);
    expect((await me()).statusCode).toBe(401);
    // The next login of the account clears its expired sessions.
    await login('office', PASSWORD);
    const left = await t.deps.db.selectFrom('sessions').select('expires_at').where('account_id', '=', t.tree.users.office.accountId).execute();
    expect(left).toHaveLength(1);
    expect(left[0].expires_at).toBe(new Date(t.deps.clock.now().getTime() + idle).toISOString());
  });

  it('ends a session idle for longer than a lowered idle time, though its stored expiry is later', async () => {
    const cookie = cookieOf(await login('office', PASSWORD)); // expiry written with the test default of 12 hours
    t.deps.config.sessionIdleMinutes = 30;
    t.deps.clock.advance(31 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
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
    await second.inject({ method: 'POST', url: `/api/people/${t.tree.users.secretary.personId}/password-reset`, headers: asAdmin, payload: { password: 'Reset12345' } });
    expect((await people()).statusCode).toBe(401);
    await second.close();
  });

  it('changes the password: checks the current one and strength, closes other sessions', async () => {
    const a = cookieOf(await login('office', PASSWORD));
    const b = cookieOf(await login('office', PASSWORD));
    const change = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { ...origin, cookie: a }, payload });
    expect((await change({ currentPassword: 'wrong', newPassword: 'Newpass123' })).json().error.code).toBe('wrong_password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'Short1!' })).json().error.code).toBe('weak_password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'onlyletters' })).json().error.code).toBe('weak_password');
    const twoKinds = await change({ currentPassword: PASSWORD, newPassword: 'newpass123' });
    expect([twoKinds.statusCode, twoKinds.json().error.message]).toEqual([422, '新密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三种']);
    expect((await change({ currentPassword: PASSWORD, newPassword: 'Newpass123' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b } })).statusCode).toBe(401);
    expect((await login('office', PASSWORD)).statusCode).toBe(401);
    expect((await login('office', 'Newpass123')).statusCode).toBe(200);
  });

  it('asks for at least 8 characters of at least three kinds (upper, lower, digit, symbol)', () => {
    const strong = ['Newpass1', 'newpass1!', 'NEWPASS1!', '新密码abc123', 'Abcdefg!', 'Ab1!Ab1!'];
    const weak = ['Ab1!Ab1', 'newpass123', 'NEWPASS123', 'abcdefgh!', '12345678', '新密码新密码新密码1', 'ABCDEFGHIJ'];
    expect(strong.filter((p) => !isStrongPassword(p))).toEqual([]);
    expect(weak.filter((p) => isStrongPassword(p))).toEqual([]);
    const generated = Array.from({ length: 200 }, () => generatePassword());
    expect(generated.filter((p) => !isStrongPassword(p))).toEqual([]);
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
    await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { ...origin, cookie }, payload: { currentPassword: PASSWORD, newPassword: 'Mine12345' } });
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
