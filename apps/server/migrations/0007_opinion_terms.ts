import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/kernel/db.js';
import { indexTerms } from '../src/kernel/search-terms.js';

/**
 * The keyword index of opinions: one row per distinct bigram of an opinion's content and place,
 * ordered like the list (day, id) so a search walks it page by page from the cursor on. Opinions
 * stored before it are indexed here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('opinion_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('opinion_id', 'text', (c) => c.notNull().references('opinions.id'))
    .addPrimaryKeyConstraint('opinion_terms_pk', ['term', 'day', 'opinion_id'])
    // The rows are the index: SQLite keeps them in key order with no second copy.
    .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await db.schema.createIndex('opinion_terms_opinion').on('opinion_terms').column('opinion_id').execute();

  let after = '';
  for (;;) {
    const rows = await db.selectFrom('opinions').select(['id', 'day', 'content', 'place']).where('id', '>', after).orderBy('id').limit(1000).execute();
    if (rows.length === 0) break;
    const terms = rows.flatMap((r) => indexTerms(r.content, r.place).map((term) => ({ term, day: r.day, opinion_id: r.id })));
    for (let i = 0; i < terms.length; i += 1000) await db.insertInto('opinion_terms').values(terms.slice(i, i + 1000)).execute();
    after = rows[rows.length - 1].id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opinion_terms').execute();
}
