import type { RouteRecordRaw } from 'vue-router';

export const problemRoutes: RouteRecordRaw[] = [
  {
    path: 'problems',
    name: 'problems',
    component: () => import('./ProblemsView.vue'),
    meta: { ability: 'problem.read', title: 'nav.problems' },
  },
  {
    // Any signed-in staff member reads the catalogue; the office keeps it.
    path: 'problems/rules',
    name: 'rules',
    component: () => import('./RulesView.vue'),
    meta: { title: 'problems.rules.title' },
  },
  {
    // A cadre reads the problems they own without problem.read: the server decides per problem.
    path: 'problems/:id',
    name: 'problem',
    component: () => import('./ProblemView.vue'),
    meta: { title: 'problems.detail.title' },
  },
];
