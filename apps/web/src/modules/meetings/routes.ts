import type { RouteRecordRaw } from 'vue-router';

export const meetingRoutes: RouteRecordRaw[] = [
  { path: 'meetings', name: 'meetings', component: () => import('./MeetingsView.vue'), meta: { ability: 'meeting.read', title: 'nav.meetings' } },
  { path: 'meetings/:id', name: 'meeting', component: () => import('./MeetingView.vue'), meta: { title: 'meetings.detail.title' } },
  // Opened by scanning a meeting's QR code: anyone signed in may try; the server decides.
  { path: 'signin/:token', name: 'meeting-signin', component: () => import('./SigninView.vue'), meta: { title: 'meetings.signin.pageTitle' } },
];
