import { sql, type Kysely } from 'kysely';
import { createChangeCounter, dialectOf } from '../src/kernel/db.js';

/**
 * The campaign programme (issue 6, parts 2–7): the reading list; meetings of every kind with
 * attendance, QR sign-in, minutes, files and inspectors' comments (a concentrated study session
 * is a meeting of kind `study` with hours and readings covered); make-up study; study notes;
 * criticism entries of life meetings; each cadre's check-comparison material with every version
 * and review; required tasks with evidence; phase summaries. A `programme` change counter lets
 * the progress board be cached until any of it changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const blob = dialectOf(db) === 'postgres' ? sql`bytea` : sql`blob`;

  // 必学书籍: the campaign's reading list.
  await db.schema
    .createTable('campaign_readings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // book | article | speech | document | video
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_mime', 'text')
    .addColumn('file_data', blob)
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_readings_campaign').on('campaign_readings').columns(['campaign_id', 'seq']).execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    // mobilisation | study | forum_individual | forum_group | democratic_life | org_life | topic_discussion
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull().defaultTo(''))
    // Length in minutes: study hours count from it.
    .addColumn('minutes_long', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('host_person_id', 'text', (c) => c.references('people.id'))
    // 会议记录 / 讨论小结: once written the meeting counts as held.
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    // SHA-256 of the sign-in token shown as a QR code; null when sign-in is closed.
    .addColumn('signin_hash', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_org_day').on('meetings').columns(['org_id', 'day']).execute();
  await db.schema.createIndex('meetings_campaign_kind').on('meetings').columns(['campaign_id', 'kind', 'org_id']).execute();

  await db.schema
    .createTable('meeting_readings')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('reading_id', 'text', (c) => c.notNull().references('campaign_readings.id'))
    .execute();
  await db.schema.createIndex('meeting_readings_pk').on('meeting_readings').columns(['meeting_id', 'reading_id']).unique().execute();

  await db.schema
    .createTable('meeting_attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    // present | leave | absent
    .addColumn('status', 'text', (c) => c.notNull())
    // Spoke at the meeting (topic discussions name their speakers).
    .addColumn('spoke', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_in_at', 'text')
    // staff | qr
    .addColumn('via', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_attendance_pk').on('meeting_attendance').columns(['meeting_id', 'person_id']).unique().execute();
  await db.schema.createIndex('meeting_attendance_person').on('meeting_attendance').columns(['person_id', 'meeting_id']).execute();

  await db.schema
    .createTable('meeting_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_files_meeting').on('meeting_files').column('meeting_id').execute();

  // Inspectors (督导组) attending and their comments.
  await db.schema
    .createTable('meeting_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_comments_meeting').on('meeting_comments').columns(['meeting_id', 'created_at']).execute();

  // 补学: make-up study by someone who missed a session.
  await db.schema
    .createTable('study_makeups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('minutes_long', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_makeups_pk').on('study_makeups').columns(['meeting_id', 'person_id']).unique().execute();

  // 心得体会, reviewed by the author's secretary.
  await db.schema
    .createTable('study_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // submitted | returned | approved
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_notes_org').on('study_notes').columns(['org_id', 'campaign_id', 'created_at']).execute();
  await db.schema.createIndex('study_notes_person').on('study_notes').columns(['person_id', 'campaign_id']).execute();

  // 批评和自我批评 in a democratic life / org life meeting: self-criticism when from = to.
  await db.schema
    .createTable('criticism_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('from_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('to_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    // 表态: the receiver's response.
    .addColumn('response', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('criticism_entries_meeting').on('criticism_entries').columns(['meeting_id', 'created_at']).execute();

  // 对照检查材料: one per cadre per campaign; its text lives in its versions.
  await db.schema
    .createTable('materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // draft | submitted | returned | approved
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('approved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('materials_author').on('materials').columns(['campaign_id', 'person_id']).unique().execute();
  await db.schema.createIndex('materials_org').on('materials').columns(['org_id', 'campaign_id', 'status']).execute();

  await db.schema
    .createTable('material_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // JSON of the sections (four winds' problems, causes, direction and measures).
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('material_versions_pk').on('material_versions').columns(['material_id', 'version']).unique().execute();

  await db.schema
    .createTable('material_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // submitted | returned | approved | comment
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('material_reviews_material').on('material_reviews').columns(['material_id', 'created_at']).execute();

  await db.schema
    .createTable('material_problems')
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('material_problems_pk').on('material_problems').columns(['material_id', 'problem_id', 'item_key']).unique().execute();

  // 规定动作: each phase's required tasks, for every org in scope or for orgs of some kinds.
  await db.schema
    .createTable('campaign_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('phase_id', 'text', (c) => c.notNull().references('campaign_phases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // The rule by which data completes it (JSON of TaskRule); kind `evidence` when none can.
    .addColumn('rule', 'text', (c) => c.notNull())
    // JSON array of org kinds it applies to; null: every org in scope.
    .addColumn('org_kinds', 'text')
    .addColumn('due_day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_tasks_campaign').on('campaign_tasks').columns(['campaign_id', 'seq']).execute();

  // Evidence an org gives for a task that data cannot complete, confirmed by the office.
  await db.schema
    .createTable('task_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('campaign_tasks.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('file_mime', 'text')
    .addColumn('file_data', blob)
    // submitted | confirmed | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('reviewed_at', 'text')
    .execute();
  await db.schema.createIndex('task_evidence_task_org').on('task_evidence').columns(['task_id', 'org_id']).unique().execute();

  // 阶段总结: drafted from the data, edited, exported. phase_id null: the whole campaign.
  await db.schema
    .createTable('campaign_summaries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('phase_id', 'text', (c) => c.references('campaign_phases.id'))
    // phase_id, or 'campaign' for the whole campaign's summary: a null would let the unique index
    // below take two rows for one summary.
    .addColumn('phase_key', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON of the sections as edited.
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_summaries_key').unique().on('campaign_summaries').columns(['campaign_id', 'org_id', 'phase_key']).execute();

  // What the progress board shows changes with these writes (plus forms, plans and rules, which
  // the board reads by their own counters): its cached cells live until then.
  await createChangeCounter(db, 'programme', [
    { table: 'campaigns' }, { table: 'campaign_phases' }, { table: 'campaign_tasks' }, { table: 'task_evidence' },
    { table: 'meetings', ops: ['insert', 'delete', 'update'], columns: ['held', 'kind', 'campaign_id', 'org_id', 'minutes_long', 'day'] },
    { table: 'meeting_attendance' }, { table: 'study_makeups' },
    { table: 'materials', ops: ['insert', 'delete', 'update'], columns: ['status'] },
    { table: 'memberships' }, { table: 'orgs', ops: ['insert', 'update'], columns: ['kind', 'archived_at', 'parent_id'] },
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['campaign_summaries', 'task_evidence', 'campaign_tasks', 'material_problems', 'material_reviews', 'material_versions', 'materials', 'criticism_entries', 'study_notes', 'study_makeups', 'meeting_comments', 'meeting_files', 'meeting_attendance', 'meeting_readings', 'meetings', 'campaign_readings']) {
    await db.schema.dropTable(t).execute();
  }
  await db.deleteFrom('change_counters').where('name', '=', 'programme').execute();
  // The triggers went with their tables, except those on tables that stay.
  const postgres = dialectOf(db) === 'postgres';
  for (const table of ['campaigns', 'campaign_phases', 'memberships', 'orgs']) {
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_programme_${op}${postgres ? ` on ${table}` : ''}`).execute(db);
  }
  if (postgres) await sql`drop function if exists bump_programme_version()`.execute(db);
}
