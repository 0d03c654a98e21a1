import { SummarySection, type Summary, type SummaryQuery } from '@massline/shared';
import { z } from 'zod';
import type { Db } from '../../../database.js';
import { HttpError } from '../../../kernel/errors.js';
import { atOrg, grantCovers, type Actor } from '../../../kernel/policy.js';
import { campaignsPolicy, canReadCampaign } from '../policy.js';
import { draftSections, draftTitle } from './draft.js';
import { summaryFigures, type SummaryOrg } from './figures.js';

export interface SummaryScope {
  campaign: { id: string; title: string; orgId: string; orgPath: string };
  phase: { id: string; key: string; title: string; startDay: string; endDay: string } | null;
  org: SummaryOrg;
  period: { startDay: string; endDay: string };
}

const STAFF = ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;

/**
 * Whose summary: a campaign the caller reads, an org of its subtree (the campaign's own by
 * default), one of its phases or the whole. Unknown or unseen: 404; seen but not allowed
 * (a cadre, or an inspector writing): 403.
 */
export async function summaryScope(db: Db, actor: Actor, campaignId: string, q: SummaryQuery, action: 'summary.read' | 'summary.write'): Promise<SummaryScope> {
  const c = await db.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.title', 'c.org_id', 'c.start_day', 'c.end_day', 'o.name', 'o.path']).where('c.id', '=', campaignId).executeTakeFirst();
  if (!c || !canReadCampaign(actor, c.path)) throw new HttpError('not_found');
  const org = q.orgId
    ? await db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', q.orgId).executeTakeFirst()
    : { id: c.org_id, name: c.name, path: c.path };
  if (!org || !org.path.startsWith(c.path)) throw new HttpError('not_found');
  if (!campaignsPolicy.can(actor, action, atOrg(org.path))) {
    throw new HttpError(campaignsPolicy.can(actor, 'summary.read', atOrg(org.path)) || grantCovers(actor, STAFF, org.path) ? 'forbidden' : 'not_found');
  }
  const phase = q.phaseId
    ? await db.selectFrom('campaign_phases').select(['id', 'key', 'title', 'start_day', 'end_day']).where('id', '=', q.phaseId).where('campaign_id', '=', c.id).executeTakeFirst()
    : null;
  if (q.phaseId && !phase) throw new HttpError('not_found');
  return {
    campaign: { id: c.id, title: c.title, orgId: c.org_id, orgPath: c.path },
    phase: phase ? { id: phase.id, key: phase.key, title: phase.title, startDay: phase.start_day, endDay: phase.end_day } : null,
    org,
    period: phase ? { startDay: phase.start_day, endDay: phase.end_day } : { startDay: c.start_day, endDay: c.end_day },
  };
}

/** The saved row of a scope, if any (phase null: the whole campaign's). */
export function savedSummary(db: Db, s: SummaryScope) {
  let q = db.selectFrom('campaign_summaries as s').leftJoin('accounts as a', 'a.id', 's.updated_by').leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['s.id', 's.title', 's.sections', 's.updated_at', 'p.name as updated_by_name'])
    .where('s.campaign_id', '=', s.campaign.id).where('s.org_id', '=', s.org.id);
  q = s.phase ? q.where('s.phase_id', '=', s.phase.id) : q.where('s.phase_id', 'is', null);
  return q.orderBy('s.updated_at', 'desc').executeTakeFirst();
}

/**
 * The summary as saved (its text as edited, the figures fresh), or — none saved, or `fresh` —
 * a draft from the data, not stored until someone saves it.
 */
export async function loadSummary(db: Db, actor: Actor, s: SummaryScope, today: string, fresh = false): Promise<Summary> {
  const figures = await summaryFigures(db, s.org, s.period, today);
  const saved = fresh ? undefined : await savedSummary(db, s);
  const context = { orgName: s.org.name, campaignTitle: s.campaign.title, phase: s.phase, figures };
  return {
    campaignId: s.campaign.id, campaignTitle: s.campaign.title, phaseId: s.phase?.id ?? null, phaseTitle: s.phase?.title ?? null,
    orgId: s.org.id, orgName: s.org.name,
    title: saved?.title ?? draftTitle(context),
    sections: saved ? z.array(SummarySection).parse(JSON.parse(saved.sections)) : draftSections(context),
    figures,
    saved: saved !== undefined,
    updatedAt: saved?.updated_at ?? null,
    updatedBy: saved?.updated_by_name ?? null,
    abilities: campaignsPolicy.can(actor, 'summary.write', atOrg(s.org.path)) ? ['write'] : [],
  };
}

/** The saved summaries of a campaign whose org the caller may read summaries of; newest first. */
export async function listSummaries(db: Db, actor: Actor, campaignId: string) {
  const c = await db.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').select(['c.id', 'o.path']).where('c.id', '=', campaignId).executeTakeFirst();
  if (!c || !canReadCampaign(actor, c.path)) throw new HttpError('not_found');
  const rows = await db.selectFrom('campaign_summaries as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .leftJoin('campaign_phases as ph', 'ph.id', 's.phase_id')
    .leftJoin('accounts as a', 'a.id', 's.updated_by').leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['s.org_id', 'o.name as org_name', 'o.path', 's.phase_id', 'ph.title as phase_title', 's.title', 's.updated_at', 'p.name as updated_by_name'])
    .where('s.campaign_id', '=', c.id)
    .orderBy('s.updated_at', 'desc')
    .limit(500)
    .execute();
  const canWrite = campaignsPolicy.can(actor, 'summary.write', atOrg(c.path))
    || actor.grants.some((g) => g.orgPath !== null && g.orgPath.startsWith(c.path) && campaignsPolicy.can(actor, 'summary.write', atOrg(g.orgPath)));
  return {
    items: rows.filter((r) => campaignsPolicy.can(actor, 'summary.read', atOrg(r.path))).map((r) => ({
      orgId: r.org_id, orgName: r.org_name, phaseId: r.phase_id, phaseTitle: r.phase_title ?? null, title: r.title, updatedAt: r.updated_at, updatedBy: r.updated_by_name ?? null,
    })),
    canWrite,
  };
}
