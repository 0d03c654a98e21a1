import type { Kysely } from 'kysely';
import { createChangeCounter } from '../src/kernel/db.js';

/**
 * A counter per group of tables, bumped by triggers on every change: caches of authorized
 * lists (the people directory) stay correct across server processes without scanning tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('change_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // For accounts only the columns that change what a session may do or what lists show count:
  // login bookkeeping (failed attempts, last login) must not empty every cache.
  await createChangeCounter(db, 'directory', [
    { table: 'orgs' }, { table: 'people' }, { table: 'memberships' }, { table: 'grants' },
    { table: 'accounts', columns: ['person_id', 'username', 'must_change_password', 'disabled_at'] },
  ]);
  // Ending sessions (logout, password change or reset) must reach every process at once;
  // opening or touching one must not invalidate anything.
  await createChangeCounter(db, 'sessions_ended', [{ table: 'sessions', ops: ['delete'] }]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('change_counters').execute();
}
