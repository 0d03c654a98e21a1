import { sql, type Kysely } from 'kysely';
import { createChangeCounter, dialectOf } from '../src/kernel/db.js';

/**
 * The third phase (整改落实、建章立制): rectification items for problems with milestones, a timeline
 * of updates with evidence and each org's list approved and published; residents' verdicts on
 * each fix; flags on what was published; in-app notifications and the runs of the scheduler
 * that raises them; and the register of rules made because of problems.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const blob = dialectOf(db) === 'postgres' ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('rectifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    // 承诺: what residents are promised, in plain words; shown on the public page.
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('owner_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    // planned | in_progress | done | verified; overdue is computed from the deadline.
    .addColumn('status', 'text', (c) => c.notNull())
    // 立行立改: fixed on the spot, created done.
    .addColumn('on_the_spot', 'integer', (c) => c.notNull().defaultTo(0))
    // Percent from the milestones done (100 once done); kept with the row for lists and roll-ups.
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    // Weight in the org's and the campaign's roll-up.
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('done_day', 'text')
    .addColumn('verified_day', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('accounts.id'))
    // Each time the item is marked done a new verdict round begins.
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectifications_org').on('rectifications').columns(['owner_org_id', 'deadline']).execute();
  await db.schema.createIndex('rectifications_owner').on('rectifications').columns(['owner_person_id']).execute();
  // Covering for the overdue counts per org and the most overdue items: (status, deadline) ranges.
  await db.schema.createIndex('rectifications_due').on('rectifications').columns(['status', 'deadline', 'owner_org_id']).execute();
  await db.schema.createIndex('rectifications_created').on('rectifications').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('rectification_problems')
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addPrimaryKeyConstraint('rectification_problems_pk', ['rectification_id', 'problem_id'])
    .execute();
  await db.schema.createIndex('rectification_problems_problem').on('rectification_problems').column('problem_id').execute();

  await db.schema
    .createTable('rectification_milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_day', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('done_day', 'text')
    .execute();
  await db.schema.createIndex('rectification_milestones_item').on('rectification_milestones').columns(['rectification_id', 'seq']).execute();

  // The item's history: progress notes, status moves, milestones reached, verdict reopenings.
  await db.schema
    .createTable('rectification_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // progress | status | milestone | reopened | created
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('milestone_id', 'text')
    // Shown on the public page once the item is published.
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('author_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_updates_item').on('rectification_updates').columns(['rectification_id', 'seq']).unique().execute();

  await db.schema
    .createTable('rectification_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('update_id', 'text', (c) => c.references('rectification_updates.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // Evidence reaches the public page only once the office releases it.
    .addColumn('released', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_attachments_item').on('rectification_attachments').column('rectification_id').execute();

  // 整改方案/清单: an org's list of items, submitted, reviewed by the office, then published.
  await db.schema
    .createTable('rectification_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().unique().references('orgs.id'))
    // draft | submitted | approved | returned
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // 群众评议: one verdict per receipt (opinion), per one-time code, or per browser, per round.
  await db.schema
    .createTable('verdicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    // fixed | partly | not_fixed
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // receipt | callback | code | browser
    .addColumn('channel', 'text', (c) => c.notNull())
    // Which vote this is, so there is only one: the opinion (receipt, callback), the code's hash,
    // or a hash of the browser's random token with the item; never a person.
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verdicts_once').on('verdicts').columns(['rectification_id', 'round', 'voter_key']).unique().execute();

  // One-time codes the office attaches to a disclosed item (or an org's list) for verdicts.
  await db.schema
    .createTable('verdict_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('rectification_id', 'text', (c) => c.references('rectifications.id'))
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verdict_codes_org').on('verdict_codes').columns(['org_id', 'batch']).execute();

  // 纠错 on a disclosed item, answered by the office.
  await db.schema
    .createTable('rectification_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rectification_id', 'text', (c) => c.notNull().references('rectifications.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    // open | answered | dismissed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('rectification_flags_status').on('rectification_flags').columns(['status', 'day']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    // A notification is raised once per person and key (a scheduler run repeated adds nothing).
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_once').on('notifications').columns(['person_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('notifications_person').on('notifications').columns(['person_id', 'created_at']).execute();

  // A scheduled job's run claimed by inserting its key: with several processes one insert wins.
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('result', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'run_key'])
    .execute();

  // What the public pages show changes only with these writes: their cached JSON lives until then.
  await createChangeCounter(db, 'disclosure', [
    { table: 'rectifications' }, { table: 'rectification_milestones' }, { table: 'rectification_updates' }, { table: 'rectification_attachments' },
    { table: 'verdicts' }, { table: 'verdict_codes', ops: ['insert', 'delete'] }, { table: 'rectification_flags', ops: ['update'] },
    { table: 'rectification_plans' }, { table: 'orgs', ops: ['update'], columns: ['name', 'archived_at'] }, { table: 'people', ops: ['update'], columns: ['name'] },
  ]);

  // 建章立制: rules written or revised because of problems (the catalogue `rules` is what they break).
  await db.schema
    .createTable('regulations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    // new | revised
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('effective_day', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    // Lower-cased title and summary: keyword search is a substring match (works for Chinese).
    .addColumn('search', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('doc_name', 'text')
    .addColumn('doc_mime', 'text')
    .addColumn('doc_size', 'integer')
    .addColumn('doc_data', blob)
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regulations_org').on('regulations').columns(['org_id', 'effective_day']).execute();
  // The register lists newest in force first, keyset-paged on (effective_day, id).
  await db.schema.createIndex('regulations_effective').on('regulations').columns(['effective_day', 'id']).execute();
  await db.schema
    .createTable('regulation_problems')
    .addColumn('regulation_id', 'text', (c) => c.notNull().references('regulations.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('regulation_problems_pk', ['regulation_id', 'problem_id'])
    .execute();
  await db.schema.createIndex('regulation_problems_problem').on('regulation_problems').column('problem_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('change_counters').where('name', '=', 'disclosure').execute();
  for (const t of [
    'regulation_problems', 'regulations', 'job_runs', 'notifications', 'rectification_flags', 'verdict_codes', 'verdicts', 'rectification_plans',
    'rectification_attachments', 'rectification_updates', 'rectification_milestones', 'rectification_problems', 'rectifications',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
