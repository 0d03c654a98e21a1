import type { CellDetail, Task } from '@massline/shared';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../../database.js';
import { likePrefix } from '../../../kernel/db.js';
import { HttpError } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { studyHoursByOrg } from '../../study/index.js';
import { campaignsPolicy, canReadCampaign } from '../policy.js';
import { applies, cellOf, gatherFacts, loadTasks, type BoardOrg, type CampaignRef } from './board.js';
import { tasksPolicy } from './policy.js';

export async function campaignRef(db: Db, actor: Actor, id: string): Promise<CampaignRef> {
  const c = await db.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['c.id', 'c.org_id', 'o.path', 'c.start_day', 'c.end_day']).where('c.id', '=', id).executeTakeFirst();
  if (!c || !canReadCampaign(actor, c.path)) throw new HttpError('not_found');
  return { id: c.id, orgId: c.org_id, orgPath: c.path, startDay: c.start_day, endDay: c.end_day };
}

/** Where the caller sees rows: their staff grants' subtrees (everything for an admin). */
export const rowScope = (actor: Actor): string[] | null => campaignsPolicy.scope(actor, 'campaign.read');

/** The board's orgs: the scope org (in the campaign's tree) and all below it, not archived, that the caller sees. */
export async function boardOrgs(db: Db, actor: Actor, c: CampaignRef, orgId: string | undefined): Promise<{ scope: BoardOrg; orgs: BoardOrg[] }> {
  const scope = await db.selectFrom('orgs').select(['id', 'name', 'kind', 'path']).where('id', '=', orgId ?? c.orgId).executeTakeFirst();
  if (!scope || !scope.path.startsWith(c.orgPath)) throw new HttpError('not_found');
  const rows = await db.selectFrom('orgs').select(['id', 'name', 'kind', 'path'])
    .where(sql<SqlBool>`path like ${likePrefix(scope.path)} escape '\\'`).where('archived_at', 'is', null)
    .orderBy('path').limit(5000).execute();
  const seen = rowScope(actor);
  const orgs = seen === null ? rows : rows.filter((o) => seen.some((p) => o.path.startsWith(p)));
  // Depth-first by name, as the tree reads: a parent, then its children by name.
  const byParentPath = new Map<string, BoardOrg[]>();
  for (const o of orgs) {
    const parent = o.path.slice(0, o.path.slice(0, -1).lastIndexOf('/') + 1);
    byParentPath.set(parent, [...(byParentPath.get(parent) ?? []), o]);
  }
  const collator = new Intl.Collator('zh-CN');
  const ordered: BoardOrg[] = [];
  const walk = (list: BoardOrg[]) => {
    for (const o of [...list].sort((a, b) => collator.compare(a.name, b.name))) {
      ordered.push(o);
      walk(byParentPath.get(o.path) ?? []);
    }
  };
  const inSet = new Set(orgs.map((o) => o.path));
  walk(orgs.filter((o) => !inSet.has(o.path.slice(0, o.path.slice(0, -1).lastIndexOf('/') + 1))));
  return { scope, orgs: ordered };
}

/** An org of the campaign's tree in the caller's rows, or not found. */
async function cellOrg(db: Db, actor: Actor, c: CampaignRef, orgId: string) {
  const org = await db.selectFrom('orgs').select(['id', 'name', 'kind', 'path']).where('id', '=', orgId).executeTakeFirst();
  const seen = rowScope(actor);
  if (!org || !org.path.startsWith(c.orgPath) || (seen !== null && !seen.some((p) => org.path.startsWith(p)))) throw new HttpError('not_found');
  return org;
}

/** The file given with an org's evidence, for whoever sees the cell. */
export async function evidenceFile(db: Db, actor: Actor, c: CampaignRef, taskId: string, orgId: string): Promise<{ name: string; mime: string; data: Buffer; thumb: Buffer | null }> {
  const org = await cellOrg(db, actor, c, orgId);
  const f = await db.selectFrom('task_evidence as e').innerJoin('campaign_tasks as t', 't.id', 'e.task_id')
    .select(['e.file_name', 'e.file_mime', 'e.file_data', 'e.file_thumb']).where('t.campaign_id', '=', c.id).where('e.task_id', '=', taskId).where('e.org_id', '=', org.id).executeTakeFirst();
  if (!f?.file_name || !f.file_mime || !f.file_data) throw new HttpError('not_found');
  return { name: f.file_name, mime: f.file_mime, data: Buffer.from(f.file_data), thumb: f.file_thumb ? Buffer.from(f.file_thumb) : null };
}

/** The records behind one cell: what was counted, for the office to check or chase. */
export async function cellDetail(db: Db, actor: Actor, c: CampaignRef, taskId: string, orgId: string, today: string): Promise<CellDetail> {
  const tasks = await loadTasks(db, c.id);
  const task = tasks.find((t) => t.id === taskId);
  if (!task) throw new HttpError('not_found');
  const org = await cellOrg(db, actor, c, orgId);
  const facts = await gatherFacts(db, c, [org], [task]);
  const cell = applies(task, org) ? cellOf(task, org, facts, today) : null;
  const detail: CellDetail = {
    task, orgId: org.id, orgName: org.name, cell: cell ?? { status: 'not_started', value: null, target: null },
    meetings: [], forms: [], study: null, materials: [], plan: null, rules: [], evidence: null, abilities: [],
  };
  const r = task.rule;
  if (r.kind === 'meeting') {
    const rows = await db.selectFrom('meetings').select(['id', 'kind', 'title', 'day', 'held']).where('campaign_id', '=', c.id).where('org_id', '=', org.id)
      .where('kind', 'in', r.meetingKinds).orderBy('day').limit(200).execute();
    detail.meetings = rows.map((m) => ({ id: m.id, kind: m.kind, title: m.title, day: m.day, held: Boolean(Number(m.held)) }));
  } else if (r.kind === 'study_hours') {
    const s = (await studyHoursByOrg(db, c.id, [org.id])).get(org.id) ?? { members: 0, totalMinutes: 0 };
    detail.study = { members: s.members, totalHours: Math.round((s.totalMinutes / 60) * 10) / 10, averageHours: s.members ? Math.round((s.totalMinutes / s.members / 60) * 10) / 10 : 0 };
    const rows = await db.selectFrom('meetings').select(['id', 'kind', 'title', 'day', 'held']).where('campaign_id', '=', c.id).where('org_id', '=', org.id).where('kind', '=', 'study').orderBy('day').limit(200).execute();
    detail.meetings = rows.map((m) => ({ id: m.id, kind: m.kind, title: m.title, day: m.day, held: Boolean(Number(m.held)) }));
  } else if (r.kind === 'form') {
    const rows = await db.selectFrom('responses as re').innerJoin('forms as f', 'f.id', 're.form_id').innerJoin('orgs as o', 'o.id', 're.org_id')
      .select(['f.id', 'f.title', 'f.kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where(r.formId ? sql<SqlBool>`f.id = ${r.formId}` : sql<SqlBool>`f.kind = ${r.formKind ?? ''}`)
      .where('re.day', '>=', c.startDay).where('re.day', '<=', c.endDay).where(sql<SqlBool>`o.path like ${likePrefix(org.path)} escape '\\'`)
      .groupBy(['f.id', 'f.title', 'f.kind']).execute();
    detail.forms = rows.map((f) => ({ id: f.id, title: f.title, kind: f.kind, responses: Number(f.n) }));
  } else if (r.kind === 'materials') {
    const rows = await db.selectFrom('grants as g').innerJoin('people as p', 'p.id', 'g.person_id')
      .leftJoin('materials as m', (j) => j.onRef('m.person_id', '=', 'g.person_id').on('m.campaign_id', '=', c.id))
      .select(['p.id', 'p.name', 'm.status']).distinct().where('g.org_id', '=', org.id).where('g.role', 'in', ['cadre', 'secretary']).orderBy('p.name').execute();
    detail.materials = rows.map((m) => ({ personId: m.id, name: m.name, status: m.status }));
  } else if (r.kind === 'rectification_plan') {
    const p = facts.plans.get(org.id);
    detail.plan = p ? { status: p.status, published: p.published } : null;
  } else if (r.kind === 'rules') {
    const rows = await db.selectFrom('regulations').select(['id', 'title', 'effective_day']).where('org_id', '=', org.id)
      .where('effective_day', '>=', c.startDay).where('effective_day', '<=', c.endDay).orderBy('effective_day').execute();
    detail.rules = rows.map((x) => ({ id: x.id, title: x.title, effectiveDay: x.effective_day }));
  } else {
    const e = await db.selectFrom('task_evidence')
      .select(['note', 'status', 'review_comment', 'submitted_at', 'file_name', 'file_mime', sql<number>`length(file_data)`.as('file_size')])
      .where('task_id', '=', task.id).where('org_id', '=', org.id).executeTakeFirst();
    detail.evidence = e ? {
      note: e.note, status: e.status as 'submitted', reviewComment: e.review_comment, submittedAt: e.submitted_at,
      file: e.file_name && e.file_mime ? { name: e.file_name, mime: e.file_mime, size: Number(e.file_size) } : null,
    } : null;
    if (tasksPolicy.can(actor, 'task.evidence', atOrg(org.path)) && e?.status !== 'confirmed') detail.abilities.push('submit');
    if (campaignsPolicy.can(actor, 'campaign.manage', atOrg(c.orgPath)) && e?.status === 'submitted') detail.abilities.push('review');
  }
  return detail;
}

export async function listTasks(db: Db, actor: Actor, c: CampaignRef): Promise<{ items: Task[]; abilities: 'manage'[] }> {
  return { items: await loadTasks(db, c.id), abilities: campaignsPolicy.can(actor, 'campaign.manage', atOrg(c.orgPath)) ? ['manage'] : [] };
}
