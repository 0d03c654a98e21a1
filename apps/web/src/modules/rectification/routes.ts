import type { RouteRecordRaw } from 'vue-router';

export const rectificationRoutes: RouteRecordRaw[] = [
  {
    // Owners without rect.read (a cadre) still open the list of their own items: the server filters.
    path: 'rectification',
    name: 'rectifications',
    component: () => import('./RectificationsView.vue'),
    meta: { title: 'nav.rectification' },
  },
  {
    path: 'rectification/progress',
    name: 'rectification-progress',
    component: () => import('./ProgressBoardView.vue'),
    meta: { ability: 'rect.read', title: 'rectification.board.title' },
  },
  {
    path: 'rectification/plans/:orgId',
    name: 'rectification-plan',
    component: () => import('./PlanView.vue'),
    meta: { ability: 'rect.read', title: 'rectification.plan.title' },
  },
  {
    path: 'rectification/flags',
    name: 'rectification-flags',
    component: () => import('./FlagsView.vue'),
    meta: { ability: 'rect.publish', title: 'rectification.flags.title' },
  },
  {
    // Who may call back is the office of a level above or an inspector: either ability opens it.
    path: 'rectification/callbacks',
    name: 'rectification-callbacks',
    component: () => import('./CallbacksView.vue'),
    meta: { ability: ['verdict.callback', 'verdict.inspect'], title: 'rectification.callbacks.title' },
  },
  {
    path: 'rectification/:id',
    name: 'rectification',
    component: () => import('./RectificationView.vue'),
    meta: { title: 'rectification.detail.title' },
  },
];
