import type { Kysely } from 'kysely';

/**
 * The campaign programme (issue 6): a campaign run by an office for its org subtree, in phases
 * with dates and settings that say what each phase opens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // mass_line | custom
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('start_day', 'text', (c) => c.notNull())
    .addColumn('end_day', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_org').on('campaigns').columns(['org_id', 'start_day']).execute();

  await db.schema
    .createTable('campaign_phases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_day', 'text', (c) => c.notNull())
    .addColumn('end_day', 'text', (c) => c.notNull())
    // JSON of PhaseSettings: what the phase opens.
    .addColumn('settings', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_phases_campaign').on('campaign_phases').columns(['campaign_id', 'seq']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('campaign_phases').execute();
  await db.schema.dropTable('campaigns').execute();
}
