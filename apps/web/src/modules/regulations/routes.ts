import type { RouteRecordRaw } from 'vue-router';

export const regulationRoutes: RouteRecordRaw[] = [
  {
    path: 'regulations',
    name: 'regulations',
    component: () => import('./RegulationsView.vue'),
    meta: { ability: 'regulation.read', title: 'nav.regulations' },
  },
  {
    path: 'regulations/:id',
    name: 'regulation',
    component: () => import('./RegulationView.vue'),
    meta: { ability: 'regulation.read', title: 'regulations.detail.title' },
  },
];
