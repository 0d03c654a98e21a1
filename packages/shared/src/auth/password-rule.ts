/** The kinds a password may mix: lower-case letters, upper-case letters, digits, anything else (symbols, Chinese...). */
const KINDS = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MIN_KINDS = 3;

/** 等保 2.0 level 3 complexity, the same on the server and the screen: at least 8 characters, of at least 3 of the 4 kinds. */
export const isStrongPassword = (pw: string): boolean =>
  [...pw].length >= PASSWORD_MIN_LENGTH && KINDS.filter((k) => k.test(pw)).length >= PASSWORD_MIN_KINDS;
