import { sql } from 'kysely';
import { underAny } from '../../kernel/db.js';
import type { Db } from '../../database.js';

/**
 * Per org — the chosen org itself and each unit directly below it, each with its whole subtree —
 * from the counters kept as data arrives; only "overdue", which moves with the calendar, is counted
 * from the opinions (through their (status, due_day) index).
 */
export async function opinionCounts(db: Db, org: { id: string; name: string; path: string }, today: string) {
  const children = await db.selectFrom('orgs').select(['id', 'name', 'path']).where('parent_id', '=', org.id).where('archived_at', 'is', null).orderBy('sort_order').orderBy('name').execute();
  const units = [org, ...children];
  const counters = await db
    .selectFrom('org_counts as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['o.path', 'c.metric', 'c.count'])
    .where(underAny(sql.ref('o.path'), [org.path]))
    .execute();
  const overdue = await db
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .select(['o.path', (eb) => eb.fn.countAll<number>().as('n')])
    .where('op.status', 'in', ['received', 'assigned'])
    .where('op.due_day', '<', today)
    .where(underAny(sql.ref('o.path'), [org.path]))
    .groupBy('o.path')
    .execute();
  return units.map((u) => {
    // The org's own line counts its whole subtree; a child's, the child's subtree.
    const within = (path: string) => path.startsWith(u.path);
    const sum = (metric: string) => counters.filter((c) => within(c.path) && c.metric === metric).reduce((n, c) => n + Number(c.count), 0);
    const prefixed = (prefix: string) => {
      const out: Record<string, number> = {};
      for (const c of counters) if (within(c.path) && c.metric.startsWith(prefix)) out[c.metric.slice(prefix.length)] = (out[c.metric.slice(prefix.length)] ?? 0) + Number(c.count);
      return out;
    };
    return {
      orgId: u.id,
      orgName: u.name,
      received: sum('opinions'),
      answered: sum('opinions.answered'),
      overdue: overdue.filter((r) => within(r.path)).reduce((n, r) => n + Number(r.n), 0),
      problems: sum('opinions.problem'),
      byChannel: prefixed('opinions.channel.'),
      byCategory: prefixed('opinions.category.'),
    };
  });
}
