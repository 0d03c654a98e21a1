import { rectificationStatusLabels, type RectificationCreateBody, type RectificationStatus, type RectificationUpdateBody } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { HttpError, ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { phaseGate } from '../../campaigns/index.js';
import { canReadProblem, findOrgById, findProblem, isMemberUnder } from '../../problems/index.js';
import { moveItemCounters } from '../counters.js';
import { authorizeItem, canManage, rectificationPolicy } from '../policy.js';
import { findItem } from '../queries.js';
import { reopenPlanFor } from './plans.js';
import { appendTimeline, checkMilestones, progressOf, syncProblems, todayOf, type Trx } from './shared.js';

/** The owner org (where the caller manages items, not archived) and, if given, a person of its subtree. */
async function checkOwner(trx: Trx, actor: Actor, orgId: string, personId: string | null): Promise<Outcome<{ id: string; path: string; name: string }>> {
  const org = await findOrgById(trx, orgId);
  if (!org) return refuse('not_found');
  if (!rectificationPolicy.can(actor, 'rect.read', atOrg(org.path)) && !rectificationPolicy.can(actor, 'rect.manage', atOrg(org.path))) return refuse('not_found');
  rectificationPolicy.authorize(actor, 'rect.manage', atOrg(org.path));
  if (org.archived_at) return refuse('org_archived');
  if (personId !== null && !(await isMemberUnder(trx, personId, org.path))) return refuse('owner_person_not_member');
  return ok(org);
}

/** Create an item for one or more problems: planned, or done at once when fixed on the spot (立行立改). */
export function createRectification(deps: Deps, actor: Actor, input: RectificationCreateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const owner = await checkOwner(trx, actor, input.ownerOrgId, input.ownerPersonId);
    if (!owner.ok) return owner;
    // Items are made from the phase that opens rectification (查摆问题 onwards in the template).
    const gate = await phaseGate(trx, owner.value.path, todayOf(deps), 'rectification');
    if (!gate.ok) return gate;
    const problemIds = [...new Set(input.problemIds)];
    for (const id of problemIds) {
      const p = await findProblem(trx, id);
      if (!p || !canReadProblem(actor, p)) return refuse('rect_problem_invalid');
    }
    const today = todayOf(deps);
    const onTheSpot = input.onTheSpot !== undefined;
    const deadline = input.deadline ?? (onTheSpot ? today : undefined);
    if (!deadline) return refuse('rect_deadline_required');
    if (deadline < today) return refuse('rect_deadline_past');
    const milestones = onTheSpot ? [] : input.milestones;
    const checked = checkMilestones(milestones, deadline);
    if (!checked.ok) return checked;

    const id = newId();
    const now = deps.clock.now().toISOString();
    const status: RectificationStatus = onTheSpot ? 'done' : 'planned';
    const progress = onTheSpot ? 100 : 0;
    await trx.insertInto('rectifications').values({
      id, title: input.title, measures: input.measures, commitment: input.commitment, owner_org_id: owner.value.id, owner_person_id: input.ownerPersonId,
      deadline, status, on_the_spot: onTheSpot ? 1 : 0, progress, weight: input.weight, done_day: onTheSpot ? today : null, verified_day: null, verified_by: null,
      round: onTheSpot ? 1 : 0, published: 0, created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    await trx.insertInto('rectification_problems').values(problemIds.map((problem_id) => ({ rectification_id: id, problem_id }))).execute();
    if (milestones.length) {
      await trx.insertInto('rectification_milestones').values(milestones.map((m, i) => ({ id: newId(), rectification_id: id, seq: i + 1, title: m.title, due_day: m.dueDay, weight: m.weight, done_day: null }))).execute();
    }
    await appendTimeline(trx, deps, actor, id, { kind: 'created', body: input.measures, toStatus: onTheSpot ? null : 'planned', public: true });
    if (onTheSpot) await appendTimeline(trx, deps, actor, id, { kind: 'status', body: input.onTheSpot!.note, fromStatus: null, toStatus: 'done', public: true });
    await moveItemCounters(trx, null, { owner_org_id: owner.value.id, weight: input.weight, progress, status });
    await syncProblems(trx, deps, actor, problemIds, `制定整改事项“${input.title}”`);
    await reopenPlanFor(trx, deps, owner.value.id);
    await recordAudit(trx, deps, actor, {
      action: 'rectification.create', entityType: 'rectification', entityId: id, orgPath: owner.value.path,
      summary: `${onTheSpot ? '立行立改' : '制定整改事项'}“${input.title}”（${owner.value.name}，时限 ${deadline}）`,
    });
    return ok({ id });
  });
}

/** Change what an item says, who owns it, its deadline or milestones; recorded in its history. */
export function updateRectification(deps: Deps, actor: Actor, id: string, input: RectificationUpdateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const item = await findItem(trx, id);
    if (!item) return refuse('not_found');
    authorizeItem(actor, item, canManage);
    let ownerOrgId = item.owner_org_id;
    let ownerPath = item.owner_org_path;
    if (input.ownerOrgId !== undefined || input.ownerPersonId !== undefined) {
      const owner = await checkOwner(trx, actor, input.ownerOrgId ?? item.owner_org_id, input.ownerPersonId !== undefined ? input.ownerPersonId : item.owner_person_id);
      if (!owner.ok) return owner;
      ownerOrgId = owner.value.id;
      ownerPath = owner.value.path;
    }
    const today = todayOf(deps);
    const deadline = input.deadline ?? item.deadline;
    if (input.deadline !== undefined && input.deadline !== item.deadline && input.deadline < today) return refuse('rect_deadline_past');

    const current = await trx.selectFrom('rectification_milestones').selectAll().where('rectification_id', '=', id).orderBy('seq').execute();
    let milestones = current;
    if (input.milestones) {
      const checked = checkMilestones(input.milestones, deadline);
      if (!checked.ok) return checked;
      const keep = new Set(input.milestones.map((m) => m.id).filter(Boolean));
      if (current.some((m) => m.done_day && !keep.has(m.id))) return refuse('rect_milestone_done_removed');
      if (input.milestones.some((m) => m.id && !current.some((c) => c.id === m.id))) return refuse('rect_milestone_unknown');
      await trx.deleteFrom('rectification_milestones').where('rectification_id', '=', id).execute();
      milestones = input.milestones.map((m, i) => ({
        id: m.id ?? newId(), rectification_id: id, seq: i + 1, title: m.title, due_day: m.dueDay, weight: m.weight, done_day: current.find((c) => c.id === m.id)?.done_day ?? null,
      }));
      if (milestones.length) await trx.insertInto('rectification_milestones').values(milestones).execute();
    } else if (input.deadline !== undefined) {
      const late = current.find((m) => m.due_day > deadline);
      if (late) return refuse('rect_milestone_after_deadline', { title: late.title });
    }
    const weight = input.weight ?? Number(item.weight);
    const progress = progressOf(item.status, milestones, Number(item.round));
    await trx.updateTable('rectifications').set({
      title: input.title ?? item.title, measures: input.measures ?? item.measures, commitment: input.commitment ?? item.commitment,
      owner_org_id: ownerOrgId, owner_person_id: input.ownerPersonId !== undefined ? input.ownerPersonId : item.owner_person_id,
      deadline, weight, progress, updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    await moveItemCounters(trx, { ...item, weight: Number(item.weight), progress: Number(item.progress) }, { owner_org_id: ownerOrgId, weight, progress, status: item.status });
    const changed = Object.keys(input).filter((k) => input[k as keyof RectificationUpdateBody] !== undefined);
    const what = changed.map((k) => fieldLabels[k] ?? k).join('、');
    await appendTimeline(trx, deps, actor, id, { kind: 'edited', body: `修改了${what}${input.deadline && input.deadline !== item.deadline ? `（时限 ${item.deadline} → ${input.deadline}）` : ''}`, public: false });
    await recordAudit(trx, deps, actor, { action: 'rectification.update', entityType: 'rectification', entityId: id, orgPath: ownerPath, summary: `修改整改事项“${item.title}”：${what}` });
    return ok({ id });
  });
}

const fieldLabels: Record<string, string> = {
  title: '标题', measures: '整改措施', commitment: '公开承诺', ownerOrgId: '责任单位', ownerPersonId: '责任人', deadline: '完成时限', weight: '权重', milestones: '进度节点',
};

export const statusLabel = (s: string | null) => (s ? rectificationStatusLabels[s as RectificationStatus] ?? s : '');

/** An item the caller may read, or 404. */
export async function readableItem(deps: Deps, actor: Actor, id: string, canRead: (a: Actor, i: { owner_org_path: string; owner_person_id: string | null }) => boolean) {
  const item = await findItem(deps.db, id);
  if (!item || !canRead(actor, item)) throw new HttpError('not_found');
  return item;
}
