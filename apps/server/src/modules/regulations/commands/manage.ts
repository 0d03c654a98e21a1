import {
  regulationTypeLabels,
  type RegulationCreateBody, type RegulationLinkBody, type RegulationType, type RegulationUpdateBody,
} from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { canReadProblem } from '../../problems/index.js';
import { authorizeManage } from '../policy.js';
import { findOrgById, findRegulation, linkedIds, problemsByIds, searchText } from '../queries.js';

type Trx = Transaction<Database>;

const typeLabel = (t: string) => regulationTypeLabels[t as RegulationType] ?? t;

/** The org a rule is made at: known (404), managed by the caller (404/403), not archived (409). */
async function checkOrg(trx: Trx, actor: Actor, orgId: string): Promise<Outcome<{ id: string; path: string; name: string }>> {
  const org = await findOrgById(trx, orgId);
  if (!org) return refuse('not_found');
  authorizeManage(actor, org.path);
  if (org.archived_at) return refuse('org_archived');
  return ok({ id: org.id, path: org.path, name: org.name });
}

/**
 * Link problems to a rule: each one the caller may read (anything else is refused alike, so an
 * unknown id and one out of sight cannot be told apart), none twice.
 */
async function linkIn(trx: Trx, deps: Deps, actor: Actor, regulationId: string, problemIds: string[]): Promise<Outcome<{ titles: string[] }>> {
  if (new Set(problemIds).size !== problemIds.length) return refuse('regulation_problem_linked');
  const found = new Map((await problemsByIds(trx, problemIds)).map((p) => [p.id, p]));
  for (const id of problemIds) {
    const p = found.get(id);
    if (!p || !canReadProblem(actor, p)) return refuse('regulation_problem_unreachable');
  }
  const already = new Set(await linkedIds(trx, regulationId));
  if (problemIds.some((id) => already.has(id))) return refuse('regulation_problem_linked');
  if (problemIds.length) {
    const at = deps.clock.now().toISOString();
    await trx.insertInto('regulation_problems').values(problemIds.map((problem_id) => ({ regulation_id: regulationId, problem_id, linked_at: at }))).execute();
  }
  return ok({ titles: problemIds.map((id) => found.get(id)!.title) });
}

const quoted = (titles: string[]) => titles.map((t) => `“${t}”`).join('、');

export function createRegulation(deps: Deps, actor: Actor, input: RegulationCreateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const org = await checkOrg(trx, actor, input.orgId);
    if (!org.ok) return org;
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('regulations').values({
      id, title: input.title, org_id: org.value.id, type: input.type, effective_day: input.effectiveDay, summary: input.summary,
      search: searchText(input.title, input.summary), doc_name: null, doc_mime: null, doc_size: null, doc_data: null,
      created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    const linked = await linkIn(trx, deps, actor, id, input.problemIds);
    if (!linked.ok) return linked;
    await recordAudit(trx, deps, actor, {
      action: 'regulation.create', entityType: 'regulation', entityId: id, orgPath: org.value.path,
      summary: `登记制度“${input.title}”（${typeLabel(input.type)}，${input.effectiveDay} 起施行${input.problemIds.length ? `，针对问题${quoted(linked.value.titles)}` : ''}）`,
    });
    return ok({ id });
  });
}

export function updateRegulation(deps: Deps, actor: Actor, id: string, input: RegulationUpdateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const r = await findRegulation(trx, id);
    if (!r) return refuse('not_found');
    authorizeManage(actor, r.org_path);
    let orgPath = r.org_path;
    if (input.orgId !== undefined && input.orgId !== r.org_id) {
      const org = await checkOrg(trx, actor, input.orgId);
      if (!org.ok) return org;
      orgPath = org.value.path;
    }
    const next = {
      title: input.title ?? r.title,
      org_id: input.orgId ?? r.org_id,
      type: input.type ?? r.type,
      effective_day: input.effectiveDay ?? r.effective_day,
      summary: input.summary ?? r.summary,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== r[k]);
    if (changed.length === 0) return ok({ id });
    await trx.updateTable('regulations').set({ ...next, search: searchText(next.title, next.summary), updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    const names: Record<keyof typeof next, string> = { title: '名称', org_id: '制定单位', type: '类型', effective_day: '施行日期', summary: '内容摘要' };
    await recordAudit(trx, deps, actor, {
      action: 'regulation.update', entityType: 'regulation', entityId: id, orgPath,
      summary: `修改制度“${next.title}”（${changed.map((k) => names[k]).join('、')}）`,
    });
    return ok({ id });
  });
}

export function linkProblems(deps: Deps, actor: Actor, id: string, input: RegulationLinkBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const r = await findRegulation(trx, id);
    if (!r) return refuse('not_found');
    authorizeManage(actor, r.org_path);
    const linked = await linkIn(trx, deps, actor, id, input.problemIds);
    if (!linked.ok) return linked;
    await trx.updateTable('regulations').set({ updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'regulation.link', entityType: 'regulation', entityId: id, orgPath: r.org_path,
      summary: `制度“${r.title}”关联问题${quoted(linked.value.titles)}`,
    });
    return ok({ id });
  });
}

export function unlinkProblem(deps: Deps, actor: Actor, id: string, problemId: string) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const r = await findRegulation(trx, id);
    if (!r) return refuse('not_found');
    authorizeManage(actor, r.org_path);
    const [p] = await problemsByIds(trx, [problemId]);
    // A link to a problem the caller cannot read is not theirs to see, nor to undo.
    if (!p || !canReadProblem(actor, p)) return refuse('not_found');
    const gone = await trx.deleteFrom('regulation_problems').where('regulation_id', '=', id).where('problem_id', '=', problemId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return refuse('not_found');
    await trx.updateTable('regulations').set({ updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'regulation.unlink', entityType: 'regulation', entityId: id, orgPath: r.org_path,
      summary: `制度“${r.title}”取消关联问题“${p.title}”`,
    });
    return ok({ id });
  });
}
