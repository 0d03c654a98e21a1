import type { RouteRecordRaw } from 'vue-router';

export const materialRoutes: RouteRecordRaw[] = [
  {
    path: 'materials/mine',
    name: 'my-materials',
    component: () => import('./MyMaterialsView.vue'),
    meta: { ability: 'material.write', title: 'nav.myMaterials' },
  },
  {
    path: 'materials/review',
    name: 'material-review',
    component: () => import('./ReviewListView.vue'),
    meta: { ability: 'material.read', title: 'nav.materialReview' },
  },
  {
    // The author's and the reviewers' page alike (the server says what each may do); review notifications lead here.
    path: 'materials/:id',
    name: 'material',
    component: () => import('./MaterialView.vue'),
    meta: { title: 'materials.detail.title' },
  },
];
