import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../test/factories.js';
import * as passwords from '../../kernel/passwords.js';

// The real functions, watched: which hash each sign-in checks its password against.
vi.mock('../../kernel/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../kernel/passwords.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const origin = { host: 'massline.test', origin: 'http://massline.test' };

/**
 * Timing is not asserted (the project forbids it): instead, an unknown username must take the
 * same path as a real one — one scrypt check with the same parameters, the same writes.
 */
describe('sign-in does the same work for an unknown username as for a real one', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    vi.mocked(passwords.verifyPassword).mockClear();
  });
  afterEach(() => t.close());

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', headers: origin, payload: { username, password } });
  const params = (hash: string) => hash.split('$').slice(0, 4).join('$');
  const tables = async () => ({
    failures: (await t.deps.db.selectFrom('login_failures').select(['failures', 'locked_until']).orderBy('failures').execute()),
    audit: (await t.deps.db.selectFrom('audit_log').select(['action', 'entity_type']).orderBy('seq').execute()),
  });

  it('checks the password of an unknown name with scrypt, against a hash of the same parameters', async () => {
    const verify = vi.mocked(passwords.verifyPassword);
    expect((await login('cadre', 'wrong-pass1')).statusCode).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    const realHash = verify.mock.calls[0][1];
    const real = await tables();

    await t.close();
    t = await createTestApp();
    verify.mockClear();
    expect((await login('nobody', 'wrong-pass1')).statusCode).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    const [password, dummyHash] = verify.mock.calls[0];
    expect(password).toBe('wrong-pass1');
    expect(params(dummyHash)).toBe(params(realHash));
    expect(params(dummyHash)).toBe('scrypt$16384$8$5');
    expect(dummyHash).not.toBe(realHash);
    // The same rows written: one counter per sender and one per name, one audit entry.
    expect(await tables()).toEqual(real);
    expect(real.failures).toHaveLength(2);
  });

  it('no password matches the dummy hash: an unknown name never signs in', async () => {
    expect((await login('nobody', PASSWORD)).statusCode).toBe(401);
    expect(await passwords.verifyPassword(PASSWORD, await passwords.dummyPasswordHash())).toBe(false);
    expect(await passwords.verifyPassword('massline-dummy-password', await passwords.dummyPasswordHash())).toBe(false);
  });

  it('checks no password once the sender is locked, for a real and an unknown name alike', async () => {
    for (const name of ['cadre', 'nobody']) {
      for (let i = 0; i < 5; i++) await login(name, 'wrong-pass1');
      const verify = vi.mocked(passwords.verifyPassword);
      verify.mockClear();
      expect((await login(name, PASSWORD)).statusCode).toBe(423);
      expect(verify).not.toHaveBeenCalled();
    }
  });
});
