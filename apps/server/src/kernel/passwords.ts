import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));

// OWASP's scrypt floor: N=2^14, r=8, p=5. Parameters are stored with each hash so they can be raised later.
const PARAMS = { N: 16384, r: 8, p: 5 };
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...PARAMS, maxmem: MAXMEM });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM,
  });
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | null = null;
/**
 * A hash made like a real one (same scheme and parameters) that no password matches in practice:
 * checking an unknown username's password against it costs the same scrypt work as a real check,
 * so neither the time nor the answer tells which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

import { PASSWORD_MIN_LENGTH } from '@massline/shared';
export { isStrongPassword, PASSWORD_MIN_KINDS, PASSWORD_MIN_LENGTH } from '@massline/shared';

/** A readable random password for first logins (no look-alike characters). */
export function generatePassword(length = 12): string {
  // Upper-case, lower-case, lower-case, digit, repeated: always three kinds, so it passes isStrongPassword.
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghjkmnpqrstuvwxyz', 'abcdefghjkmnpqrstuvwxyz', '23456789'];
  const bytes = randomBytes(Math.max(length, PASSWORD_MIN_LENGTH));
  return [...bytes].map((b, i) => sets[i % 4][b % sets[i % 4].length]).join('');
}
