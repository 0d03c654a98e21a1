import {
  PROBLEM_TITLE_MAX, problemCategories, problemStatusLabels,
  type ProblemCategory, type ProblemCreateBody, type ProblemFromAnswerBody, type ProblemSourcesBody, type ProblemStatus, type ProblemStatusBody, type ProblemUpdateBody,
} from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { appendAudit, auditActorOf, recordAudit, systemActor } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { bumpOrgCounts } from '../../../kernel/org-counts.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeManage, authorizeManageAt } from '../policy.js';
import { findOrgById, findProblem, findRule, isMemberUnder, refreshSearch, searchText } from '../queries.js';
import { excerptOf, findRaisableAnswer, resolveSources, type ResolvedSource } from './sources.js';

type Trx = Transaction<Database>;

/** The counters a problem adds to its owner org: all, by category, by status. */
const problemMetrics = (p: { category: string; status: string }) => ['problems', `problems.category.${p.category}`, `problems.status.${p.status}`];

async function checkRule(trx: Trx, ruleId: string | null): Promise<boolean> {
  if (ruleId === null) return true;
  const rule = await findRule(trx, ruleId);
  return Boolean(rule && !rule.archived_at);
}

/** The owner org (managed by the caller, not archived) and, if given, a person of that subtree. */
async function checkOwner(trx: Trx, actor: Actor, orgId: string, personId: string | null): Promise<Outcome<{ id: string; path: string }>> {
  const org = await findOrgById(trx, orgId);
  if (!org) return refuse('not_found');
  authorizeManageAt(actor, org.path);
  if (org.archived_at) return refuse('org_archived');
  if (personId !== null && !(await isMemberUnder(trx, personId, org.path))) return refuse('owner_person_not_member');
  return ok({ id: org.id, path: org.path });
}

async function insertSources(trx: Trx, deps: Deps, problemId: string, sources: ResolvedSource[]): Promise<void> {
  const now = deps.clock.now().toISOString();
  // Ids in ascending order: the trail lists sources by (created_at, id), so in the order given.
  const ids = sources.map(() => newId()).sort();
  await trx.insertInto('problem_sources').values(sources.map(({ opinionOrgId: _, ...s }, i) => ({ id: ids[i], problem_id: problemId, created_at: now, ...s }))).execute();
  for (const s of sources) if (s.opinionOrgId) await bumpOrgCounts(trx, s.opinionOrgId, ['opinions.problem']);
}

/** Create a problem with its sources inside the caller's transaction. */
export async function createIn(trx: Trx, deps: Deps, actor: Actor, input: ProblemCreateBody): Promise<Outcome<{ id: string }>> {
  const owner = await checkOwner(trx, actor, input.ownerOrgId, input.ownerPersonId);
  if (!owner.ok) return owner;
  if (!(await checkRule(trx, input.ruleId))) return refuse('rule_invalid');
  const sources = await resolveSources(deps, trx, actor, input.sources);
  if (!sources.ok) return sources;
  const id = newId();
  const now = deps.clock.now().toISOString();
  await trx.insertInto('problems').values({
    id, title: input.title, description: input.description, category: input.category, rule_id: input.ruleId, owner_org_id: owner.value.id,
    owner_person_id: input.ownerPersonId, severity: input.severity, status: 'open',
    search: searchText(input.title, input.description, sources.value.map((s) => s.excerpt).filter(Boolean)),
    created_by: actor.accountId, created_at: now, updated_at: now,
  }).execute();
  await insertSources(trx, deps, id, sources.value);
  await bumpOrgCounts(trx, owner.value.id, problemMetrics({ category: input.category, status: 'open' }));
  await recordAudit(trx, deps, actor, {
    action: 'problem.create', entityType: 'problem', entityId: id, orgPath: owner.value.path,
    summary: `登记问题“${input.title}”（${sources.value.length} 个来源）`,
  });
  return ok({ id });
}

export function createProblem(deps: Deps, actor: Actor, input: ProblemCreateBody) {
  return inTransaction(deps.db, (trx) => createIn(trx, deps, actor, input));
}

/**
 * One click on an answer: a problem filled in from it. Owned by the org the answer came from (or
 * the form's), by the person it is about for self- and mutual inspection; titled with the
 * question and what was answered; its one source the answer itself.
 */
export function raiseFromAnswer(deps: Deps, actor: Actor, input: ProblemFromAnswerBody) {
  return inTransaction(deps.db, async (trx) => {
    const found = await findRaisableAnswer(trx, actor, input);
    if (!found.ok) return found;
    const a = found.value;
    const ownerOrgId = input.ownerOrgId ?? a.response.orgId ?? a.form.orgId;
    let ownerPersonId = input.ownerPersonId ?? null;
    if (input.ownerPersonId === undefined && a.response.subjectId && (a.type === 'self_check' || a.type === 'mutual_check')) {
      const org = await findOrgById(trx, ownerOrgId);
      if (org && (await isMemberUnder(trx, a.response.subjectId, org.path))) ownerPersonId = a.response.subjectId;
    }
    const what = a.row ? `${a.row.label}：${a.value}` : a.question.type === 'rating' ? `评分 ${a.value}` : a.value;
    const title = input.title ?? excerptOf(`${a.question.label.replace(/[？?：:。\s]+$/u, '')}：${excerptOf(what, 60)}`, PROBLEM_TITLE_MAX);
    const description = a.question.type === 'text' ? a.value.slice(0, 5000) : `${a.form.title} · ${a.question.label}${a.row ? ` · ${a.row.label}` : ''}：${a.value}`;
    const category: ProblemCategory = input.category ?? (a.row && (problemCategories as readonly string[]).includes(a.row.value) ? (a.row.value as ProblemCategory) : 'other');
    return createIn(trx, deps, actor, {
      title, description, category, ruleId: input.ruleId ?? null, ownerOrgId, ownerPersonId, severity: input.severity ?? 'moderate',
      sources: [{ type: a.type as 'response_text', formId: a.form.id, responseId: a.response.id, question: a.question.key, ...(a.row ? { row: a.row.value } : {}) }],
    });
  });
}

export function updateProblem(deps: Deps, actor: Actor, id: string, input: ProblemUpdateBody) {
  return inTransaction(deps.db, async (trx) => {
    const p = await findProblem(trx, id);
    if (!p) return refuse('not_found');
    authorizeManage(actor, p);
    const ownerOrgId = input.ownerOrgId ?? p.owner_org_id;
    const ownerPersonId = input.ownerPersonId !== undefined ? input.ownerPersonId : p.owner_person_id;
    let ownerPath = p.owner_org_path;
    if (ownerOrgId !== p.owner_org_id || ownerPersonId !== p.owner_person_id) {
      const owner = await checkOwner(trx, actor, ownerOrgId, ownerPersonId);
      if (!owner.ok) return owner;
      ownerPath = owner.value.path;
    }
    if (input.ruleId !== undefined && input.ruleId !== p.rule_id && !(await checkRule(trx, input.ruleId))) return refuse('rule_invalid');
    const title = input.title ?? p.title;
    const description = input.description ?? p.description;
    const category = input.category ?? p.category;
    await trx.updateTable('problems').set({
      title, description, category, owner_org_id: ownerOrgId, owner_person_id: ownerPersonId,
      ...(input.ruleId !== undefined ? { rule_id: input.ruleId } : {}),
      ...(input.severity ? { severity: input.severity } : {}),
      updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    await refreshSearch(trx, id);
    if (ownerOrgId !== p.owner_org_id || category !== p.category) {
      await bumpOrgCounts(trx, p.owner_org_id, problemMetrics(p), -1);
      await bumpOrgCounts(trx, ownerOrgId, problemMetrics({ category, status: p.status }), 1);
    }
    await recordAudit(trx, deps, actor, { action: 'problem.update', entityType: 'problem', entityId: id, orgPath: ownerPath, summary: `修改问题“${title}”` });
    return ok({ id });
  });
}

export function setProblemStatus(deps: Deps, actor: Actor, id: string, input: ProblemStatusBody) {
  return inTransaction(deps.db, async (trx) => {
    const p = await findProblem(trx, id);
    if (!p) return refuse('not_found');
    authorizeManage(actor, p);
    if (p.status === input.status) return ok({ id });
    await trx.updateTable('problems').set({ status: input.status, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await bumpOrgCounts(trx, p.owner_org_id, [`problems.status.${p.status}`], -1);
    await bumpOrgCounts(trx, p.owner_org_id, [`problems.status.${input.status}`], 1);
    const label = (s: string) => problemStatusLabels[s as ProblemStatus] ?? s;
    await recordAudit(trx, deps, actor, {
      action: 'problem.status', entityType: 'problem', entityId: id, orgPath: p.owner_org_path,
      summary: `问题“${p.title}”：${label(p.status)} → ${label(input.status)}${input.note ? `（${input.note}）` : ''}`,
    });
    return ok({ id });
  });
}

/**
 * A problem's status follows its rectification items (called by that module in its transaction):
 * being fixed while any item is open, fixed once all are verified. Counters move with it.
 */
export async function moveProblemStatus(trx: Trx, deps: Deps, actor: Actor | null, id: string, status: ProblemStatus, why: string): Promise<void> {
  const p = await findProblem(trx, id);
  if (!p || p.status === status) return;
  await trx.updateTable('problems').set({ status, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
  await bumpOrgCounts(trx, p.owner_org_id, [`problems.status.${p.status}`], -1);
  await bumpOrgCounts(trx, p.owner_org_id, [`problems.status.${status}`], 1);
  const label = (s: string) => problemStatusLabels[s as ProblemStatus] ?? s;
  // Without an actor (residents' verdicts reopened an item) the system moved it.
  await appendAudit(trx, deps.dialect, deps.clock.now(), actor ? auditActorOf(actor) : systemActor, {
    action: 'problem.status', entityType: 'problem', entityId: id, orgPath: p.owner_org_path,
    summary: `问题“${p.title}”：${label(p.status)} → ${label(status)}（${why}）`,
  });
}

/** More sources for a problem: e.g. further opinions saying the same thing, merged in. */
export function addSources(deps: Deps, actor: Actor, id: string, input: ProblemSourcesBody) {
  return inTransaction(deps.db, async (trx) => {
    const p = await findProblem(trx, id);
    if (!p) return refuse('not_found');
    authorizeManage(actor, p);
    const sources = await resolveSources(deps, trx, actor, input.sources);
    if (!sources.ok) return sources;
    await insertSources(trx, deps, id, sources.value);
    await trx.updateTable('problems').set({ updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await refreshSearch(trx, id);
    await recordAudit(trx, deps, actor, {
      action: 'problem.add_sources', entityType: 'problem', entityId: id, orgPath: p.owner_org_path, summary: `问题“${p.title}”增加 ${sources.value.length} 个来源`,
    });
    return ok({ id });
  });
}
