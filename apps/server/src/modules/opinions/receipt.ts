import { createHmac } from 'node:crypto';
import { CODE_ALPHABET, hashCodeFor, normalizeCode } from '../../kernel/codes.js';

/** 16 symbols of 5 bits: 80 bits, far beyond guessing, and short enough to photograph or copy. */
export const RECEIPT_LENGTH = 16;

/**
 * The receipt for a submission: derived from the sender's idempotency key under the installation's
 * secret, so a retry of the same submission gets the same code back while only the code's hash is
 * stored, and nobody without the key (which never leaves the phone) can derive it.
 */
export function receiptFor(secret: string, idempotencyKey: string): string {
  const mac = createHmac('sha256', secret).update(`receipt:${idempotencyKey}`).digest();
  return [...mac.subarray(0, RECEIPT_LENGTH)].map((b) => CODE_ALPHABET[b & 31]).join('');
}
export const formatReceipt = (code: string) => code.match(/.{1,4}/g)!.join('-');
/**
 * Every typed receipt is hashed, well-formed or not, and looked up the same way: a malformed code
 * and an unknown one take the same path and get the same answer.
 */
export const receiptHash = (typed: string) => hashCodeFor('opinion-receipt', normalizeCode(typed).slice(0, 64));
