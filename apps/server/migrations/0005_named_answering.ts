import { sql, type Kysely } from 'kysely';

/**
 * Named answering (self and mutual inspection, field visits) and results broken down by org and by
 * subject. A response may now say which org it came from (the code's org, the member's org, or the
 * village a link was posted for) and whom it is about; only a non-anonymous form keeps who answered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('forms').addColumn('collect_location', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  for (const column of ['org_id', 'subject_id', 'respondent_id']) {
    await db.schema.alterTable('responses').addColumn(column, 'text').execute();
  }

  // Exports page through a form's responses by id: one index walk per page instead of a sort.
  await db.schema.dropIndex('responses_form').execute();
  await db.schema.createIndex('responses_form_id').on('responses').columns(['form_id', 'id']).execute();

  await db.schema
    .createTable('form_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('respondent_id', 'text', (c) => c.notNull().references('people.id'))
    // '' when the answers are about nobody in particular (field visits), so the unique key holds on both dialects.
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('repeatable', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('form_assignments_once', ['form_id', 'respondent_id', 'subject_id'])
    .execute();
  await db.schema.createIndex('form_assignments_respondent').on('form_assignments').columns(['respondent_id', 'form_id']).execute();

  await db.schema
    .createTable('field_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('form_assignments.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('accuracy', 'double precision')
    .addColumn('response_id', 'text')
    .execute();
  await db.schema.createIndex('field_visits_form').on('field_visits').columns(['form_id', 'org_id']).execute();

  // Tallies gain a scope: '' for the whole form, 'o:<org id>' per org, 's:<person id>' per subject.
  await db.schema
    .createTable('form_tallies_scoped')
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('form_tallies_scoped_pk', ['form_id', 'scope', 'question', 'item', 'value'])
    .execute();
  await sql`insert into form_tallies_scoped (form_id, scope, question, item, value, count) select form_id, '', question, item, value, count from form_tallies`.execute(db);
  await db.schema.dropTable('form_tallies').execute();
  await db.schema.alterTable('form_tallies_scoped').renameTo('form_tallies').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('field_visits').execute();
  await db.schema.dropTable('form_assignments').execute();
}
