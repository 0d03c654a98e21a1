import { rectificationStatuses, type CampaignProgress } from '@massline/shared';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { rectificationPolicy } from './policy.js';
import { isItemOverdue } from './presenters.js';

/**
 * Completion at a glance, rolled up item → org → campaign like Decidim's accountability results:
 * an org's progress is the weighted mean of its subtree's items (Σ weight × percent / Σ weight),
 * read from the counters kept as items change; only "overdue", which moves with the calendar, is
 * counted from the items (through their (status, deadline) index).
 */
export async function campaignProgress(db: Db, actor: Actor, orgId: string | undefined, today: string): Promise<CampaignProgress> {
  if (!rectificationPolicy.canSomewhere(actor, 'rect.read')) throw new HttpError('forbidden');
  const scope = rectificationPolicy.scope(actor, 'rect.read');
  const orgs = db.selectFrom('orgs').select(['id', 'name', 'path']);
  const org = orgId
    ? await orgs.where('id', '=', orgId).executeTakeFirst()
    : scope === null
      ? await orgs.where('parent_id', 'is', null).orderBy('sort_order').orderBy('path').executeTakeFirst()
      : await orgs.where('path', '=', scope[0]).executeTakeFirst();
  if (!org || !rectificationPolicy.can(actor, 'rect.read', atOrg(org.path))) throw new HttpError('not_found');

  const [children, counters, overdue, dragging] = await Promise.all([
    db.selectFrom('orgs').select(['id', 'name', 'path']).where('parent_id', '=', org.id).where('archived_at', 'is', null).orderBy('sort_order').orderBy('name').execute(),
    db.selectFrom('org_counts as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['o.path', 'c.metric', 'c.count'])
      .where(underAny(sql.ref('o.path'), [org.path])).where('c.metric', 'like', 'rect.%').execute(),
    db.selectFrom('rectifications as r').innerJoin('orgs as o', 'o.id', 'r.owner_org_id').select(['o.path', (eb) => eb.fn.countAll<number>().as('n')])
      .where('r.status', 'in', ['planned', 'in_progress']).where('r.deadline', '<', today).where(underAny(sql.ref('o.path'), [org.path])).groupBy('o.path').execute(),
    db.selectFrom('rectifications as r').innerJoin('orgs as o', 'o.id', 'r.owner_org_id').select(['r.id', 'r.title', 'o.name as owner_org_name', 'r.deadline', 'r.progress', 'r.status'])
      .where('r.status', 'in', ['planned', 'in_progress']).where(underAny(sql.ref('o.path'), [org.path]))
      .orderBy(sql`case when r.deadline < ${today} then 0 else 1 end`).orderBy('r.progress').orderBy('r.deadline').limit(5).execute(),
  ]);
  const units = [org, ...children];
  return {
    orgs: units.map((u) => {
      const within = counters.filter((c) => c.path.startsWith(u.path));
      const sum = (metric: string) => within.filter((c) => c.metric === metric).reduce((n, c) => n + Number(c.count), 0);
      const weight = sum('rect.weight');
      const fixed = sum('rect.verdicts.fixed');
      const partly = sum('rect.verdicts.partly');
      const notFixed = sum('rect.verdicts.not_fixed');
      const verdicts = fixed + partly + notFixed;
      return {
        orgId: u.id,
        orgName: u.name,
        items: sum('rect.items'),
        progress: weight ? Math.round((sum('rect.progress') / weight) * 10) / 10 : null,
        byStatus: Object.fromEntries(rectificationStatuses.map((s) => [s, sum(`rect.status.${s}`)])),
        overdue: overdue.filter((r) => r.path.startsWith(u.path)).reduce((n, r) => n + Number(r.n), 0),
        verdicts: { fixed, partly, notFixed, satisfaction: verdicts ? Math.round((fixed / verdicts) * 1000) / 10 : null },
      };
    }),
    dragging: dragging.map((d) => ({ id: d.id, title: d.title, ownerOrgName: d.owner_org_name, deadline: d.deadline, progress: Number(d.progress), overdue: isItemOverdue(d, today) })),
  };
}
