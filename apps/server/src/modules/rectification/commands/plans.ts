import { planStatusLabels, type Plan, type PlanStatus } from '@massline/shared';
import type { Deps, Db } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { HttpError, ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { rectificationPolicy } from '../policy.js';
import { itemRows } from '../queries.js';
import { presentItems } from '../read.js';
import type { Trx } from './shared.js';

/** The org, if the caller may read its list at all (else 404). */
async function orgFor(db: Db | Trx, actor: Actor, orgId: string) {
  const org = await db.selectFrom('orgs').select(['id', 'name', 'path', 'archived_at']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !rectificationPolicy.can(actor, 'rect.read', atOrg(org.path))) throw new HttpError('not_found');
  return org;
}

const planRow = (db: Db | Trx, orgId: string) => db.selectFrom('rectification_plans').selectAll().where('org_id', '=', orgId).executeTakeFirst();

/** An org's rectification list (整改清单): its own items (not those of the orgs below) and where it stands. */
export async function loadPlan(db: Db, actor: Actor, orgId: string, today: string): Promise<Plan> {
  const org = await orgFor(db, actor, orgId);
  const plan = await planRow(db, org.id);
  const rows = await itemRows(db).where('r.owner_org_id', '=', org.id).orderBy('r.deadline').orderBy('r.created_at').execute();
  const status = (plan?.status ?? 'draft') as PlanStatus;
  const abilities: Plan['abilities'] = [];
  if (rectificationPolicy.can(actor, 'plan.submit', atOrg(org.path)) && (status === 'draft' || status === 'returned')) abilities.push('submit');
  if (rectificationPolicy.can(actor, 'plan.decide', atOrg(org.path)) && status === 'submitted') abilities.push('decide');
  if (rectificationPolicy.can(actor, 'rect.publish', atOrg(org.path)) && status === 'approved') abilities.push('publish');
  return {
    orgId: org.id, orgName: org.name, status, comment: plan?.comment ?? null, submittedAt: plan?.submitted_at ?? null, decidedAt: plan?.decided_at ?? null,
    published: plan?.published === 1, publishedAt: plan?.published_at ?? null, items: await presentItems(db, rows, today), abilities,
  };
}

/** Write the plan's new state (the row is made on first use). */
export async function savePlan(trx: Trx, deps: Deps, orgId: string, set: Partial<{ status: PlanStatus; comment: string | null; submitted_at: string; decided_at: string; decided_by: string; published: number; published_at: string | null; verdict_kinds: string | null; reopen_min: number | null; open_burst_per_hour: number | null }>) {
  const now = deps.clock.now().toISOString();
  const existing = await planRow(trx, orgId);
  if (existing) await trx.updateTable('rectification_plans').set({ ...set, updated_at: now }).where('org_id', '=', orgId).execute();
  else await trx.insertInto('rectification_plans').values({ id: newId(), org_id: orgId, status: 'draft', comment: null, submitted_at: null, decided_at: null, decided_by: null, published: 0, published_at: null, verdict_kinds: null, reopen_min: null, open_burst_per_hour: null, updated_at: now, ...set }).execute();
}

const label = (s: string) => planStatusLabels[s as PlanStatus] ?? s;

/** The org's list goes to the office for review. */
export function submitPlan(deps: Deps, actor: Actor, orgId: string): Promise<Outcome<{ orgId: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await orgFor(trx, actor, orgId);
    rectificationPolicy.authorize(actor, 'plan.submit', atOrg(org.path));
    const status = (await planRow(trx, org.id))?.status ?? 'draft';
    if (status !== 'draft' && status !== 'returned') return refuse('plan_status', { status: label(status) });
    const items = await trx.selectFrom('rectifications').select('id').where('owner_org_id', '=', org.id).limit(1).execute();
    if (items.length === 0) return refuse('plan_empty');
    await savePlan(trx, deps, org.id, { status: 'submitted', submitted_at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps, actor, { action: 'plan.submit', entityType: 'rectification_plan', entityId: org.id, orgPath: org.path, summary: `报送“${org.name}”整改清单` });
    return ok({ orgId: org.id });
  });
}

/** The office approves the list or returns it with what to change. */
export function decidePlan(deps: Deps, actor: Actor, orgId: string, input: { decision: 'approve' | 'return'; comment?: string }): Promise<Outcome<{ orgId: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await orgFor(trx, actor, orgId);
    rectificationPolicy.authorize(actor, 'plan.decide', atOrg(org.path));
    const status = (await planRow(trx, org.id))?.status ?? 'draft';
    if (status !== 'submitted') return refuse('plan_status', { status: label(status) });
    if (input.decision === 'return' && !input.comment) return refuse('rect_reason_required');
    await savePlan(trx, deps, org.id, { status: input.decision === 'approve' ? 'approved' : 'returned', comment: input.comment ?? null, decided_at: deps.clock.now().toISOString(), decided_by: actor.accountId });
    await recordAudit(trx, deps, actor, {
      action: `plan.${input.decision}`, entityType: 'rectification_plan', entityId: org.id, orgPath: org.path,
      summary: `${input.decision === 'approve' ? '审核通过' : '退回'}“${org.name}”整改清单${input.comment ? `（${input.comment}）` : ''}`,
    });
    return ok({ orgId: org.id });
  });
}

/** Publish an approved list (公示): every item of it is then on the public side; withdrawing takes them back. */
export function publishPlan(deps: Deps, actor: Actor, orgId: string, published: boolean): Promise<Outcome<{ orgId: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await orgFor(trx, actor, orgId);
    rectificationPolicy.authorize(actor, 'rect.publish', atOrg(org.path));
    const status = (await planRow(trx, org.id))?.status ?? 'draft';
    if (published && status !== 'approved') return refuse('plan_status', { status: label(status) });
    const now = deps.clock.now().toISOString();
    await savePlan(trx, deps, org.id, { published: published ? 1 : 0, published_at: published ? now : null });
    await trx.updateTable('rectifications').set({ published: published ? 1 : 0, updated_at: now }).where('owner_org_id', '=', org.id).execute();
    await recordAudit(trx, deps, actor, { action: 'plan.publish', entityType: 'rectification_plan', entityId: org.id, orgPath: org.path, summary: `${published ? '公示' : '撤回公示'}“${org.name}”整改清单` });
    return ok({ orgId: org.id });
  });
}

/** A new item changes a list under review or approved: it goes back to draft, to be reviewed again. */
export async function reopenPlanFor(trx: Trx, deps: Deps, orgId: string): Promise<void> {
  const plan = await planRow(trx, orgId);
  if (plan && (plan.status === 'submitted' || plan.status === 'approved')) {
    await trx.updateTable('rectification_plans').set({ status: 'draft', comment: '清单有新增事项，需重新报审', updated_at: deps.clock.now().toISOString() }).where('org_id', '=', orgId).execute();
  }
}
