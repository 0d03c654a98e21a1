import type { RouteRecordRaw } from 'vue-router';

export const notificationRoutes: RouteRecordRaw[] = [
  {
    // Everyone signed in has their own notifications: no ability needed.
    path: 'notifications',
    name: 'notifications',
    component: () => import('./NotificationsView.vue'),
    meta: { title: 'notifications.title' },
  },
];
