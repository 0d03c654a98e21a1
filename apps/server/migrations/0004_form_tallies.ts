import type { Kysely } from 'kysely';

/**
 * Counts per form, question, row (matrix) and value, kept up to date in the transaction that
 * stores each response: results are read from here, never by scanning responses.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('form_tallies')
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('form_tallies_pk', ['form_id', 'question', 'item', 'value'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_tallies').execute();
}
