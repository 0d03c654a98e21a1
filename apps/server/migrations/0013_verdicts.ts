import { sql, type Kysely } from 'kysely';

/**
 * Verdicts that one person cannot stuff (issue 12). Every verdict says what backs it (receipt,
 * call-back, one-time code, or nothing: open) and has one shape — solved? satisfied? — for
 * items and, in a new table, for answered opinions. The opinion behind a receipt or call-back is
 * kept so merged opinions count once together (the merge is looked up when counting, as staff
 * may merge after the verdict). Each org's list, and an item over it, says which kinds count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('verdicts').renameColumn('value', 'solved').execute();
  await db.schema.alterTable('verdicts').renameColumn('channel', 'backing').execute();
  await db.schema.alterTable('verdicts').addColumn('satisfied', 'text', (c) => c.notNull().defaultTo('basic')).execute();
  await db.schema.alterTable('verdicts').addColumn('opinion_id', 'text').execute();
  // The old single answer maps onto both questions.
  await db.updateTable('verdicts').set({ satisfied: sql`case solved when 'fixed' then 'satisfied' when 'not_fixed' then 'unsatisfied' else 'basic' end` }).execute();
  await db.updateTable('verdicts').set({ solved: sql`case solved when 'fixed' then 'solved' when 'not_fixed' then 'unsolved' else 'partly' end` }).execute();
  await db.updateTable('verdicts').set({ backing: 'open' }).where('backing', '=', 'browser').execute();
  await db.updateTable('verdicts').set({ opinion_id: sql`substr(voter_key, 3)` }).where('backing', 'in', ['receipt', 'callback']).execute();
  // The per-org counters of verdicts are recounted by the new names below.
  await db.deleteFrom('org_counts').where('metric', 'like', 'rect.verdicts.%').execute();
  const rows = await db
    .selectFrom('verdicts as v')
    .innerJoin('rectifications as r', 'r.id', 'v.rectification_id')
    .select(['r.owner_org_id', 'v.solved', 'v.satisfied', (eb) => eb.fn.countAll<number>().as('n')])
    .whereRef('v.round', '=', 'r.round')
    .where('r.status', 'in', ['done', 'verified'])
    .where('v.backing', '<>', 'open')
    .groupBy(['r.owner_org_id', 'v.solved', 'v.satisfied'])
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const metric of [`rect.verdicts.${r.solved}`, `rect.verdicts.${r.satisfied}`, 'rect.verdicts.total']) {
      const key = `${r.owner_org_id}\u0000${metric}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(r.n));
    }
  }
  for (const [key, value] of counts) {
    const [org_id, metric] = key.split('\u0000');
    await db.insertInto('org_counts').values({ org_id, metric, count: value }).execute();
  }

  await db.schema.alterTable('rectification_plans').addColumn('verdict_kinds', 'text').execute();
  await db.schema.alterTable('rectification_plans').addColumn('open_burst_per_hour', 'integer').execute();
  await db.schema.alterTable('rectification_plans').addColumn('reopen_min', 'integer').execute();
  await db.schema.alterTable('rectifications').addColumn('verdict_kinds', 'text').execute();

  // 群众评议 of an answered opinion, one per opinion (its receipt, or a call-back for a named sender).
  await db.schema
    .createTable('opinion_verdicts')
    .addColumn('opinion_id', 'text', (c) => c.primaryKey().references('opinions.id'))
    .addColumn('solved', 'text', (c) => c.notNull())
    .addColumn('satisfied', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // receipt | callback
    .addColumn('backing', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opinion_verdicts').execute();
  await db.schema.alterTable('rectifications').dropColumn('verdict_kinds').execute();
  await db.schema.alterTable('rectification_plans').dropColumn('reopen_min').execute();
  await db.schema.alterTable('rectification_plans').dropColumn('open_burst_per_hour').execute();
  await db.schema.alterTable('rectification_plans').dropColumn('verdict_kinds').execute();
  await db.deleteFrom('org_counts').where('metric', 'like', 'rect.verdicts.%').execute();
  await db.updateTable('verdicts').set({ solved: sql`case solved when 'solved' then 'fixed' when 'unsolved' then 'not_fixed' else 'partly' end` }).execute();
  await db.updateTable('verdicts').set({ backing: 'browser' }).where('backing', '=', 'open').execute();
  await db.schema.alterTable('verdicts').dropColumn('opinion_id').execute();
  await db.schema.alterTable('verdicts').dropColumn('satisfied').execute();
  await db.schema.alterTable('verdicts').renameColumn('backing', 'channel').execute();
  await db.schema.alterTable('verdicts').renameColumn('solved', 'value').execute();
}
