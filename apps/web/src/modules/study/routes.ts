import type { RouteRecordRaw } from 'vue-router';

export const studyRoutes: RouteRecordRaw[] = [
  {
    path: 'study',
    name: 'study',
    component: () => import('./StudyView.vue'),
    meta: { ability: 'study.note', title: 'nav.study' },
  },
  {
    // Where a review notification leads (see the server's reviewNote).
    path: 'study/notes/:id',
    name: 'study-note',
    component: () => import('./NoteView.vue'),
    meta: { ability: 'study.note', title: 'study.note.title' },
  },
];
