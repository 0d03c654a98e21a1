import type { NotificationItem, NotificationPage, ReadAllResult, UnreadCount } from '@massline/shared';
import { http } from '@/api/http';

export const notificationsApi = {
  list: (opts: { unread: boolean; cursor?: string; limit?: number }) =>
    http.get<NotificationPage>('/api/notifications', { unread: opts.unread ? 'true' : undefined, cursor: opts.cursor, limit: opts.limit ?? 20 }),
  unreadCount: () => http.get<UnreadCount>('/api/notifications/unread-count'),
  read: (id: string) => http.post<NotificationItem>(`/api/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => http.post<ReadAllResult>('/api/notifications/read-all'),
};
