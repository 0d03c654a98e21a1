import { createHmac, randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { campaignDay } from './clock.js';
import { HttpError } from './errors.js';

const HOUR_MS = 3_600_000;

/**
 * A key for counting one sender's requests on the public pages without knowing who they are: an
 * HMAC of the address under a random salt that lives in memory only and is replaced every hour.
 * The counters it keys are in memory too (never written to disk), so after an hour nothing can
 * tie a count to an address, and nothing ever ties one to a response.
 */
export function createAnonymousKeys(now: () => number = Date.now, periodOf: (ms: number) => number | string = (ms) => Math.floor(ms / HOUR_MS)) {
  let salt = randomBytes(32);
  let period = periodOf(now());
  return (address: string): string => {
    const current = periodOf(now());
    if (current !== period) {
      salt = randomBytes(32);
      period = current;
    }
    return createHmac('sha256', salt).update(address).digest('base64url').slice(0, 22);
  };
}

let dailyKeys: ((address: string) => string) | null = null;

/**
 * The same kind of key under a salt replaced when the campaign's day turns: "one open verdict
 * per item per sender per day" is held by it. It is stored with the verdict; once the day's salt
 * is gone (it never leaves memory) nobody can recompute it from an address, so a dump cannot be
 * searched address by address. Per process: behind a load balancer without sticky sessions a
 * sender may reach one verdict per process.
 */
export const senderKeyOfDay = (address: string, scope: string): string => (dailyKeys ??= createAnonymousKeys(Date.now, (ms) => campaignDay(new Date(ms))))(`${scope}\u0000${address}`);

/** One key function for the process: every public route counts a sender under the same salt. */
let processKeys: ((address: string) => string) | null = null;

/**
 * Limit a scope's public routes per sender (`limit` a minute; 0: no limit) under the anonymous
 * key; returns the route config to put on each limited route.
 */
export async function registerPublicRateLimit(scope: FastifyInstance, limit: number) {
  if (limit > 0) {
    const keyOf = (processKeys ??= createAnonymousKeys());
    await scope.register(rateLimit, { global: false, keyGenerator: (req) => keyOf(req.ip), errorResponseBuilder: () => new HttpError('too_many_requests') });
  }
  return { rateLimit: { max: Math.max(1, limit), timeWindow: '1 minute' } };
}
