import { z } from 'zod';
import { Id, pageOf } from '../common.js';

/**
 * The kinds the platform raises itself. Other modules may raise kinds of their own (a notification's
 * `kind` is any short code); the web app shows a generic label for a kind it does not know.
 */
export const notificationKinds = ['rectification.overdue', 'rectification.escalation', 'opinion.overdue', 'opinion.escalation', 'rectification.reopened', 'rectification.callback', 'rectification.verdict_flag', 'digest',
  'study_note.approved', 'study_note.returned', 'material.review'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** An in-app notification (提醒) to the signed-in person. */
export const NotificationItem = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where clicking it leads in the staff app (a path such as /rectification/…), or null. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationListQuery = z.strictObject({
  /** `true`: only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;
export const NotificationPage = pageOf(NotificationItem);
export type NotificationPage = z.infer<typeof NotificationPage>;

export const UnreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;
/** How many notifications a "mark all read" marked. */
export const ReadAllResult = z.object({ marked: z.number().int() });
export type ReadAllResult = z.infer<typeof ReadAllResult>;
