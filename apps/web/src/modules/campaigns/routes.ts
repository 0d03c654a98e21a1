import type { RouteRecordRaw } from 'vue-router';

export const campaignRoutes: RouteRecordRaw[] = [
  {
    path: 'campaigns',
    name: 'campaigns',
    component: () => import('./CampaignsView.vue'),
    meta: { ability: 'campaign.read', title: 'nav.campaigns' },
  },
  {
    path: 'campaigns/:id',
    name: 'campaign',
    component: () => import('./CampaignView.vue'),
    meta: { ability: 'campaign.read', title: 'campaigns.detail.title' },
  },
  {
    // ?orgId=&phaseId= (no phaseId: the whole campaign).
    path: 'campaigns/:id/summary',
    name: 'campaign-summary',
    component: () => import('./SummaryView.vue'),
    meta: { ability: 'summary.read', title: 'campaigns.summary.title' },
  },
];
