import type { Kysely } from 'kysely';

/**
 * Forms and ballots. Responses are stored so that nothing links them to a code, an account, an
 * address or a moment: random ids, the day only, no foreign key to codes or receipts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('distribution', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('response_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_org').on('forms').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('form_codes')
    // SHA-256 of the code: the printed slips are the only place the codes exist in clear.
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('form_codes_turnout').on('form_codes').columns(['form_id', 'org_id', 'used']).execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('responses_form').on('responses').column('form_id').execute();

  await db.schema
    .createTable('submission_receipts')
    // SHA-256 of the client's idempotency key with the form: a retry gets the first outcome back.
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['submission_receipts', 'responses', 'form_codes', 'forms']) await db.schema.dropTable(t).execute();
}
