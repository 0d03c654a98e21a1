import { TaskRule, type Board, type BoardCell, type BoardRow, type CellStatus, type Task } from '@massline/shared';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../../database.js';
import { likePrefix } from '../../../kernel/db.js';
import { studyHoursByOrg } from '../../study/index.js';

export interface CampaignRef { id: string; orgId: string; orgPath: string; startDay: string; endDay: string }
export interface BoardOrg { id: string; name: string; kind: string; path: string }

/** The campaign's tasks in order, with their phase. */
export async function loadTasks(db: Db, campaignId: string): Promise<Task[]> {
  const rows = await db
    .selectFrom('campaign_tasks as t')
    .innerJoin('campaign_phases as p', 'p.id', 't.phase_id')
    .select(['t.id', 't.phase_id', 'p.title as phase_title', 'p.seq as phase_seq', 't.seq', 't.title', 't.rule', 't.org_kinds', 't.due_day'])
    .where('t.campaign_id', '=', campaignId)
    .orderBy('p.seq').orderBy('t.seq').orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, phaseId: r.phase_id, phaseTitle: r.phase_title, seq: Number(r.seq), title: r.title, rule: TaskRule.parse(JSON.parse(r.rule)),
    orgKinds: r.org_kinds ? (JSON.parse(r.org_kinds) as Task['orgKinds']) : null, dueDay: r.due_day,
  }));
}

export const applies = (task: Task, org: BoardOrg) => task.orgKinds === null || (task.orgKinds as string[]).includes(org.kind);

/** What the data says, for every org and task at once: a handful of grouped reads, no query per org. */
export interface Facts {
  /** org → kind → [held, planned] */
  meetings: Map<string, Map<string, [number, number]>>;
  study: Map<string, { members: number; totalMinutes: number }>;
  /** task id → org → best responses to one matching form from the org's subtree */
  forms: Map<string, Map<string, number>>;
  /** org → [approved, cadres, started] */
  materials: Map<string, [number, number, number]>;
  plans: Map<string, { status: string; published: boolean }>;
  rules: Map<string, number>;
  /** task id → org → status */
  evidence: Map<string, Map<string, string>>;
}

export async function gatherFacts(db: Db, c: CampaignRef, orgs: BoardOrg[], tasks: Task[]): Promise<Facts> {
  const ids = orgs.map((o) => o.id);
  const kinds = new Set(tasks.map((t) => t.rule.kind));
  const facts: Facts = { meetings: new Map(), study: new Map(), forms: new Map(), materials: new Map(), plans: new Map(), rules: new Map(), evidence: new Map() };
  if (ids.length === 0 || tasks.length === 0) return facts;
  const jobs: Promise<void>[] = [];
  if (kinds.has('meeting')) {
    jobs.push(db.selectFrom('meetings').select(['org_id', 'kind', 'held', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', c.id).where('org_id', 'in', ids).groupBy(['org_id', 'kind', 'held']).execute().then((rows) => {
        for (const r of rows) {
          const byKind = facts.meetings.get(r.org_id) ?? new Map<string, [number, number]>();
          const pair = byKind.get(r.kind) ?? [0, 0];
          pair[Number(r.held) ? 0 : 1] += Number(r.n);
          byKind.set(r.kind, pair);
          facts.meetings.set(r.org_id, byKind);
        }
      }));
  }
  if (kinds.has('study_hours')) jobs.push(studyHoursByOrg(db, c.id, ids).then((m) => void (facts.study = m)));
  const formTasks = tasks.filter((t) => t.rule.kind === 'form');
  if (formTasks.length) jobs.push(formFacts(db, c, orgs, formTasks).then((m) => void (facts.forms = m)));
  if (kinds.has('materials')) {
    jobs.push(db.selectFrom('grants as g')
      .leftJoin('materials as m', (j) => j.onRef('m.person_id', '=', 'g.person_id').on('m.campaign_id', '=', c.id))
      .select(['g.org_id', 'g.person_id', 'm.status']).distinct()
      .where('g.org_id', 'in', ids).where('g.role', 'in', ['cadre', 'secretary']).execute().then((rows) => {
        const seen = new Set<string>();
        for (const r of rows) {
          if (!r.org_id || seen.has(`${r.org_id}:${r.person_id}`)) continue;
          seen.add(`${r.org_id}:${r.person_id}`);
          const t = facts.materials.get(r.org_id) ?? [0, 0, 0];
          t[1] += 1;
          if (r.status === 'approved') t[0] += 1;
          if (r.status) t[2] += 1;
          facts.materials.set(r.org_id, t);
        }
      }));
  }
  if (kinds.has('rectification_plan')) {
    jobs.push(db.selectFrom('rectification_plans').select(['org_id', 'status', 'published']).where('org_id', 'in', ids).execute().then((rows) => {
      for (const r of rows) facts.plans.set(r.org_id, { status: r.status, published: Boolean(Number(r.published)) });
    }));
  }
  if (kinds.has('rules')) {
    jobs.push(db.selectFrom('regulations').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')]).where('org_id', 'in', ids)
      .where('effective_day', '>=', c.startDay).where('effective_day', '<=', c.endDay).groupBy('org_id').execute().then((rows) => {
        for (const r of rows) facts.rules.set(r.org_id, Number(r.n));
      }));
  }
  const evidenceTasks = tasks.filter((t) => t.rule.kind === 'evidence').map((t) => t.id);
  if (evidenceTasks.length) {
    jobs.push(db.selectFrom('task_evidence').select(['task_id', 'org_id', 'status']).where('task_id', 'in', evidenceTasks).execute().then((rows) => {
      for (const r of rows) {
        const m = facts.evidence.get(r.task_id) ?? new Map<string, string>();
        m.set(r.org_id, r.status);
        facts.evidence.set(r.task_id, m);
      }
    }));
  }
  await Promise.all(jobs);
  return facts;
}

/**
 * Responses to the forms a task names (one form, or forms of a kind), counted by the org they
 * came from and rolled up to every board org above it: one grouped read over the campaign's dates.
 */
async function formFacts(db: Db, c: CampaignRef, orgs: BoardOrg[], tasks: Task[]): Promise<Map<string, Map<string, number>>> {
  const formIds = new Set<string>();
  const formKinds = new Set<string>();
  for (const t of tasks) if (t.rule.kind === 'form') (t.rule.formId ? formIds.add(t.rule.formId) : t.rule.formKind && formKinds.add(t.rule.formKind));
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('forms as f', 'f.id', 'r.form_id')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select(['f.id as form_id', 'f.kind', 'o.path', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.or([
      ...(formIds.size ? [eb('f.id', 'in', [...formIds])] : []),
      ...(formKinds.size ? [eb('f.kind', 'in', [...formKinds])] : []),
    ]))
    .where('r.day', '>=', c.startDay).where('r.day', '<=', c.endDay)
    .where(sql<SqlBool>`o.path like ${likePrefix(c.orgPath)} escape '\\'`)
    .groupBy(['f.id', 'f.kind', 'o.path'])
    .execute();
  const out = new Map<string, Map<string, number>>();
  for (const t of tasks) {
    if (t.rule.kind !== 'form') continue;
    const rule = t.rule;
    const perOrg = new Map<string, number>();
    for (const org of orgs) {
      const byForm = new Map<string, number>();
      for (const r of rows) {
        if (!r.path.startsWith(org.path)) continue;
        if (rule.formId ? r.form_id !== rule.formId : r.kind !== rule.formKind) continue;
        byForm.set(r.form_id, (byForm.get(r.form_id) ?? 0) + Number(r.n));
      }
      perOrg.set(org.id, Math.max(0, ...byForm.values()));
    }
    out.set(t.id, perOrg);
  }
  return out;
}

/** One org's cell on one task; null when the task does not apply (nobody to write a material). */
export function cellOf(task: Task, org: BoardOrg, f: Facts, today: string): BoardCell | null {
  const r = task.rule;
  let value = 0;
  let target = 1;
  let started = false;
  switch (r.kind) {
    case 'meeting': {
      const byKind = f.meetings.get(org.id);
      for (const k of r.meetingKinds) {
        value += byKind?.get(k)?.[0] ?? 0;
        started ||= (byKind?.get(k)?.[1] ?? 0) > 0;
      }
      target = r.minCount;
      break;
    }
    case 'study_hours': {
      const s = f.study.get(org.id);
      value = s && s.members > 0 ? Math.round((s.totalMinutes / s.members / 60) * 10) / 10 : 0;
      target = r.minHours;
      break;
    }
    case 'form':
      value = f.forms.get(task.id)?.get(org.id) ?? 0;
      target = r.minResponses;
      break;
    case 'materials': {
      const [approved, cadres, begun] = f.materials.get(org.id) ?? [0, 0, 0];
      if (cadres === 0) return null;
      value = approved;
      target = cadres;
      started = begun > 0;
      break;
    }
    case 'rectification_plan': {
      const plan = f.plans.get(org.id);
      value = plan?.status === 'approved' && plan.published ? 1 : 0;
      started = Boolean(plan && plan.status !== 'draft');
      break;
    }
    case 'rules':
      value = f.rules.get(org.id) ?? 0;
      target = r.minCount;
      break;
    case 'evidence': {
      const status = f.evidence.get(task.id)?.get(org.id);
      value = status === 'confirmed' ? 1 : 0;
      started = status === 'submitted' || status === 'rejected';
      break;
    }
  }
  const status: CellStatus = value >= target ? 'done' : today > task.dueDay ? 'overdue' : value > 0 || started ? 'in_progress' : 'not_started';
  return { status, value, target };
}

/** The board: one row per org of the scope (depth-first, as the tree reads), one cell per task that applies. */
export async function computeBoard(db: Db, c: CampaignRef, scope: BoardOrg, orgs: BoardOrg[], today: string): Promise<Board> {
  const tasks = await loadTasks(db, c.id);
  const facts = await gatherFacts(db, c, orgs, tasks);
  const phases = new Map<string, { id: string; title: string; done: number; applicable: number }>();
  for (const t of tasks) if (!phases.has(t.phaseId)) phases.set(t.phaseId, { id: t.phaseId, title: t.phaseTitle, done: 0, applicable: 0 });
  const depth0 = scope.path.split('/').length;
  const rows: BoardRow[] = orgs.map((org) => {
    const cells: BoardRow['cells'] = [];
    let done = 0;
    let applicable = 0;
    for (const t of tasks) {
      const cell = applies(t, org) ? cellOf(t, org, facts, today) : null;
      cells.push(cell);
      if (!cell) continue;
      applicable += 1;
      const phase = phases.get(t.phaseId)!;
      phase.applicable += 1;
      if (cell.status === 'done') {
        done += 1;
        phase.done += 1;
      }
    }
    return { orgId: org.id, orgName: org.name, orgKind: org.kind, depth: org.path.split('/').length - depth0, cells, done, applicable };
  });
  return { campaignId: c.id, orgId: scope.id, today, tasks, rows, phases: [...phases.values()] };
}
