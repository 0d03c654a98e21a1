import type { ProgressBody, RectificationStatus, StatusBody } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { notify, Responsible } from '../../notifications/index.js';
import { bumpVerdictCounters, moveItemCounters } from '../counters.js';
import { authorizeItem, canProgress, canPublish, canVerify, type ItemPlace } from '../policy.js';
import { findItem, verdictsOfItems, type ItemRow } from '../queries.js';
import { statusLabel } from './items.js';
import { appendTimeline, problemIdsOf, progressOf, syncProblems, todayOf, type Trx } from './shared.js';

const order: RectificationStatus[] = ['planned', 'in_progress', 'done', 'verified'];
const FORWARD: Record<string, RectificationStatus[]> = { planned: ['in_progress', 'done'], in_progress: ['done'], done: ['verified'], verified: [] };

/** A progress note for the timeline, completing milestones on the way. */
export function addProgress(deps: Deps, actor: Actor, id: string, input: ProgressBody): Promise<Outcome<{ id: string; updateId: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const item = await findItem(trx, id);
    if (!item) return refuse('not_found');
    authorizeItem(actor, item, canProgress);
    const milestones = await trx.selectFrom('rectification_milestones').selectAll().where('rectification_id', '=', id).orderBy('seq').execute();
    const reached = [...new Set(input.milestoneIds)];
    if (reached.some((m) => !milestones.some((x) => x.id === m && !x.done_day))) return refuse('rect_milestone_unknown');
    const today = todayOf(deps);
    if (reached.length) await trx.updateTable('rectification_milestones').set({ done_day: today }).where('id', 'in', reached).execute();
    const updateId = await appendTimeline(trx, deps, actor, id, { kind: 'progress', body: input.body, public: input.public });
    for (const m of milestones.filter((x) => reached.includes(x.id))) {
      await appendTimeline(trx, deps, actor, id, { kind: 'milestone', body: `完成节点“${m.title}”`, milestoneId: m.id, public: true });
    }
    // Writing progress on a planned item starts it.
    const status = item.status === 'planned' ? 'in_progress' : item.status;
    if (status !== item.status) await appendTimeline(trx, deps, actor, id, { kind: 'status', body: '开始整改', fromStatus: item.status, toStatus: status, public: true });
    const progress = progressOf(status, milestones.map((m) => ({ weight: m.weight, done_day: reached.includes(m.id) ? today : m.done_day })), Number(item.round));
    await trx.updateTable('rectifications').set({ status, progress, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await moveItemCounters(trx, counted(item), { ...counted(item), status, progress });
    await recordAudit(trx, deps, actor, {
      action: 'rectification.progress', entityType: 'rectification', entityId: id, orgPath: item.owner_org_path,
      summary: `整改事项“${item.title}”报告进展${reached.length ? `，完成 ${reached.length} 个节点` : ''}（进度 ${progress}%）`,
    });
    return ok({ id, updateId });
  });
}

const counted = (i: ItemRow) => ({ owner_org_id: i.owner_org_id, weight: Number(i.weight), progress: Number(i.progress), status: i.status });

/** Who may make this move: forward by the owner (verification by a verifier), back likewise with a reason. */
function allowed(from: string, to: RectificationStatus): (actor: Actor, i: ItemPlace) => boolean {
  if (to === 'verified' || from === 'verified') return canVerify;
  return canProgress;
}

/**
 * Move an item along planned → in_progress → done → verified, or back with a reason. Done opens a
 * new round of residents' verdicts; leaving done takes that round's verdicts out of the counts.
 */
export function moveStatus(deps: Deps, actor: Actor, id: string, input: StatusBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const item = await findItem(trx, id);
    if (!item) return refuse('not_found');
    const to = input.status;
    authorizeItem(actor, item, allowed(item.status, to));
    if (item.status === to) return ok({ id });
    const back = order.indexOf(to) < order.indexOf(item.status as RectificationStatus);
    if (back && !input.reason) return refuse('rect_reason_required');
    if (!back && !FORWARD[item.status].includes(to)) return refuse('rect_status_invalid', { from: statusLabel(item.status), to: statusLabel(to) });
    if ((to === 'done' || to === 'verified') && !input.reason) return refuse('rect_done_note_required');
    if (to === 'verified') {
      const markedBy = await trx.selectFrom('rectification_updates').select('account_id').where('rectification_id', '=', id).where('to_status', '=', 'done').orderBy('seq', 'desc').executeTakeFirst();
      if (item.owner_person_id === actor.personId || markedBy?.account_id === actor.accountId) return refuse('rect_verify_own');
    }
    await applyMove(trx, deps, actor, item, to, input.reason ?? '', 'status');
    await recordAudit(trx, deps, actor, {
      action: to === 'verified' ? 'rectification.verify' : 'rectification.status', entityType: 'rectification', entityId: id, orgPath: item.owner_org_path,
      summary: `整改事项“${item.title}”：${statusLabel(item.status)} → ${statusLabel(to)}${input.reason ? `（${input.reason}）` : ''}`,
    });
    return ok({ id });
  });
}

/** The move itself, shared with a reopening by residents' verdicts. */
export async function applyMove(trx: Trx, deps: Deps, actor: Actor | null, item: ItemRow, to: RectificationStatus, body: string, kind: 'status' | 'reopened'): Promise<void> {
  const today = todayOf(deps);
  const wasClosed = item.status === 'done' || item.status === 'verified';
  const closes = to === 'done' || to === 'verified';
  const round = Number(item.round) + (to === 'done' && !wasClosed ? 1 : 0);
  if (wasClosed && !closes) {
    const rows = (await verdictsOfItems(trx, [{ id: item.id, round: Number(item.round) }])).get(item.id) ?? [];
    const counts: Record<string, number> = {};
    for (const r of rows.filter((v) => v.backing !== 'open')) for (const m of [r.solved, r.satisfied, 'total']) counts[m] = (counts[m] ?? 0) + r.n;
    await bumpVerdictCounters(trx, item.owner_org_id, counts, -1);
  }
  const milestones = await trx.selectFrom('rectification_milestones').select(['weight', 'done_day']).where('rectification_id', '=', item.id).execute();
  const progress = progressOf(to, milestones, round);
  await trx.updateTable('rectifications').set({
    status: to, progress, round,
    done_day: closes ? item.done_day ?? today : null,
    verified_day: to === 'verified' ? today : null,
    verified_by: to === 'verified' ? actor?.accountId ?? null : null,
    updated_at: deps.clock.now().toISOString(),
  }).where('id', '=', item.id).execute();
  await appendTimeline(trx, deps, actor, item.id, { kind, body, fromStatus: item.status, toStatus: to, public: true });
  await moveItemCounters(trx, counted(item), { ...counted(item), status: to, progress });
  await syncProblems(trx, deps, actor, await problemIdsOf(trx, item.id), `整改事项“${item.title}”${statusLabel(to)}`);
  if (to === 'done' && !wasClosed) await askNamedSenders(trx, deps, item, round);
}

/**
 * A new round of verdicts: named senders heard by staff (at a forum, on a visit, by phone) have no
 * receipt page to be asked on, so the office of the level above and the inspectors over the org
 * are told to call them back (回访) — never the org whose work is judged — and find them on the
 * call-back list. Receipt holders are asked on their receipt page.
 */
async function askNamedSenders(trx: Trx, deps: Deps, item: ItemRow, round: number): Promise<void> {
  const named = await trx
    .selectFrom('rectification_problems as rp')
    .innerJoin('problem_sources as s', 's.problem_id', 'rp.problem_id')
    .innerJoin('opinions as op', 'op.id', 's.opinion_id')
    .select(['op.sender_name'])
    .where('rp.rectification_id', '=', item.id)
    .where('op.named', '=', 1)
    .execute();
  if (!named.length) return;
  const who = await Responsible.load(trx as never);
  const people = who.escalation(item.owner_org_path);
  if (!people.length) return;
  const names = [...new Set(named.map((n) => n.sender_name ?? '反映人'))];
  await notify(trx, {
    personIds: people, kind: 'rectification.callback', title: `请回访：整改事项“${item.title}”已完成`,
    body: `请向${names.join('、')}了解是否真正解决、是否满意，并在回访名单中记录（回访由上级办公室或督导组进行，不由被评议单位自己回访）。`,
    link: '/rectification/callbacks', dedupeKey: `rectification.callback:${item.id}:${round}`, at: deps.clock.now(),
  });
}

/** Publish or withdraw one item on the public side (公示). */
export function publishItem(deps: Deps, actor: Actor, id: string, published: boolean): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const item = await findItem(trx, id);
    if (!item) return refuse('not_found');
    authorizeItem(actor, item, canPublish);
    if ((item.published === 1) === published) return ok({ id });
    await trx.updateTable('rectifications').set({ published: published ? 1 : 0, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await appendTimeline(trx, deps, actor, id, { kind: 'published', body: published ? '向群众公示' : '撤回公示', public: false });
    await recordAudit(trx, deps, actor, { action: 'rectification.publish', entityType: 'rectification', entityId: id, orgPath: item.owner_org_path, summary: `${published ? '公示' : '撤回公示'}整改事项“${item.title}”` });
    return ok({ id });
  });
}

/** Release a piece of evidence to the public page, or take it back. */
export function releaseAttachment(deps: Deps, actor: Actor, id: string, attachmentId: string, released: boolean): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const item = await findItem(trx, id);
    if (!item) return refuse('not_found');
    authorizeItem(actor, item, canPublish);
    const file = await trx.selectFrom('rectification_attachments').select(['id', 'name']).where('id', '=', attachmentId).where('rectification_id', '=', id).executeTakeFirst();
    if (!file) return refuse('not_found');
    await trx.updateTable('rectification_attachments').set({ released: released ? 1 : 0 }).where('id', '=', attachmentId).execute();
    await recordAudit(trx, deps, actor, { action: 'rectification.release', entityType: 'rectification', entityId: id, orgPath: item.owner_org_path, summary: `${released ? '公开' : '撤回'}整改事项“${item.title}”的佐证材料“${file.name}”` });
    return ok({ id: attachmentId });
  });
}
