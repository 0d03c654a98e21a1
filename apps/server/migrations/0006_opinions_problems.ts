import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/kernel/db.js';

/**
 * Opinions (意见建议) from every channel, their two-way conversation and attachments; the problem
 * registry (问题清单) with its sources and the catalogue of rules a problem may break; counters per
 * org. An anonymous opinion keeps no trace of its sender: a random id, the day only, and the hash
 * of the receipt code the sender alone holds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const blob = dialectOf(db) === 'postgres' ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('named', 'integer', (c) => c.notNull())
    .addColumn('sender_name', 'text')
    .addColumn('sender_phone', 'text')
    .addColumn('sender_village', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handling', 'text')
    .addColumn('assignee_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('assignee_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('due_day', 'text', (c) => c.notNull())
    .addColumn('answered_day', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('opinions.id'))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    // SHA-256 of the receipt code: the code itself exists only on the sender's phone or photo.
    .addColumn('receipt_hash', 'text', (c) => c.unique())
    .addColumn('recorded_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('meeting_id', 'text')
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinions_org_day').on('opinions').columns(['org_id', 'day', 'id']).execute();
  await db.schema.createIndex('opinions_day').on('opinions').columns(['day', 'id']).execute();
  await db.schema.createIndex('opinions_due').on('opinions').columns(['status', 'due_day']).execute();
  await db.schema.createIndex('opinions_assignee').on('opinions').columns(['assignee_person_id', 'day']).execute();
  await db.schema.createIndex('opinions_merged').on('opinions').column('merged_into').execute();

  await db.schema
    .createTable('opinion_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('opinion_id', 'text', (c) => c.notNull().references('opinions.id'))
    // 'sender' or 'staff'; a sender's message keeps no account and no time of day.
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .execute();
  await db.schema.createIndex('opinion_messages_opinion').on('opinion_messages').columns(['opinion_id', 'seq']).execute();

  await db.schema
    .createTable('opinion_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('opinion_id', 'text', (c) => c.notNull().references('opinions.id'))
    .addColumn('message_id', 'text', (c) => c.references('opinion_messages.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_attachments_opinion').on('opinion_attachments').column('opinion_id').execute();

  await db.schema
    .createTable('opinion_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('opinion_id', 'text', (c) => c.notNull().references('opinions.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .execute();

  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('rules.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived_at', 'text')
    .execute();

  await db.schema
    .createTable('problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.references('rules.id'))
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('owner_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_org').on('problems').columns(['owner_org_id', 'created_at']).execute();
  await db.schema.createIndex('problems_created').on('problems').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('problem_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    // opinion | response_text | response_rating | self_check | mutual_check | inspector | criticism
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('opinion_id', 'text', (c) => c.references('opinions.id'))
    .addColumn('form_id', 'text', (c) => c.references('forms.id'))
    .addColumn('response_id', 'text')
    .addColumn('question', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_sources_problem').on('problem_sources').column('problem_id').execute();
  // An opinion feeds at most one problem: held by the database, not only by the command.
  await db.schema.createIndex('problem_sources_opinion').on('problem_sources').column('opinion_id').unique().where(sql.ref('opinion_id'), 'is not', null).execute();

  // Installation secrets, made once here: 'receipt' derives an opinion's receipt code from the
  // sender's idempotency key, so a retry gets the same code back though only its hash is stored.
  await db.schema
    .createTable('secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('secrets').values({ name: 'receipt', value: randomBytes(32).toString('hex') }).execute();

  // Counters per org kept in the writing transaction: opinions by channel, category and state,
  // problems by category and status. `metric` e.g. 'opinions', 'opinions.channel.forum'.
  await db.schema
    .createTable('org_counts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_counts_pk', ['org_id', 'metric'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['org_counts', 'secrets', 'problem_sources', 'problems', 'rules', 'opinion_flags', 'opinion_attachments', 'opinion_messages', 'opinions']) {
    await db.schema.dropTable(t).execute();
  }
}
