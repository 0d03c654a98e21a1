import type { RouteRecordRaw } from 'vue-router';

// The builder serves both a new form (created on first save) and an existing one.
const builder = () => import('./FormBuilderView.vue');

export const formRoutes: RouteRecordRaw[] = [
  {
    path: 'forms',
    name: 'forms',
    component: () => import('./FormsView.vue'),
    meta: { ability: 'form.read', title: 'nav.forms' },
  },
  {
    path: 'forms/new',
    name: 'form-new',
    component: builder,
    meta: { ability: 'form.manage', title: 'forms.builder.newTitle' },
  },
  {
    path: 'forms/:id',
    name: 'form-edit',
    component: builder,
    meta: { ability: 'form.read', title: 'forms.builder.title' },
  },
  {
    path: 'forms/:id/distribute',
    name: 'form-distribute',
    component: () => import('./FormDistributeView.vue'),
    meta: { ability: 'form.read', title: 'forms.dist.title' },
  },
  {
    path: 'forms/:id/results',
    name: 'form-results',
    component: () => import('./FormResultsView.vue'),
    meta: { ability: 'form.read', title: 'forms.results.title' },
  },
];
