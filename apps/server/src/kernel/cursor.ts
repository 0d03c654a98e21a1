import { HttpError } from './errors.js';

/** A keyset position (the sort key and id of the last row) as an opaque URL-safe string. */
export const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

/** The position back, or a 422 on `cursor` for anything the client mangled. */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string' && x.length <= 200 && !x.includes('\u0000'))) return v as [string, string];
  } catch {
    /* fall through */
  }
  throw new HttpError('validation_failed', {}, [{ path: 'cursor', message: 'invalid cursor' }]);
}
