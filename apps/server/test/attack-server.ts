import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fixedClock } from '../src/kernel/clock.js';
import { openDb } from '../src/kernel/db.js';
import { migrateToLatest } from '../src/kernel/migrate.js';
import type { Database } from '../src/database.js';
import { testDialect, type TestDeps } from './db.js';
import { insertOrg } from './factories.js';

/**
 * The real server as a separate process, for attacks that need one (kill -9 mid-burst): the built
 * CLI (`massline serve`) on a database of its own — a temporary SQLite file, or a fresh PostgreSQL
 * database — on a random port. The build is refreshed first when a source is newer than it.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'apps/server/dist/src/cli.js');

const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
  const p = path.join(dir, e.name);
  if (e.isDirectory()) return Math.max(m, newest(p));
  return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? Math.max(m, statSync(p).mtimeMs) : m;
}, 0);

/** Builds the server (tsc -b, incremental) if any source is newer than its build. */
export function ensureBuilt(): void {
  const built = (() => { try { return statSync(cli).mtimeMs; } catch { return 0; } })();
  const sources = Math.max(...['apps/server/src', 'apps/server/migrations', 'packages/shared/src'].map((d) => newest(path.join(root, d))));
  if (sources > built) execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/shared', 'apps/server'], { cwd: root, stdio: 'inherit' });
}

export interface ServerDb {
  env: Record<string, string>;
  /** An org to post opinions to. */
  orgId: string;
  close(): Promise<void>;
}

/** A migrated database of its own with one organisation, and the environment that points a server at it. */
export async function createServerDb(): Promise<ServerDb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'massline-crash-'));
  let url: string | null = null;
  let dbName = '';
  if (testDialect === 'postgres') {
    const base = process.env.MASSLINE_TEST_PG_URL;
    if (!base) throw new Error('MASSLINE_TEST_DB=postgres needs MASSLINE_TEST_PG_URL');
    dbName = `t_crash_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const handle = openDb<Database>(url ? { databaseUrl: url } : { sqliteFile: path.join(dir, 'massline.db') });
  await migrateToLatest(handle.db);
  const org = await insertOrg({ db: handle.db, clock: fixedClock(new Date()) } as TestDeps, '红旗村党支部', null);
  await handle.close();
  return {
    orgId: org.id,
    env: { DATA_DIR: dir, ...(url ? { DATABASE_URL: url } : {}) },
    async close() {
      rmSync(dir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: process.env.MASSLINE_TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    },
  };
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Starts `massline serve` on the database, on a random port; resolves once it listens. */
export function startServer(db: ServerDb, env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(`file://${cli}`)}); await main(['serve']);`], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', MASSLINE_DEMO: '0', MASSLINE_SCHEDULER: '0',
      MASSLINE_ADMIN_PASSWORD: 'Crash1234test', MASSLINE_PUBLIC_RATE_LIMIT: '0', ...db.env, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ url: m[1], process: child, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before listening:\n${out}`)); });
  });
}
