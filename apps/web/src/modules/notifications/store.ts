import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { NotificationItem } from '@massline/shared';
import { notificationsApi } from './api';

/** How often the bell asks for the unread count while the tab is visible. */
export const POLL_MS = 60_000;

/**
 * The unread count behind the bell, shared with the notification centre so that marking read
 * there updates the bell at once. Polls only while the tab is visible; on coming back it asks
 * at once.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  let inflight: Promise<void> | null = null;

  function refresh(): Promise<void> {
    inflight ??= notificationsApi
      .unreadCount()
      .then((r) => {
        unread.value = r.count;
      })
      // A failed poll is not worth a message: the next one tries again (a lost session redirects by itself).
      .catch(() => {})
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  function onVisibility(): void {
    if (!document.hidden) void refresh();
  }

  function start(): void {
    if (timer) return;
    void refresh();
    timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, POLL_MS);
    document.addEventListener('visibilitychange', onVisibility);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    document.removeEventListener('visibilitychange', onVisibility);
    unread.value = 0;
  }

  /** Mark one read (if it was unread) and return it as the server now has it. */
  async function markRead(item: NotificationItem): Promise<NotificationItem> {
    if (item.readAt) return item;
    const updated = await notificationsApi.read(item.id);
    unread.value = Math.max(0, unread.value - 1);
    return updated;
  }

  async function markAllRead(): Promise<number> {
    const { marked } = await notificationsApi.readAll();
    unread.value = 0;
    return marked;
  }

  return { unread, refresh, start, stop, markRead, markAllRead };
});
