import { sql, type Transaction } from 'kysely';

/**
 * Add `delta` to counters of an org (opinions by channel, problems by status, …) in the writing
 * transaction: one upsert, so the counts are right the moment the data is.
 */
/**
 * Add a batch's summed deltas (keyed by org and metric) in one upsert per 500 rows: the ballot
 * box's writers, since a counter row touched once per submission would carry its transaction id.
 */
export async function bumpOrgCountsBatch(trx: Transaction<any>, deltas: Map<string, { orgId: string; metric: string; count: number }>): Promise<void> {
  const rows = [...deltas.values()].sort((a, b) => (a.orgId + a.metric < b.orgId + b.metric ? -1 : 1)).map((d) => ({ org_id: d.orgId, metric: d.metric, count: d.count }));
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('org_counts').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['org_id', 'metric']).doUpdateSet({ count: sql`org_counts.count + excluded.count` })).execute();
  }
}

export async function bumpOrgCounts(trx: Transaction<any>, orgId: string, metrics: string[], delta = 1): Promise<void> {
  if (metrics.length === 0 || delta === 0) return;
  await trx
    .insertInto('org_counts')
    .values([...new Set(metrics)].sort().map((metric) => ({ org_id: orgId, metric, count: delta })))
    .onConflict((oc) => oc.columns(['org_id', 'metric']).doUpdateSet({ count: sql`org_counts.count + ${delta}` }))
    .execute();
}
