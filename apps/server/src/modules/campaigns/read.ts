import { PhaseSettings, type Campaign, type Phase } from '@massline/shared';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { campaignsPolicy, canReadCampaign } from './policy.js';

const campaignRows = (db: Db) =>
  db.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').selectAll('c').select(['o.name as org_name', 'o.path as org_path']);
type Row = Awaited<ReturnType<ReturnType<typeof campaignRows>['execute']>>[number];

async function present(db: Db, actor: Actor, rows: Row[], today: string): Promise<Campaign[]> {
  if (rows.length === 0) return [];
  const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', 'in', rows.map((r) => r.id)).orderBy('seq').execute();
  return rows.map((r) => {
    const own: Phase[] = phases.filter((p) => p.campaign_id === r.id).map((p) => ({
      id: p.id, seq: Number(p.seq), key: p.key, title: p.title, startDay: p.start_day, endDay: p.end_day, settings: PhaseSettings.parse(JSON.parse(p.settings)),
    }));
    const state = today < r.start_day ? 'upcoming' : today > r.end_day ? 'ended' : 'running';
    return {
      id: r.id, orgId: r.org_id, orgName: r.org_name, title: r.title, template: r.template as Campaign['template'], startDay: r.start_day, endDay: r.end_day, state,
      phases: own, currentPhase: own.find((p) => p.startDay <= today && today <= p.endDay) ?? null,
      abilities: campaignsPolicy.can(actor, 'campaign.manage', atOrg(r.org_path)) ? ['manage'] : [],
    };
  });
}

/** The campaigns the reader may read: of their orgs, above them and below them; newest first. */
export async function listCampaigns(db: Db, actor: Actor, orgId: string | undefined, today: string): Promise<Campaign[]> {
  let rows = await campaignRows(db).orderBy('c.start_day', 'desc').orderBy('c.id').limit(500).execute();
  rows = rows.filter((r) => canReadCampaign(actor, r.org_path));
  if (orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
    if (!org) throw new HttpError('not_found');
    // An org's campaigns: those made for it, above it (covering it) or below it.
    rows = rows.filter((r) => org.path.startsWith(r.org_path) || r.org_path.startsWith(org.path));
  }
  return present(db, actor, rows, today);
}

export async function loadCampaign(db: Db, actor: Actor, id: string, today: string): Promise<Campaign> {
  const row = await campaignRows(db).where('c.id', '=', id).executeTakeFirst();
  if (!row || !canReadCampaign(actor, row.org_path)) throw new HttpError('not_found');
  return (await present(db, actor, [row], today))[0];
}

/** The campaign running today for an org: the nearest one made for it or for an org above it. */
export async function currentCampaign(db: Db, actor: Actor, orgPath: string, today: string): Promise<Campaign | null> {
  const ids = orgPath.split('/').filter(Boolean);
  const rows = await campaignRows(db).where('c.org_id', 'in', ids).where('c.start_day', '<=', today).where('c.end_day', '>=', today).execute();
  rows.sort((a, b) => b.org_path.length - a.org_path.length);
  const [nearest] = await present(db, actor, rows.slice(0, 1), today);
  return nearest ?? null;
}

/** Today's phase of the campaign covering an org (the nearest one made for it or above it), or null. */
export async function phaseNow(db: Db, orgPath: string, today: string): Promise<PhaseNow | null> {
  const ids = orgPath.split('/').filter(Boolean);
  const rows = await db
    .selectFrom('campaign_phases as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id as campaign_id', 'c.title as campaign_title', 'c.start_day', 'p.start_day as phase_start_day', 'p.key', 'p.title', 'p.settings', 'o.path'])
    .where('c.org_id', 'in', ids)
    .where('p.start_day', '<=', today)
    .where('p.end_day', '>=', today)
    .execute();
  rows.sort((a, b) => b.path.length - a.path.length);
  const r = rows[0];
  if (!r) return null;
  return {
    campaignId: r.campaign_id, campaignTitle: r.campaign_title, campaignStartDay: r.start_day, phaseStartDay: r.phase_start_day,
    phaseKey: r.key, phaseTitle: r.title, settings: PhaseSettings.parse(JSON.parse(r.settings)),
  };
}

export interface PhaseNow {
  campaignId: string;
  campaignTitle: string;
  campaignStartDay: string;
  phaseStartDay: string;
  phaseKey: string;
  phaseTitle: string;
  settings: PhaseSettings;
}

/** What the phase of today opens for an org (no running campaign: nothing is closed by it). */
export async function openNow(db: Db, orgPath: string, today: string): Promise<PhaseSettings | null> {
  return (await phaseNow(db, orgPath, today))?.settings ?? null;
}

/** The campaign covering an org on a day (the nearest made for it or above it, whatever its phase), or null. */
export async function campaignOn(db: Db, orgPath: string, day: string): Promise<{ id: string; title: string; orgId: string; startDay: string; endDay: string } | null> {
  const ids = orgPath.split('/').filter(Boolean);
  const rows = await campaignRows(db).where('c.org_id', 'in', ids).where('c.start_day', '<=', day).where('c.end_day', '>=', day).execute();
  rows.sort((a, b) => b.org_path.length - a.org_path.length);
  const r = rows[0];
  return r ? { id: r.id, title: r.title, orgId: r.org_id, startDay: r.start_day, endDay: r.end_day } : null;
}
