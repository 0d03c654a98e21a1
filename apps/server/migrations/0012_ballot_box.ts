import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/kernel/db.js';

/**
 * The ballot box (issue 12). Anonymous rows now get ids derived from the phone's key under a new
 * installation secret, so the idempotency rows kept for public submissions go: each could be
 * paired with its response by transaction id or order. Field-visit positions are rounded to the
 * form's precision. And the rows already stored are rewritten in an order that carries nothing:
 * PostgreSQL clusters each table on its random key (a new file, no dead row versions left);
 * SQLite gives every row a random rowid and the file is rebuilt by VACUUM. Backups and WAL
 * archives taken before this migration keep the old order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.insertInto('secrets').values({ name: 'anonymous_ids', value: randomBytes(32).toString('hex') }).execute();
  await db.deleteFrom('submission_receipts').where('form_id', 'in', db.selectFrom('forms').select('id').where('distribution', '<>', 'named')).execute();
  await db.schema.alterTable('forms').addColumn('location_precision_m', 'integer', (c) => c.notNull().defaultTo(100)).execute();
  // Positions stored before were exact: round them to the default 100 m grid (about 0.001°).
  await db.updateTable('field_visits').set({ lat: sql`round(lat * 1000) / 1000`, lng: sql`round(lng * 1000) / 1000` }).where('lat', 'is not', null).execute();

  const tables: [string, string][] = [['responses', 'responses_pkey'], ['opinions', 'opinions_pkey'], ['opinion_terms', 'opinion_terms_pk'], ['verdicts', 'verdicts_once']];
  if (pg) {
    for (const [table, index] of tables) {
      const exists = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where tablename = ${table} and indexname = ${index} and schemaname = current_schema()`.execute(db);
      if (exists.rows[0].n) await sql`cluster ${sql.table(table)} using ${sql.ref(index)}`.execute(db);
    }
    return;
  }
  for (const [table] of tables) {
    const info = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
    if (!info.rows.length || /without rowid/i.test(info.rows[0].sql)) continue;
    await sql`create temp table shuffled as select rowid as old, row_number() over (order by random()) as r from ${sql.table(table)}`.execute(db);
    await sql`update ${sql.table(table)} set rowid = -rowid`.execute(db);
    await sql`update ${sql.table(table)} set rowid = (select r from shuffled where shuffled.old = -${sql.table(table)}.rowid)`.execute(db);
    await sql`drop table shuffled`.execute(db);
  }
  // Rebuilds every table in key order and leaves no freed page holding old rows.
  await sql`vacuum`.execute(db);
}
