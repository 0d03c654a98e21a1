import type { RuleCreateBody, RuleUpdateBody } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { HttpError, ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { problemsPolicy } from '../policy.js';
import { findRule } from '../queries.js';

/** The catalogue is one for the whole installation: kept by the office (of any org). */
function authorizeRules(actor: Actor): void {
  if (!problemsPolicy.canSomewhere(actor, 'rule.manage')) throw new HttpError('forbidden');
}

/** A rule document, or a clause under one (two levels: 制度 → 条款). */
export function createRule(deps: Deps, actor: Actor, input: RuleCreateBody) {
  authorizeRules(actor);
  return inTransaction(deps.db, async (trx) => {
    if (input.parentId !== null) {
      const parent = await findRule(trx, input.parentId);
      if (!parent || parent.parent_id !== null) return refuse('rule_parent_invalid');
    }
    let sortOrder = input.sortOrder;
    if (sortOrder === undefined) {
      // After the last of its siblings.
      const last = await trx.selectFrom('rules').select((eb) => eb.fn.max('sort_order').as('m'))
        .where((eb) => (input.parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', input.parentId))).executeTakeFirst();
      sortOrder = Number(last?.m ?? 0) + 10;
    }
    const id = newId();
    await trx.insertInto('rules').values({ id, parent_id: input.parentId, code: input.code, title: input.title, body: input.body, sort_order: sortOrder, archived_at: null }).execute();
    await recordAudit(trx, deps, actor, { action: 'rule.create', entityType: 'rule', entityId: id, summary: `新增制度规定“${input.title}”` });
    return ok({ id });
  });
}

/** Edit a rule, or archive it: problems keep pointing at what they broke, so rules are never deleted. */
export function updateRule(deps: Deps, actor: Actor, id: string, input: RuleUpdateBody) {
  authorizeRules(actor);
  return inTransaction(deps.db, async (trx) => {
    const rule = await findRule(trx, id);
    if (!rule) return refuse('not_found');
    const archived_at = input.archived === undefined ? rule.archived_at : input.archived ? (rule.archived_at ?? deps.clock.now().toISOString()) : null;
    await trx.updateTable('rules').set({
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      archived_at,
    }).where('id', '=', id).execute();
    const what = input.archived === true && !rule.archived_at ? '停用' : input.archived === false && rule.archived_at ? '恢复' : '修改';
    await recordAudit(trx, deps, actor, { action: 'rule.update', entityType: 'rule', entityId: id, summary: `${what}制度规定“${input.title ?? rule.title}”` });
    return ok({ id });
  });
}
