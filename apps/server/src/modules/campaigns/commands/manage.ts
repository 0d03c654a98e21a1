import { massLinePhases, type CampaignCreateBody, type CampaignUpdateBody, type PhaseInput } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { campaignsPolicy, canReadCampaign } from '../policy.js';

type Phases = PhaseInput[];

/** The template's phases with the given dates; a custom campaign's as given. */
function phasesOf(input: CampaignCreateBody): Outcome<Phases> {
  if (input.template === 'custom') {
    const missing = input.phases.find((p) => !p.key || !p.title);
    if (missing) return refuse('validation_failed');
    return ok(input.phases.map((p) => ({ key: p.key!, title: p.title!, startDay: p.startDay, endDay: p.endDay, settings: p.settings ?? { rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false } })));
  }
  if (input.phases.length !== massLinePhases.length) return refuse('campaign_template_phases');
  return ok(massLinePhases.map((t, i) => ({ key: t.key, title: input.phases[i].title ?? t.title, startDay: input.phases[i].startDay, endDay: input.phases[i].endDay, settings: input.phases[i].settings ?? t.settings })));
}

/** Each phase ends after it starts, phases follow one another without overlap, keys are unique. */
export function checkPhases(phases: Phases): Outcome<null> {
  const seen = new Set<string>();
  for (const p of phases) {
    if (p.endDay < p.startDay) return refuse('campaign_phase_dates', { title: p.title });
    if (seen.has(p.key)) return refuse('campaign_phase_keys', { key: p.key });
    seen.add(p.key);
  }
  for (let i = 1; i < phases.length; i++) {
    if (phases[i].startDay <= phases[i - 1].endDay) return refuse('campaign_phase_overlap', { first: phases[i - 1].title, second: phases[i].title });
  }
  return ok(null);
}

const phaseRows = (campaignId: string, phases: Phases) =>
  phases.map((p, i) => ({ id: newId(), campaign_id: campaignId, seq: i + 1, key: p.key, title: p.title, start_day: p.startDay, end_day: p.endDay, settings: JSON.stringify(p.settings) }));

/** An office starts a campaign for its org subtree. */
export function createCampaign(deps: Deps, actor: Actor, input: CampaignCreateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const org = await trx.selectFrom('orgs').select(['id', 'name', 'path', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org || !canReadCampaign(actor, org.path)) return refuse('not_found');
    campaignsPolicy.authorize(actor, 'campaign.manage', atOrg(org.path));
    if (org.archived_at) return refuse('org_archived');
    const phases = phasesOf(input);
    if (!phases.ok) return phases;
    const checked = checkPhases(phases.value);
    if (!checked.ok) return checked;
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('campaigns').values({
      id, org_id: org.id, title: input.title, template: input.template, start_day: phases.value[0].startDay, end_day: phases.value.at(-1)!.endDay,
      created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    await trx.insertInto('campaign_phases').values(phaseRows(id, phases.value)).execute();
    await recordAudit(trx, deps, actor, { action: 'campaign.create', entityType: 'campaign', entityId: id, orgPath: org.path, summary: `启动“${input.title}”（${org.name}，${phases.value[0].startDay} 至 ${phases.value.at(-1)!.endDay}）` });
    return ok({ id });
  });
}

/** Rename, or set the phases again (dates, titles, settings). */
export function updateCampaign(deps: Deps, actor: Actor, id: string, input: CampaignUpdateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const c = await trx.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['c.id', 'c.title', 'o.path']).where('c.id', '=', id).executeTakeFirst();
    if (!c || !canReadCampaign(actor, c.path)) return refuse('not_found');
    campaignsPolicy.authorize(actor, 'campaign.manage', atOrg(c.path));
    const set: { title?: string; start_day?: string; end_day?: string; updated_at: string } = { updated_at: deps.clock.now().toISOString() };
    if (input.title) set.title = input.title;
    if (input.phases) {
      const checked = checkPhases(input.phases);
      if (!checked.ok) return checked;
      await trx.deleteFrom('campaign_phases').where('campaign_id', '=', id).execute();
      await trx.insertInto('campaign_phases').values(phaseRows(id, input.phases)).execute();
      set.start_day = input.phases[0].startDay;
      set.end_day = input.phases.at(-1)!.endDay;
    }
    await trx.updateTable('campaigns').set(set).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'campaign.update', entityType: 'campaign', entityId: id, orgPath: c.path, summary: `修改“${input.title ?? c.title}”${input.phases ? '的阶段安排' : ''}` });
    return ok({ id });
  });
}
