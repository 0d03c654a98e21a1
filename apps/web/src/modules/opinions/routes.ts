import type { RouteRecordRaw } from 'vue-router';

export const opinionRoutes: RouteRecordRaw[] = [
  {
    path: 'opinions',
    name: 'opinions',
    component: () => import('./OpinionsView.vue'),
    meta: { ability: 'opinion.read', title: 'nav.opinions' },
  },
  {
    path: 'opinions/counts',
    name: 'opinion-counts',
    component: () => import('./OpinionCountsView.vue'),
    meta: { ability: 'opinion.read', title: 'opinions.counts.title' },
  },
  {
    // 纠错 on the published opinions: the office that may publish them answers for them.
    path: 'opinions/flags',
    name: 'opinion-flags',
    component: () => import('./FlagsView.vue'),
    meta: { ability: 'opinion.publish', title: 'opinions.flags.title' },
  },
  {
    // A cadre reads what is assigned to them without opinion.read: the server decides per opinion.
    path: 'opinions/:id',
    name: 'opinion',
    component: () => import('./OpinionView.vue'),
    meta: { title: 'opinions.detail.title' },
  },
];
