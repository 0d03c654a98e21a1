import { createHmac, randomBytes } from 'node:crypto';

const HOUR_MS = 3_600_000;

/**
 * A key for counting one sender's requests on the public pages without knowing who they are: an
 * HMAC of the address under a random salt that lives in memory only and is replaced every hour.
 * The counters it keys are in memory too (never written to disk), so after an hour nothing can
 * tie a count to an address, and nothing ever ties one to a response.
 */
export function createAnonymousKeys(now: () => number = Date.now) {
  let salt = randomBytes(32);
  let hour = Math.floor(now() / HOUR_MS);
  return (address: string): string => {
    const current = Math.floor(now() / HOUR_MS);
    if (current !== hour) {
      salt = randomBytes(32);
      hour = current;
    }
    return createHmac('sha256', salt).update(address).digest('base64url').slice(0, 22);
  };
}
