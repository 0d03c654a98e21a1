import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** Load the demo township into an empty database. */
  demo: boolean;
  adminPassword: string | null;
  production: boolean;
  version: string;
  /** Login attempts per client address per minute (0 turns the limit off, for benchmarks only). */
  loginRateLimit: number;
  /** Minutes a session may stay unused before it ends (等保 2.0: idle sessions time out). */
  sessionIdleMinutes: number;
  /** Submissions per sender per minute on the public pages (0: no limit), counted under a rotating salted hash. */
  publicRateLimit: number;
  /** Days staff have to answer an opinion (答复时限). */
  opinionReplyDays: number;
  /** The campaign-local hour from which the morning digest goes out. */
  digestHour: number;
  /** Run the scheduled jobs (overdue reminders, escalation, daily digest) in this process (MASSLINE_SCHEDULER=0: off). */
  scheduler: boolean;
  /** Seconds between the scheduler's looks at what is due. */
  schedulerTickSeconds: number;
  /** Days an item or opinion may stay overdue before the parent org's office is told (督办). */
  escalationGraceDays: number;
  /** Directory of the built web app, served at `/`. */
  webDist: string;
  /**
   * Which X-Forwarded-* headers to believe (Fastify's trustProxy): off by default, since a client
   * could otherwise claim any address and escape per-address limits. Set to the load balancer's
   * address(es), e.g. MASSLINE_TRUST_PROXY=127.0.0.1 (or `true` to trust any, only on a closed network).
   */
  trustProxy: boolean | string[];
  /** The ballot box seals a batch of anonymous writes when it holds this many (k)... */
  ballotBatchSize: number;
  /** ...or this many milliseconds after its first submission (T): what a resident may wait. */
  ballotWindowMs: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from src/kernel or dist/src/kernel. */
export const repoRoot = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../../../../..' : '../../../..');

export function readVersion(): string {
  try {
    return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    demo: !production && env.MASSLINE_DEMO !== '0',
    adminPassword: env.MASSLINE_ADMIN_PASSWORD || null,
    production,
    version: readVersion(),
    loginRateLimit: Number(env.MASSLINE_LOGIN_RATE_LIMIT ?? 20),
    sessionIdleMinutes: wholeNumber(env, 'MASSLINE_SESSION_IDLE_MINUTES', 30, 1),
    publicRateLimit: Number(env.MASSLINE_PUBLIC_RATE_LIMIT ?? 120),
    opinionReplyDays: Number(env.MASSLINE_OPINION_REPLY_DAYS ?? 7),
    digestHour: Math.min(23, wholeNumber(env, 'MASSLINE_DIGEST_HOUR', 8, 0)),
    scheduler: env.MASSLINE_SCHEDULER !== '0' && env.MASSLINE_SCHEDULER !== 'false',
    schedulerTickSeconds: wholeNumber(env, 'MASSLINE_SCHEDULER_TICK_SECONDS', 60, 1),
    escalationGraceDays: wholeNumber(env, 'MASSLINE_ESCALATION_GRACE_DAYS', 3, 0),
    webDist: path.join(repoRoot, 'apps/web/dist'),
    trustProxy: parseTrustProxy(env.MASSLINE_TRUST_PROXY),
    ballotBatchSize: wholeNumber(env, 'MASSLINE_BALLOT_BATCH', 50, 1),
    ballotWindowMs: Math.min(wholeNumber(env, 'MASSLINE_BALLOT_WINDOW_MS', 8000, 1), 10_000),
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return n;
}

function parseTrustProxy(value: string | undefined): boolean | string[] {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}
