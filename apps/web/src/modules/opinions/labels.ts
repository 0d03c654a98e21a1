import { addDays, dayIn } from '@massline/shared';
import { t } from '@/i18n';
import type { Opinion } from '@massline/shared';

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';

export const channelLabel = (channel: string) => t(`opinions.channel.${channel}`);
export const categoryLabel = (category: string) => t(`opinions.category.${category}`);
export const statusLabel = (status: string) => t(`opinions.status.${status}`);
export const handlingLabel = (handling: string) => t(`opinions.handling.${handling}`);

const statusTags: Record<string, TagType> = { received: 'warning', assigned: 'primary', answered: 'success', closed: 'info', merged: 'info' };
export const statusTag = (status: string): TagType => statusTags[status] ?? 'info';

// The four winds in red, the residents' everyday needs in green: the colours the campaign's tables use.
const categoryTags: Record<string, TagType> = {
  formalism: 'danger', bureaucratism: 'danger', hedonism: 'danger', extravagance: 'danger',
  service: 'warning', livelihood: 'success', other: 'info',
};
export const categoryTag = (category: string): TagType => categoryTags[category] ?? 'info';

/** Waiting for an answer: received or assigned (what can become overdue). */
export const isOpen = (o: Pick<Opinion, 'status'>) => o.status === 'received' || o.status === 'assigned';

/** "红旗村党支部 · 王德明", or whichever of the two is set. */
export function assigneeText(o: Pick<Opinion, 'assignee'>): string {
  return [o.assignee.orgName, o.assignee.personName].filter(Boolean).join(' · ');
}

/** Today as the campaign keeps days: Beijing's calendar day, YYYY-MM-DD. */
export const today = () => dayIn(new Date());
export { addDays };

/** The first line of an opinion, for a title or a list. */
export function snippet(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
