import { CODE_ALPHABET, hashCodeFor, normalizeCode, randomCode } from '../../kernel/codes.js';

export { CODE_ALPHABET, normalizeCode };
export const CODE_LENGTH = 8;

/** A one-time ballot code: 8 symbols of 5 bits, 40 bits. */
export const generateCode = (): string => randomCode(CODE_LENGTH);

export const hashCode = (formId: string, code: string) => hashCodeFor(formId, code);
