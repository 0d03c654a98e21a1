import type { RouteRecordRaw } from 'vue-router';

export const boardRoutes: RouteRecordRaw[] = [
  // ?campaignId=&orgId= (no campaign: the first running one the user reads).
  { path: 'board', name: 'board', component: () => import('./BoardView.vue'), meta: { ability: 'campaign.read', title: 'nav.board' } },
];
