import type { Kysely } from 'kysely';

/**
 * Sign-in failures counted apart from accounts (issue 13, section 3). A row is keyed by a hash of
 * the username as typed, so a name that has no account counts and locks exactly as a real one
 * does: the lockout no longer tells which accounts exist. `sender` rows count one sender
 * address's consecutive failures on one username (等保 2.0: lock after repeated failures — the
 * sender who fails); the `name` row counts all senders together and drives a slower back-off
 * that never shuts out a sender without failures, so a stranger cannot lock anyone else out.
 * Failures no longer touch `accounts`, whose change counter would otherwise drop every
 * process's session cache on each wrong password.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_updated').on('login_failures').column('updated_at').execute();
  // Locks set by the old per-account counter end now; its columns stay unused (older builds read them).
  await db.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
