import { phaseSettingLabels, type PhaseSettingKey } from '@massline/shared';
import type { Db } from '../../database.js';
import { ok, refuse, type Outcome } from '../../kernel/errors.js';
import { phaseNow } from './read.js';

/**
 * A phase gate for other modules' commands: refused with `phase_closed` (naming the campaign,
 * its phase of today and what is closed) when the campaign covering the org is in a phase that
 * does not open `setting`. No campaign covering the org today closes nothing: orgs that run no
 * campaign (and data from before one) keep working as they did.
 */
export async function phaseGate(db: Db, orgPath: string, today: string, setting: PhaseSettingKey): Promise<Outcome<null>> {
  const closed = await closedPhase(db, orgPath, today, setting);
  return closed ? refuse('phase_closed', closed) : ok(null);
}

/**
 * The same test for a given day, as the params of `phase_closed` (campaign, phase, what in
 * Chinese, whatEn), or null when the phase of that day opens `setting` or no campaign covers it.
 */
export async function closedPhase(db: Db, orgPath: string, day: string, setting: PhaseSettingKey): Promise<{ campaign: string; phase: string; what: string; whatEn: string } | null> {
  const now = await phaseNow(db, orgPath, day);
  if (!now || now.settings[setting]) return null;
  const what = phaseSettingLabels[setting];
  return { campaign: now.campaignTitle, phase: now.phaseTitle, what: what['zh-CN'], whatEn: what.en };
}
