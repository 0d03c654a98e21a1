import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';

/** The installation secret's row (made once by migration 0012; the table was made by 0006). */
interface SecretsDb {
  secrets: { name: string; value: string };
}

const secrets = new WeakMap<object, Promise<string>>();

function secretOf(db: Kysely<any>): Promise<string> {
  let s = secrets.get(db);
  if (!s) {
    s = (db as Kysely<SecretsDb>).selectFrom('secrets').select('value').where('name', '=', 'anonymous_ids').executeTakeFirstOrThrow().then((r) => r.value);
    s.catch(() => secrets.delete(db));
    secrets.set(db, s);
  }
  return s;
}

/**
 * The id of an anonymous row, derived from a key the phone made at random for this one
 * submission: HMAC-SHA-256 under an installation secret, shaped as a random (v4) UUID. A retry —
 * on any process — derives the same id and finds its first outcome, so no idempotency record
 * (which could be paired with the row) is kept. Ids carry no time and no order; without the
 * phone's key, nobody holding the database and the secret can tell whose row is whose.
 */
export async function anonymousId(deps: { db: Kysely<any> }, purpose: string, key: string): Promise<string> {
  const mac = createHmac('sha256', await secretOf(deps.db)).update(`${purpose}\u0000${key}`).digest();
  mac[6] = (mac[6] & 0x0f) | 0x40;
  mac[8] = (mac[8] & 0x3f) | 0x80;
  const hex = mac.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
