import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { bumpOrgCounts } from '../../../kernel/org-counts.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { opinionsPolicy } from '../policy.js';
import { findOpinion, type OpinionRow } from '../queries.js';
import { campaignDay } from '../../../kernel/clock.js';

type Trx = Transaction<Database>;

/** Load an opinion the actor may triage (404 if out of sight, 403 if only readable). */
async function triageable(trx: Trx, actor: Actor, id: string): Promise<OpinionRow | null> {
  const o = await findOpinion(trx, id);
  if (!o) return null;
  if (!opinionsPolicy.can(actor, 'opinion.read', atOrg(o.org_path)) && o.assignee_person_id !== actor.personId) return null;
  opinionsPolicy.authorize(actor, 'opinion.triage', atOrg(o.org_path));
  return o;
}

export async function addMessage(trx: Trx, opinionId: string, m: { author: 'sender' | 'staff'; public: boolean; body: string; day: string; accountId: string | null }) {
  const last = await trx.selectFrom('opinion_messages').select((eb) => eb.fn.max('seq').as('seq')).where('opinion_id', '=', opinionId).executeTakeFirst();
  await trx.insertInto('opinion_messages').values({
    id: randomUUID(), opinion_id: opinionId, author: m.author, public: m.public ? 1 : 0, body: m.body, day: m.day, seq: Number(last?.seq ?? 0) + 1, account_id: m.accountId,
  }).execute();
}

/** Moving an opinion to 'answered' for the first time counts it as answered for its org. */
async function markAnswered(trx: Trx, o: OpinionRow, status: 'answered' | 'closed', now: Date, extra: { handling?: string } = {}) {
  const day = campaignDay(now);
  await trx.updateTable('opinions').set({ status, answered_day: o.answered_day ?? day, ...extra, updated_at: now.toISOString() }).where('id', '=', o.id).execute();
  if (!o.answered_day) await bumpOrgCounts(trx, o.org_id, ['opinions.answered']);
}

/** Hand an opinion to an org (in the same subtree) and/or a person to answer, with a new deadline if given. */
export async function assignOpinion(deps: Deps, actor: Actor, id: string, input: { orgId?: string; personId?: string; dueDay?: string }) {
  return inTransaction(deps.db, async (trx) => {
    const o = await triageable(trx, actor, id);
    if (!o) return refuse('not_found');
    if (o.status === 'merged') return refuse('opinion_merged');
    let orgId = o.assignee_org_id;
    if (input.orgId) {
      const org = await trx.selectFrom('orgs').select(['id', 'path']).where('id', '=', input.orgId).executeTakeFirst();
      if (!org) return refuse('not_found');
      opinionsPolicy.authorize(actor, 'opinion.triage', atOrg(org.path));
      orgId = org.id;
    }
    if (input.personId && !(await trx.selectFrom('people').select('id').where('id', '=', input.personId).where('archived_at', 'is', null).executeTakeFirst())) return refuse('not_found');
    await trx.updateTable('opinions').set({
      assignee_org_id: orgId,
      assignee_person_id: input.personId ?? o.assignee_person_id,
      ...(input.dueDay ? { due_day: input.dueDay } : {}),
      status: o.status === 'received' ? 'assigned' : o.status,
      updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'opinion.assign', entityType: 'opinion', entityId: id, orgPath: o.org_path, summary: '交办意见' });
    return ok({ id });
  });
}

/** 答复: a public answer (shown with the opinion if published) or a private one (only the sender, by receipt). */
export async function replyToOpinion(deps: Deps, actor: Actor, id: string, input: { body: string; public: boolean }) {
  return inTransaction(deps.db, async (trx) => {
    const o = await triageable(trx, actor, id);
    if (!o) return refuse('not_found');
    if (o.status === 'merged') return refuse('opinion_merged');
    const day = campaignDay(deps.clock.now());
    await addMessage(trx, id, { author: 'staff', public: input.public, body: input.body, day, accountId: actor.accountId });
    await markAnswered(trx, o, o.status === 'closed' ? 'closed' : 'answered', deps.clock.now());
    await recordAudit(trx, deps, actor, { action: 'opinion.reply', entityType: 'opinion', entityId: id, orgPath: o.org_path, summary: `${input.public ? '公开' : '私下'}答复意见` });
    return ok({ id });
  });
}

/** 主动答疑 (answered on the spot) or 边查边改 (resolved on the spot), with what was said or done. */
export async function handleOnSpot(deps: Deps, actor: Actor, id: string, input: { handling: 'answered_on_spot' | 'resolved_on_spot'; note: string }) {
  return inTransaction(deps.db, async (trx) => {
    const o = await triageable(trx, actor, id);
    if (!o) return refuse('not_found');
    if (o.status === 'merged') return refuse('opinion_merged');
    const day = campaignDay(deps.clock.now());
    await addMessage(trx, id, { author: 'staff', public: true, body: input.note, day, accountId: actor.accountId });
    await markAnswered(trx, o, input.handling === 'resolved_on_spot' ? 'closed' : 'answered', deps.clock.now(), { handling: input.handling });
    await recordAudit(trx, deps, actor, {
      action: 'opinion.handle', entityType: 'opinion', entityId: id, orgPath: o.org_path,
      summary: `${input.handling === 'resolved_on_spot' ? '边查边改' : '主动答疑'}：意见`,
    });
    return ok({ id });
  });
}

/**
 * Merge a duplicate into another opinion. The merged one keeps its sender's receipt and follow-up:
 * its page shows the target's answers. Merging into itself, into a merged opinion, or into one
 * already merged into it (a cycle) is refused.
 */
export async function mergeOpinion(deps: Deps, actor: Actor, id: string, intoId: string) {
  return inTransaction(deps.db, async (trx) => {
    if (id === intoId) return refuse('opinion_merge_invalid');
    const o = await triageable(trx, actor, id);
    const into = await triageable(trx, actor, intoId);
    if (!o || !into) return refuse('not_found');
    if (o.status === 'merged' || into.status === 'merged') return refuse('opinion_merge_invalid');
    await trx.updateTable('opinions').set({ status: 'merged', merged_into: into.id, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    // Whatever had been merged into the duplicate now points at the target: chains stay one step deep.
    await trx.updateTable('opinions').set({ merged_into: into.id }).where('merged_into', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'opinion.merge', entityType: 'opinion', entityId: id, orgPath: o.org_path, summary: `将意见合并到意见 ${into.id}` });
    return ok({ id: into.id });
  });
}

/** The office chooses which answered opinions the public list shows (never their senders). */
export async function publishOpinion(deps: Deps, actor: Actor, id: string, published: boolean) {
  return inTransaction(deps.db, async (trx) => {
    const o = await findOpinion(trx, id);
    if (!o || !opinionsPolicy.can(actor, 'opinion.read', atOrg(o.org_path))) return refuse('not_found');
    opinionsPolicy.authorize(actor, 'opinion.publish', atOrg(o.org_path));
    if (published && o.status !== 'answered' && o.status !== 'closed') return refuse('opinion_not_answered');
    await trx.updateTable('opinions').set({ published: published ? 1 : 0, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: published ? 'opinion.publish' : 'opinion.unpublish', entityType: 'opinion', entityId: id, orgPath: o.org_path, summary: `${published ? '公开' : '撤回公开'}意见` });
    return ok({ id });
  });
}
