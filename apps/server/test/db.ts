import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { fixedClock } from '../src/kernel/clock.js';
import { loadConfig, type Config } from '../src/kernel/config.js';
import { openDb } from '../src/kernel/db.js';
import { migrateToLatest } from '../src/kernel/migrate.js';
import type { Database, Deps } from '../src/database.js';

export const testDialect = (process.env.MASSLINE_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

export type TestDeps = Deps & { clock: ReturnType<typeof fixedClock>; close(): Promise<void> };

/**
 * A fresh, migrated database for one test: in-memory SQLite, or a schema of its own on the
 * PostgreSQL server named by MASSLINE_TEST_PG_URL (an unreachable server fails the test).
 */
export async function createTestDeps(overrides: Partial<Config> = {}): Promise<TestDeps> {
  // Other modules' tests keep one session while the clock moves by hours; auth tests set the idle time themselves.
  const config: Config = { ...loadConfig({ MASSLINE_DEMO: '0' }), loginRateLimit: 0, publicRateLimit: 0, ballotWindowMs: 5, sessionIdleMinutes: 12 * 60, ...overrides };
  const clock = fixedClock(new Date('2026-03-01T08:00:00Z'));
  if (testDialect === 'postgres') {
    const url = process.env.MASSLINE_TEST_PG_URL;
    if (!url) throw new Error('MASSLINE_TEST_DB=postgres needs MASSLINE_TEST_PG_URL');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = openDb<Database>({ databaseUrl: url, pgSchema: schema, pgPoolSize: 5 });
    await migrateToLatest(handle.db, schema);
    return {
      db: handle.db, dialect: 'postgres', clock, config,
      async close() {
        await handle.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const handle = openDb<Database>({ sqliteFile: ':memory:' });
  await migrateToLatest(handle.db);
  return { db: handle.db, dialect: 'sqlite', clock, config, close: () => handle.close() };
}
