import { createHash, randomBytes } from 'node:crypto';

/** 32 symbols without look-alikes (no 0/O, 1/I): 5 bits each, so 8 of them carry 40 bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export function generateCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  // 256 is a multiple of 32, so taking the low 5 bits is uniform.
  return [...bytes].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** What people type: any case, with spaces or dashes between groups. */
export const normalizeCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

export const hashCode = (formId: string, code: string) => createHash('sha256').update(`${formId}:${normalizeCode(code)}`).digest('hex');
