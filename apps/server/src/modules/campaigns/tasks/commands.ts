import type { TaskCreateBody, TaskRule, TaskUpdateBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { campaignsPolicy, canReadCampaign } from '../policy.js';
import { tasksPolicy } from './policy.js';

type Trx = Transaction<Database>;

async function managedCampaign(trx: Trx, actor: Actor, id: string) {
  const c = await trx.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['c.id', 'c.title', 'c.start_day', 'c.end_day', 'o.path']).where('c.id', '=', id).executeTakeFirst();
  if (!c || !canReadCampaign(actor, c.path)) return null;
  campaignsPolicy.authorize(actor, 'campaign.manage', atOrg(c.path));
  return c;
}

/** A rule names only what exists: the form it counts must be a form of the campaign's tree. */
async function checkRule(trx: Trx, rule: TaskRule, campaignOrgPath: string): Promise<Outcome<null>> {
  if (rule.kind !== 'form') return ok(null);
  if (!rule.formId && !rule.formKind) return refuse('task_form_unknown');
  if (rule.formId) {
    const form = await trx.selectFrom('forms as f').innerJoin('orgs as o', 'o.id', 'f.org_id').select('o.path').where('f.id', '=', rule.formId).executeTakeFirst();
    // A form of an org above the campaign's covers it too (a county survey answered in the township).
    if (!form || !(form.path.startsWith(campaignOrgPath) || campaignOrgPath.startsWith(form.path))) return refuse('task_form_unknown');
  }
  return ok(null);
}

async function checkPhase(trx: Trx, campaignId: string, phaseId: string): Promise<boolean> {
  return Boolean(await trx.selectFrom('campaign_phases').select('id').where('id', '=', phaseId).where('campaign_id', '=', campaignId).executeTakeFirst());
}

export function createTask(deps: Deps, actor: Actor, campaignId: string, input: TaskCreateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const c = await managedCampaign(trx, actor, campaignId);
    if (!c) return refuse('not_found');
    if (!(await checkPhase(trx, campaignId, input.phaseId))) return refuse('task_phase_unknown');
    const rule = await checkRule(trx, input.rule, c.path);
    if (!rule.ok) return rule;
    const last = await trx.selectFrom('campaign_tasks').select((eb) => eb.fn.max('seq').as('seq')).where('campaign_id', '=', campaignId).executeTakeFirst();
    const id = newId();
    await trx.insertInto('campaign_tasks').values({
      id, campaign_id: campaignId, phase_id: input.phaseId, seq: Number(last?.seq ?? 0) + 1, title: input.title, rule: JSON.stringify(input.rule),
      org_kinds: input.orgKinds ? JSON.stringify(input.orgKinds) : null, due_day: input.dueDay, created_at: deps.clock.now().toISOString(),
    }).execute();
    await recordAudit(trx, deps, actor, { action: 'task.create', entityType: 'campaign', entityId: campaignId, orgPath: c.path, summary: `为“${c.title}”增加规定动作“${input.title}”（${input.dueDay} 前）` });
    return ok({ id });
  });
}

export function updateTask(deps: Deps, actor: Actor, campaignId: string, taskId: string, input: TaskUpdateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const c = await managedCampaign(trx, actor, campaignId);
    if (!c) return refuse('not_found');
    const task = await trx.selectFrom('campaign_tasks').select(['id', 'title']).where('id', '=', taskId).where('campaign_id', '=', campaignId).executeTakeFirst();
    if (!task) return refuse('not_found');
    if (input.phaseId && !(await checkPhase(trx, campaignId, input.phaseId))) return refuse('task_phase_unknown');
    if (input.rule) {
      const rule = await checkRule(trx, input.rule, c.path);
      if (!rule.ok) return rule;
    }
    await trx.updateTable('campaign_tasks').set({
      ...(input.phaseId ? { phase_id: input.phaseId } : {}), ...(input.title ? { title: input.title } : {}), ...(input.rule ? { rule: JSON.stringify(input.rule) } : {}),
      ...(input.orgKinds !== undefined ? { org_kinds: input.orgKinds ? JSON.stringify(input.orgKinds) : null } : {}), ...(input.dueDay ? { due_day: input.dueDay } : {}),
    }).where('id', '=', taskId).execute();
    await recordAudit(trx, deps, actor, { action: 'task.update', entityType: 'campaign', entityId: campaignId, orgPath: c.path, summary: `修改规定动作“${input.title ?? task.title}”` });
    return ok({ id: taskId });
  });
}

export function deleteTask(deps: Deps, actor: Actor, campaignId: string, taskId: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const c = await managedCampaign(trx, actor, campaignId);
    if (!c) return refuse('not_found');
    const task = await trx.selectFrom('campaign_tasks').select(['id', 'title']).where('id', '=', taskId).where('campaign_id', '=', campaignId).executeTakeFirst();
    if (!task) return refuse('not_found');
    await trx.deleteFrom('task_evidence').where('task_id', '=', taskId).execute();
    await trx.deleteFrom('campaign_tasks').where('id', '=', taskId).execute();
    await recordAudit(trx, deps, actor, { action: 'task.delete', entityType: 'campaign', entityId: campaignId, orgPath: c.path, summary: `删除规定动作“${task.title}”` });
    return ok({ id: taskId });
  });
}

/**
 * The required tasks of the three-phase campaign as the source document lists them, due at the
 * end of their phase; added once (a campaign with tasks keeps its own).
 */
export function addTemplateTasks(deps: Deps, actor: Actor, campaignId: string): Promise<Outcome<{ added: number }>> {
  return inTransaction(deps.db, async (trx) => {
    const c = await managedCampaign(trx, actor, campaignId);
    if (!c) return refuse('not_found');
    if (await trx.selectFrom('campaign_tasks').select('id').where('campaign_id', '=', campaignId).executeTakeFirst()) return refuse('task_template_used');
    const phases = await trx.selectFrom('campaign_phases').select(['id', 'seq', 'end_day']).where('campaign_id', '=', campaignId).orderBy('seq').execute();
    const grassroots = ['village', 'community', 'agency', 'enterprise', 'school'] as const;
    const spec: [number, string, TaskRule, readonly string[] | null][] = [
      [0, '召开动员大会', { kind: 'meeting', meetingKinds: ['mobilisation'], minCount: 1 }, null],
      [0, '集中学习人均不少于 8 学时', { kind: 'study_hours', minHours: 8 }, null],
      [0, '召开征求意见座谈会不少于 2 次', { kind: 'meeting', meetingKinds: ['forum_individual', 'forum_group'], minCount: 2 }, grassroots],
      [0, '开展群众问卷调查（不少于 30 份）', { kind: 'form', formKind: 'resident_survey', minResponses: 30 }, grassroots],
      [0, '开展民主测评', { kind: 'form', formKind: 'evaluation', minResponses: 10 }, null],
      [1, '班子成员对照检查材料全部审核通过', { kind: 'materials' }, null],
      [1, '召开专题民主生活会或组织生活会', { kind: 'meeting', meetingKinds: ['democratic_life', 'org_life'], minCount: 1 }, null],
      [1, '开展专题讨论', { kind: 'meeting', meetingKinds: ['topic_discussion'], minCount: 1 }, null],
      [2, '整改清单审核通过并公示', { kind: 'rectification_plan' }, null],
      [2, '建立健全制度不少于 1 项', { kind: 'rules', minCount: 1 }, null],
      [2, '报送活动总结', { kind: 'evidence' }, null],
    ];
    const now = deps.clock.now().toISOString();
    const rows = spec.filter(([p]) => phases[p]).map(([p, title, rule, kinds], i) => ({
      id: newId(), campaign_id: campaignId, phase_id: phases[p].id, seq: i + 1, title, rule: JSON.stringify(rule), org_kinds: kinds ? JSON.stringify(kinds) : null,
      due_day: phases[p].end_day, created_at: now,
    }));
    if (rows.length) await trx.insertInto('campaign_tasks').values(rows).execute();
    await recordAudit(trx, deps, actor, { action: 'task.template', entityType: 'campaign', entityId: campaignId, orgPath: c.path, summary: `为“${c.title}”添加 ${rows.length} 项规定动作` });
    return ok({ added: rows.length });
  });
}

/** The task and org of an evidence cell, or null when the actor cannot see the campaign or the org is outside it. */
export async function evidenceTask(trx: Trx, actor: Actor, campaignId: string, taskId: string, orgId: string) {
  const row = await trx.selectFrom('campaign_tasks as t').innerJoin('campaigns as c', 'c.id', 't.campaign_id').innerJoin('orgs as co', 'co.id', 'c.org_id')
    .select(['t.id', 't.title', 't.rule', 't.org_kinds', 'co.path as campaign_path']).where('t.id', '=', taskId).where('t.campaign_id', '=', campaignId).executeTakeFirst();
  const org = await trx.selectFrom('orgs').select(['id', 'name', 'kind', 'path']).where('id', '=', orgId).executeTakeFirst();
  if (!row || !org || !canReadCampaign(actor, row.campaign_path) || !org.path.startsWith(row.campaign_path)) return null;
  return { task: row, org };
}

/** An org tells how it did a task no data can tell (e.g. 报送活动总结); the office then confirms. */
export function submitEvidence(deps: Deps, actor: Actor, campaignId: string, taskId: string, orgId: string, note: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const found = await evidenceTask(trx, actor, campaignId, taskId, orgId);
    if (!found) return refuse('not_found');
    tasksPolicy.authorize(actor, 'task.evidence', atOrg(found.org.path));
    if (JSON.parse(found.task.rule).kind !== 'evidence') return refuse('task_not_evidence');
    if (found.task.org_kinds && !(JSON.parse(found.task.org_kinds) as string[]).includes(found.org.kind)) return refuse('task_not_applicable', { org: found.org.name });
    const existing = await trx.selectFrom('task_evidence').select(['id', 'status']).where('task_id', '=', taskId).where('org_id', '=', orgId).executeTakeFirst();
    if (existing?.status === 'confirmed') return refuse('task_evidence_confirmed');
    const now = deps.clock.now().toISOString();
    const id = existing?.id ?? newId();
    if (existing) {
      await trx.updateTable('task_evidence').set({ note, status: 'submitted', review_comment: '', submitted_by: actor.accountId, submitted_at: now, reviewed_by: null, reviewed_at: null }).where('id', '=', id).execute();
    } else {
      await trx.insertInto('task_evidence').values({
        id, task_id: taskId, org_id: orgId, note, file_name: null, file_mime: null, file_data: null, status: 'submitted', review_comment: '',
        submitted_by: actor.accountId, submitted_at: now, reviewed_by: null, reviewed_at: null,
      }).execute();
    }
    await recordAudit(trx, deps, actor, { action: 'task.evidence', entityType: 'campaign', entityId: campaignId, orgPath: found.org.path, summary: `“${found.org.name}”报送“${found.task.title}”的完成情况` });
    return ok({ id });
  });
}

export function reviewEvidence(deps: Deps, actor: Actor, campaignId: string, taskId: string, orgId: string, decision: 'confirm' | 'reject', comment: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const found = await evidenceTask(trx, actor, campaignId, taskId, orgId);
    if (!found) return refuse('not_found');
    campaignsPolicy.authorize(actor, 'campaign.manage', atOrg(found.task.campaign_path));
    const existing = await trx.selectFrom('task_evidence').select(['id', 'status']).where('task_id', '=', taskId).where('org_id', '=', orgId).executeTakeFirst();
    if (!existing || existing.status !== 'submitted') return refuse('task_evidence_missing');
    await trx.updateTable('task_evidence').set({
      status: decision === 'confirm' ? 'confirmed' : 'rejected', review_comment: comment, reviewed_by: actor.accountId, reviewed_at: deps.clock.now().toISOString(),
    }).where('id', '=', existing.id).execute();
    await recordAudit(trx, deps, actor, { action: 'task.review', entityType: 'campaign', entityId: campaignId, orgPath: found.org.path, summary: `${decision === 'confirm' ? '确认' : '退回'}“${found.org.name}”报送的“${found.task.title}”` });
    return ok({ id: existing.id });
  });
}
