import { createHash, randomBytes } from 'node:crypto';

/** 32 symbols without look-alikes (no 0/O, 1/I): 5 bits each. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `length` symbols drawn uniformly (256 is a multiple of 32, so the low 5 bits are uniform). */
export function randomCode(length: number): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** What people type: any case, with spaces or dashes between groups. */
export const normalizeCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

/** SHA-256 of a code under a purpose and scope, so one code never matches in another place. */
export const hashCodeFor = (scope: string, code: string) => createHash('sha256').update(`${scope}:${normalizeCode(code)}`).digest('hex');
