import type { NotificationItem } from '@massline/shared';
import type { NotificationRow } from './queries.js';

/** What a person sees of their notification: never whose it is or its dedupe key. */
export const presentNotification = (n: NotificationRow): NotificationItem => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.created_at,
  readAt: n.read_at,
});
