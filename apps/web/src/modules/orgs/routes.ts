import type { RouteRecordRaw } from 'vue-router';

export const orgRoutes: RouteRecordRaw[] = [
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('./OrgTreeView.vue'),
    meta: { ability: 'org.read', title: 'nav.orgs' },
  },
  {
    path: 'people',
    name: 'people',
    component: () => import('./PeopleView.vue'),
    meta: { ability: 'person.read', title: 'nav.people' },
  },
  {
    path: 'grants',
    name: 'grants',
    component: () => import('./GrantsView.vue'),
    meta: { ability: 'grant.read', title: 'nav.grants' },
  },
];
