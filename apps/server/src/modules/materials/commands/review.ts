import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { notify } from '../../notifications/index.js';
import { canComment, canReview, isAuthor } from '../policy.js';
import type { MaterialRow } from '../queries.js';
import { moveStatus, readable, type Trx } from './shared.js';

/** A reviewer of the author's org or above; the author is refused by name, whatever else they hold. */
async function reviewable(trx: Trx, actor: Actor, id: string): Promise<Outcome<MaterialRow>> {
  const found = await readable(trx, actor, id);
  if (!found.ok) return found;
  if (isAuthor(actor, found.value)) return refuse('material_review_own');
  if (!canReview(actor, found.value)) return refuse('forbidden');
  return found;
}

const tell = (trx: Trx, deps: Deps, m: MaterialRow, what: string, body: string, key: string) =>
  notify(trx, { personIds: [m.person_id], kind: 'material.review', title: `“${m.title}”${what}`, body, link: `/materials/${m.id}`, dedupeKey: key, at: deps.clock.now() });

/** Return the submitted version to its author with what to change. */
export function returnMaterial(deps: Deps, actor: Actor, id: string, input: { comment: string }) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await reviewable(trx, actor, id);
    if (!found.ok) return found;
    const m = found.value;
    const now = deps.clock.now().toISOString();
    const moved = await moveStatus(trx, m, ['submitted'], { status: 'returned', updated_at: now });
    if (!moved.ok) return moved;
    const reviewId = newId();
    await trx.insertInto('material_reviews').values({ id: reviewId, material_id: id, version: Number(m.version), action: 'returned', comment: input.comment, account_id: actor.accountId, created_at: now }).execute();
    await tell(trx, deps, m, '被退回修改', input.comment, `material.returned:${reviewId}`);
    await recordAudit(trx, deps, actor, { action: 'material.return', entityType: 'material', entityId: id, orgPath: m.org_path, summary: `退回“${m.title}”第 ${m.version} 稿：${input.comment}` });
    return ok({ id });
  });
}

/** Approve the submitted version: the material is final from then on. */
export function approveMaterial(deps: Deps, actor: Actor, id: string, input: { comment: string }) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await reviewable(trx, actor, id);
    if (!found.ok) return found;
    const m = found.value;
    const now = deps.clock.now().toISOString();
    const moved = await moveStatus(trx, m, ['submitted'], { status: 'approved', approved_by: actor.accountId, approved_at: now, updated_at: now });
    if (!moved.ok) return moved;
    const reviewId = newId();
    await trx.insertInto('material_reviews').values({ id: reviewId, material_id: id, version: Number(m.version), action: 'approved', comment: input.comment, account_id: actor.accountId, created_at: now }).execute();
    await tell(trx, deps, m, '已审核通过', input.comment, `material.approved:${reviewId}`);
    await recordAudit(trx, deps, actor, { action: 'material.approve', entityType: 'material', entityId: id, orgPath: m.org_path, summary: `审核通过“${m.title}”第 ${m.version} 稿${input.comment ? `：${input.comment}` : ''}` });
    return ok({ id });
  });
}

/** An inspector's (or reviewer's) comment on the current version; the status does not move. */
export function commentMaterial(deps: Deps, actor: Actor, id: string, input: { comment: string }) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await readable(trx, actor, id);
    if (!found.ok) return found;
    const m = found.value;
    if (!canComment(actor, m)) return refuse('forbidden');
    const now = deps.clock.now().toISOString();
    const reviewId = newId();
    await trx.insertInto('material_reviews').values({ id: reviewId, material_id: id, version: Number(m.version), action: 'comment', comment: input.comment, account_id: actor.accountId, created_at: now }).execute();
    await trx.updateTable('materials').set({ updated_at: now }).where('id', '=', id).execute();
    await tell(trx, deps, m, '收到审阅意见', input.comment, `material.comment:${reviewId}`);
    await recordAudit(trx, deps, actor, { action: 'material.comment', entityType: 'material', entityId: id, orgPath: m.org_path, summary: `对“${m.title}”第 ${m.version} 稿提出意见：${input.comment}` });
    return ok({ id });
  });
}
