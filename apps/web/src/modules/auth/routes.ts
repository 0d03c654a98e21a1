import type { RouteRecordRaw } from 'vue-router';

export const loginRoute: RouteRecordRaw = {
  path: '/login',
  name: 'login',
  component: () => import('./LoginView.vue'),
  meta: { public: true, title: 'login.title' },
};

export const authRoutes: RouteRecordRaw[] = [
  { path: 'account', name: 'account', component: () => import('./AccountView.vue'), meta: { title: 'nav.account' } },
];
