import { sql, type Transaction } from 'kysely';

/**
 * Add `delta` to counters of an org (opinions by channel, problems by status, …) in the writing
 * transaction: one upsert, so the counts are right the moment the data is.
 */
export async function bumpOrgCounts(trx: Transaction<any>, orgId: string, metrics: string[], delta = 1): Promise<void> {
  if (metrics.length === 0 || delta === 0) return;
  await trx
    .insertInto('org_counts')
    .values([...new Set(metrics)].sort().map((metric) => ({ org_id: orgId, metric, count: delta })))
    .onConflict((oc) => oc.columns(['org_id', 'metric']).doUpdateSet({ count: sql`org_counts.count + ${delta}` }))
    .execute();
}
