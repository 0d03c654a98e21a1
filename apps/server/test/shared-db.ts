import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fixedClock } from '../src/kernel/clock.js';
import { loadConfig, type Config } from '../src/kernel/config.js';
import { openDb, type DbHandle } from '../src/kernel/db.js';
import { migrateToLatest } from '../src/kernel/migrate.js';
import type { Database, Deps } from '../src/database.js';
import { testDialect } from './db.js';

export type SharedDeps = Deps & { clock: ReturnType<typeof fixedClock> };

/**
 * One fresh database opened `count` times, as by that many server processes: a SQLite file with a
 * connection each, or a PostgreSQL schema with a pool each. Each has its own clock, all set alike.
 */
export async function createSharedTestDeps(count: number, overrides: Partial<Config> = {}): Promise<{ all: SharedDeps[]; close(): Promise<void> }> {
  // Other modules' tests keep one session while the clock moves by hours; auth tests set the idle time themselves.
  const config: Config = { ...loadConfig({ MASSLINE_DEMO: '0' }), loginRateLimit: 0, publicRateLimit: 0, ballotWindowMs: 5, sessionIdleMinutes: 12 * 60, ...overrides };
  const start = new Date('2026-03-01T08:00:00Z');
  const handles: DbHandle<Database>[] = [];
  let cleanup: () => Promise<void>;
  if (testDialect === 'postgres') {
    const url = process.env.MASSLINE_TEST_PG_URL;
    if (!url) throw new Error('MASSLINE_TEST_DB=postgres needs MASSLINE_TEST_PG_URL');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    for (let i = 0; i < count; i++) handles.push(openDb<Database>({ databaseUrl: url, pgSchema: schema, pgPoolSize: 3 }));
    await migrateToLatest(handles[0].db, schema);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'massline-shared-'));
    const file = path.join(dir, 'massline.db');
    for (let i = 0; i < count; i++) handles.push(openDb<Database>({ sqliteFile: file }));
    await migrateToLatest(handles[0].db);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  return {
    all: handles.map((h) => ({ db: h.db, dialect: h.dialect, clock: fixedClock(start), config })),
    async close() {
      for (const h of handles) await h.close();
      await cleanup();
    },
  };
}
