import { backingLabels, type CountableKind, type VerdictRule } from '@massline/shared';
import type { Db, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import { atOrg } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { canReadItem, canSetVerdictRule, rectificationPolicy } from '../policy.js';
import { findItem } from '../queries.js';
import { countedKindsOf, formatKinds, openBurstOf, parseKinds, reopenMinOf } from '../verdict-rules.js';
import { savePlan } from './plans.js';

const describe = (kinds: readonly CountableKind[]) => kinds.map((k) => (k === 'receipt' ? '凭查询码（含回访）' : backingLabels[k])).join('、');

async function orgOf(db: Db, actor: Actor, orgId: string) {
  const org = await db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', orgId).executeTakeFirst();
  return org && rectificationPolicy.can(actor, 'rect.read', atOrg(org.path)) ? org : null;
}

/** An org's list rule: which verdicts count, the reopen quorum, the open-verdict burst threshold. */
export async function loadVerdictRule(db: Db, actor: Actor, orgId: string): Promise<Outcome<VerdictRule>> {
  const org = await orgOf(db, actor, orgId);
  if (!org) return refuse('not_found');
  const plan = await db.selectFrom('rectification_plans').select(['verdict_kinds', 'reopen_min', 'open_burst_per_hour']).where('org_id', '=', org.id).executeTakeFirst();
  const source = { verdict_kinds: null, list_verdict_kinds: plan?.verdict_kinds ?? null, list_reopen_min: plan?.reopen_min ?? null, list_open_burst: plan?.open_burst_per_hour ?? null };
  return ok({ countedKinds: [...countedKindsOf(source)], inherited: !plan?.verdict_kinds, reopenMin: reopenMinOf(source), openBurstPerHour: openBurstOf(source), canChange: canSetVerdictRule(actor, org.path) });
}

/** The level above decides for an org's list (the judged org cannot): audited, in words. */
export async function setListVerdictRule(deps: Deps, actor: Actor, orgId: string, input: { countedKinds: CountableKind[]; reopenMin?: number; openBurstPerHour?: number }) {
  const org = await orgOf(deps.db, actor, orgId);
  if (!org) return refuse('not_found');
  if (!canSetVerdictRule(actor, org.path)) return refuse('verdict_rule_level');
  return inTransaction(deps.db, async (trx) => {
    await savePlan(trx, deps, org.id, { verdict_kinds: formatKinds(input.countedKinds), reopen_min: input.reopenMin ?? null, open_burst_per_hour: input.openBurstPerHour ?? null });
    await recordAudit(trx, deps, actor, {
      action: 'rectification.verdict_rule', entityType: 'rectification_plan', entityId: org.id, orgPath: org.path,
      summary: `“${org.name}”整改评议计票：${describe(input.countedKinds)}${input.reopenMin ? `；至少 ${input.reopenMin} 票` : ''}`,
    });
    return ok({ orgId: org.id });
  });
}

/** One item over its list's rule (null: as the list), likewise by the level above. */
export async function setItemVerdictRule(deps: Deps, actor: Actor, itemId: string, kinds: CountableKind[] | null) {
  const item = await findItem(deps.db, itemId);
  if (!item || !canReadItem(actor, item)) return refuse('not_found');
  if (!canSetVerdictRule(actor, item.owner_org_path)) return refuse('verdict_rule_level');
  return inTransaction(deps.db, async (trx) => {
    await trx.updateTable('rectifications').set({ verdict_kinds: kinds ? formatKinds(kinds) : null, updated_at: deps.clock.now().toISOString() }).where('id', '=', item.id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'rectification.verdict_rule', entityType: 'rectification', entityId: item.id, orgPath: item.owner_org_path,
      summary: `整改事项“${item.title}”评议计票：${kinds ? describe(kinds) : `按清单（${describe(parseKinds(item.list_verdict_kinds) ?? countedKindsOf(item))}）`}`,
    });
    return ok({ id: item.id });
  });
}
