import { massLinePhases, type PhaseSettings } from '@massline/shared';
import { t } from '@/i18n';
import { addDays, addMonths } from './labels';

/** A phase as the editor holds it: dates may still be empty. */
export interface PhaseDraft {
  key: string;
  title: string;
  startDay: string;
  endDay: string;
  settings: PhaseSettings;
}

export const noSettings = (): PhaseSettings => ({ rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false });
export const templatePhases = (): PhaseDraft[] => massLinePhases.map((p) => ({ key: p.key, title: p.title, startDay: '', endDay: '', settings: { ...p.settings } }));

/** From a first day: one month, two months, three months, each phase starting the day after the last. */
export function scheduleFrom(phases: PhaseDraft[], start: string): PhaseDraft[] {
  let from = start;
  return phases.map((p, i) => {
    const end = addDays(addMonths(from, i + 1), -1);
    const next = { ...p, startDay: from, endDay: end };
    from = addDays(end, 1);
    return next;
  });
}

/**
 * The checks the server makes, said before sending: every phase named and dated, keys well
 * formed and unique, no phase ending before it starts or overlapping the one before.
 */
export function phasesProblem(phases: PhaseDraft[], custom: boolean): string | null {
  const seen = new Set<string>();
  for (const [i, p] of phases.entries()) {
    if (custom && !p.key.trim()) return t('campaigns.form.keyRequired', { n: i + 1 });
    if (custom && !/^[a-z0-9_]+$/.test(p.key.trim())) return t('campaigns.form.keyInvalid');
    if (custom && seen.has(p.key.trim())) return t('campaigns.form.keyTwice', { key: p.key.trim() });
    seen.add(p.key.trim());
    if (!p.title.trim()) return t('campaigns.form.phaseTitleRequired', { n: i + 1 });
    if (!p.startDay || !p.endDay || p.endDay < p.startDay) return t('campaigns.form.datesRequired', { title: p.title });
    if (i > 0 && p.startDay <= phases[i - 1].endDay) return t('campaigns.form.overlap', { first: phases[i - 1].title, second: p.title });
  }
  return null;
}
