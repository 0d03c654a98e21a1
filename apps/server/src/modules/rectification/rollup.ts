import { emptyTally, rectificationStatuses, satisfactionRate, satisfiedValues, solvedRate, solvedValues, type CampaignProgress, type VerdictTally } from '@massline/shared';
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
 * counted from the items (through their (status, deadline, org) index).
 */
export async function progressOrg(db: Db, actor: Actor, orgId: string | undefined) {
  if (!rectificationPolicy.canSomewhere(actor, 'rect.read')) throw new HttpError('forbidden');
  const scope = rectificationPolicy.scope(actor, 'rect.read');
  const orgs = db.selectFrom('orgs').select(['id', 'name', 'path']);
  const org = orgId
    ? await orgs.where('id', '=', orgId).executeTakeFirst()
    : scope === null
      ? await orgs.where('parent_id', 'is', null).orderBy('sort_order').orderBy('path').executeTakeFirst()
      : await orgs.where('path', '=', scope[0]).executeTakeFirst();
  if (!org || !rectificationPolicy.can(actor, 'rect.read', atOrg(org.path))) throw new HttpError('not_found');
  return org;
}

/** The roll-up of an org the reader may see (see progressOrg); the same for every such reader. */
export async function campaignProgress(db: Db, org: { id: string; name: string; path: string }, today: string): Promise<CampaignProgress> {
  // The subtree's orgs once (ids and paths), then only indexed lookups: the counters by
  // (org, metric), the overdue by (status, deadline, org), the worst items by (status, deadline).
  const subtree = await db.selectFrom('orgs').select(['id', 'name', 'path', 'parent_id', 'sort_order', 'archived_at']).where(underAny(sql.ref('path'), [org.path])).execute();
  const ids = subtree.map((o) => o.id);
  const pathOf = new Map(subtree.map((o) => [o.id, o.path]));
  const children = subtree.filter((o) => o.parent_id === org.id && !o.archived_at).sort((a, b) => a.sort_order - b.sort_order || byName.compare(a.name, b.name));
  const metrics = ['rect.items', 'rect.weight', 'rect.progress', ...rectificationStatuses.map((s) => `rect.status.${s}`), ...[...solvedValues, ...satisfiedValues, 'total'].map((v) => `rect.verdicts.${v}`)];
  const open = ['planned', 'in_progress'];
  const [counters, overdue, dragging] = await Promise.all([
    inChunks(ids, (chunk) => db.selectFrom('org_counts').select(['org_id', 'metric', 'count']).where('org_id', 'in', chunk).where('metric', 'in', metrics).execute()),
    db.selectFrom('rectifications').select(['owner_org_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', 'in', open).where('deadline', '<', today).groupBy('owner_org_id').execute(),
    worstItems(db, org.path, today),
  ]);
  // Each org's numbers go to the unit it sits under: the org itself (the whole) and one child.
  const units = [org, ...children];
  const childIds = new Set(children.map((c) => c.id));
  // The org itself, and the child whose id follows the org's path in this one (paths are /id/id/…/).
  const unitsOf = (path: string | undefined): { id: string }[] => {
    if (!path) return [];
    const child = path.slice(org.path.length).split('/', 1)[0];
    return childIds.has(child) ? [org, { id: child }] : [org];
  };
  const sums = new Map<string, Map<string, number>>(units.map((u) => [u.id, new Map()]));
  for (const c of counters) {
    for (const u of unitsOf(pathOf.get(c.org_id))) sums.get(u.id)!.set(c.metric, (sums.get(u.id)!.get(c.metric) ?? 0) + Number(c.count));
  }
  const late = new Map<string, number>();
  for (const r of overdue) for (const u of unitsOf(pathOf.get(r.owner_org_id))) late.set(u.id, (late.get(u.id) ?? 0) + Number(r.n));
  return {
    orgs: units.map((u) => {
      const m = sums.get(u.id)!;
      const sum = (metric: string) => m.get(metric) ?? 0;
      const weight = sum('rect.weight');
      const tally = emptyTally();
      for (const k of Object.keys(tally) as (keyof VerdictTally)[]) tally[k] = sum(`rect.verdicts.${k}`);
      return {
        orgId: u.id,
        orgName: u.name,
        items: sum('rect.items'),
        progress: weight ? Math.round((sum('rect.progress') / weight) * 10) / 10 : null,
        byStatus: Object.fromEntries(rectificationStatuses.map((s) => [s, sum(`rect.status.${s}`)])),
        overdue: late.get(u.id) ?? 0,
        verdicts: { ...tally, solvedRate: solvedRate(tally), satisfaction: satisfactionRate(tally) },
      };
    }),
    dragging: dragging.map((d) => ({ id: d.id, title: d.title, ownerOrgName: d.owner_org_name, deadline: d.deadline, progress: Number(d.progress), overdue: isItemOverdue(d, today) })),
  };
}

/** Up to 500 ids per query: under every driver's bound-parameter limit. */
async function inChunks<T>(ids: string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await run(ids.slice(i, i + 500))));
  return out;
}

/**
 * The items holding the subtree back: the most overdue first, then those due soonest. Each status
 * is walked in deadline order through the (status, deadline) index and stops after a few rows
 * of the subtree, so the cost does not grow with the number of items.
 */
async function worstItems(db: Db, path: string, today: string) {
  const pick = (status: string, overdue: boolean) =>
    db.selectFrom('rectifications as r').innerJoin('orgs as o', 'o.id', 'r.owner_org_id')
      .select(['r.id', 'r.title', 'o.name as owner_org_name', 'r.deadline', 'r.progress', 'r.status'])
      .where('r.status', '=', status).where('r.deadline', overdue ? '<' : '>=', today).where(underAny(sql.ref('o.path'), [path]))
      .orderBy('r.deadline').orderBy('r.id').limit(DRAGGING).execute();
  const byDeadline = (a: { deadline: string }, b: { deadline: string }) => a.deadline.localeCompare(b.deadline);
  const late = [...(await pick('planned', true)), ...(await pick('in_progress', true))].sort(byDeadline).slice(0, DRAGGING);
  if (late.length === DRAGGING) return late;
  const soon = [...(await pick('planned', false)), ...(await pick('in_progress', false))].sort(byDeadline);
  return [...late, ...soon].slice(0, DRAGGING);
}
const DRAGGING = 5;
// One collator for the process: String#localeCompare builds one per call, 40 µs each.
const byName = new Intl.Collator('zh-CN');
