import { addDays, dayIn, daysBetween } from '@massline/shared';
import { phaseSettingKeys, type Campaign, type Org, type Phase, type PhaseSettings } from '@massline/shared';
import { t } from '@/i18n';
import { useSessionStore } from '@/stores/session';
import { subtreeIds } from '@/modules/orgs/tree';

export const stateLabel = (state: Campaign['state']) => t(`campaigns.state.${state}`);
export const stateTag = (state: Campaign['state']): 'success' | 'warning' | 'info' => (state === 'running' ? 'success' : state === 'upcoming' ? 'warning' : 'info');
export const settingLabel = (key: string) => t(`campaigns.setting.${key}`);
/** What a phase opens, as labels in the settings' order. */
export const opensOf = (settings: PhaseSettings) => phaseSettingKeys.filter((k) => settings[k]);

/** Today, as the campaign reckons days (Beijing's calendar day, like every day column). */
export const todayIso = () => dayIn(new Date());
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export { addDays, daysBetween };
export const addMonths = (day: string, n: number) => {
  const d = new Date(dayMs(day));
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** past | current | future, for a phase against today. */
export function phaseWhen(p: Pick<Phase, 'startDay' | 'endDay'>, today = todayIso()): 'past' | 'current' | 'future' {
  return p.endDay < today ? 'past' : p.startDay > today ? 'future' : 'current';
}

/** Where the caller may start a campaign (its office's subtree), as in the server's policy. */
export function officeOrg(orgs: readonly Org[]): (org: Org) => boolean {
  const session = useSessionStore();
  if (session.isAdmin) return (org) => !org.archived;
  const ids = new Set<string>();
  for (const grant of session.me?.grants ?? []) {
    if (grant.orgId && grant.role === 'office') for (const id of subtreeIds(orgs, grant.orgId)) ids.add(id);
  }
  return (org) => !org.archived && ids.has(org.id);
}

/** Where the caller may write phase summaries (office and secretaries, over their subtree). */
export function summaryOrg(orgs: readonly Org[], roles: readonly string[] = ['office', 'secretary', 'inspector']): (org: Org) => boolean {
  const session = useSessionStore();
  if (session.isAdmin) return () => true;
  const ids = new Set<string>();
  for (const grant of session.me?.grants ?? []) {
    if (grant.orgId && roles.includes(grant.role)) for (const id of subtreeIds(orgs, grant.orgId)) ids.add(id);
  }
  return (org) => ids.has(org.id);
}
