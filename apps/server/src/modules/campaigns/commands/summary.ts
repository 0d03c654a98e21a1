import type { SummarySaveBody } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { savedSummary, summaryScope } from '../summaries/read.js';

/**
 * Save a summary's text as edited: the first save stores it, later ones replace it (one summary
 * per campaign, org and phase, held by a unique index). Sections keep the order given.
 */
export function saveSummary(deps: Deps, actor: Actor, campaignId: string, input: SummarySaveBody): Promise<Outcome<{ created: boolean }>> {
  return inTransaction(deps.db, async (trx) => {
    const scope = await summaryScope(trx, actor, campaignId, { orgId: input.orgId, phaseId: input.phaseId ?? undefined }, 'summary.write');
    const now = deps.clock.now().toISOString();
    const values = { title: input.title, sections: JSON.stringify(input.sections), updated_by: actor.accountId, updated_at: now };
    const existing = await savedSummary(trx, scope);
    // An upsert on the unique key: two first saves at once leave one summary, the later text.
    await trx.insertInto('campaign_summaries')
      .values({ id: newId(), campaign_id: scope.campaign.id, phase_id: scope.phase?.id ?? null, phase_key: scope.phase?.id ?? 'campaign', org_id: scope.org.id, ...values })
      .onConflict((oc) => oc.columns(['campaign_id', 'org_id', 'phase_key']).doUpdateSet(values))
      .execute();
    await recordAudit(trx, deps, actor, {
      action: 'campaign.summary', entityType: 'campaign', entityId: scope.campaign.id, orgPath: scope.org.path,
      summary: `${existing ? '修改' : '保存'}阶段总结“${input.title}”（${scope.org.name}，${scope.phase?.title ?? '全程'}）`,
    });
    return ok({ created: !existing });
  });
}
