import { materialStatusLabels, phaseSettingLabels, type MaterialStatus } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../../database.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import { canReadMaterial } from '../policy.js';
import { findMaterial, type MaterialRow } from '../queries.js';
import { phaseState } from '../read.js';
import { campaignDay } from '../../../kernel/clock.js';

export type Trx = Transaction<Database>;

export const statusLabel = (s: string) => materialStatusLabels[s as MaterialStatus] ?? s;

/** The material, if the caller may read it; otherwise not found (an id out of sight is not told apart from none). */
export async function readable(trx: Trx, actor: Actor, id: string): Promise<Outcome<MaterialRow>> {
  const m = await findMaterial(trx, id);
  return m && canReadMaterial(actor, m) ? ok(m) : refuse('not_found');
}

/**
 * Writing and submitting need the campaign's phase of today to open materials (the material's own
 * campaign, not whichever campaign is nearest the org). Reviewing does not: a material submitted on
 * the phase's last day is still reviewed after it.
 */
export async function phaseOpen(trx: Trx, campaign: { id: string; title: string; start_day: string; end_day: string }, day: string): Promise<Outcome<null>> {
  const phase = await phaseState(trx, campaign.id, day);
  if (!phase.title) return refuse('material_not_running', { campaign: campaign.title, start: campaign.start_day, end: campaign.end_day });
  if (!phase.open) return refuse('phase_closed', { campaign: campaign.title, phase: phase.title, what: phaseSettingLabels.materials['zh-CN'], whatEn: phaseSettingLabels.materials.en });
  return ok(null);
}

/**
 * Move the status with a guarded update, so two requests racing on one material cannot both
 * win: the loser is refused as if it had read the new status.
 */
export async function moveStatus(trx: Trx, m: MaterialRow, from: readonly string[], set: Partial<Database['materials']> & { updated_at: string }): Promise<Outcome<null>> {
  if (m.status === 'approved' && !from.includes('approved')) return refuse('material_approved');
  if (!from.includes(m.status)) return refuse('material_status', { status: statusLabel(m.status) });
  const r = await trx.updateTable('materials').set(set).where('id', '=', m.id).where('status', '=', m.status).where('version', '=', m.version).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return refuse('material_status', { status: statusLabel(m.status) });
  return ok(null);
}

export const today = (now: Date) => campaignDay(now);
