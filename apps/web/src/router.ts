import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import { ElMessage } from '@/plugins/element';
import { errorMessage } from '@massline/shared';
import AppLayout from '@/layout/AppLayout.vue';
import { authRoutes, loginRoute } from '@/modules/auth/routes';
import { orgRoutes } from '@/modules/orgs/routes';
import { auditRoutes } from '@/modules/audit/routes';
import { formRoutes } from '@/modules/forms/routes';
import { opinionRoutes } from '@/modules/opinions/routes';
import { problemRoutes } from '@/modules/problems/routes';
import { rectificationRoutes } from '@/modules/rectification/routes';
import { regulationRoutes } from '@/modules/regulations/routes';
import { meetingRoutes } from '@/modules/meetings/routes';
import { studyRoutes } from '@/modules/study/routes';
import { materialRoutes } from '@/modules/materials/routes';
import { notificationRoutes } from '@/modules/notifications/routes';
import { campaignRoutes } from '@/modules/campaigns/routes';
import { boardRoutes } from '@/modules/campaigns/board/routes';
import { useSessionStore } from '@/stores/session';
import { notifyError, setUnauthorizedHandler } from '@/api/http';
import { currentLang, t } from '@/i18n';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Ability (from /api/auth/me) the page needs, or a list of which any one will do; the menu shows it only then. */
    ability?: string | readonly string[];
    /** i18n key of the page title. */
    title?: string;
  }
}

/** The first page the user may open, in menu order: 组织架构 is home for office and secretary. */
const homeOrder = [
  { name: 'orgs', ability: 'org.read' },
  { name: 'people', ability: 'person.read' },
  { name: 'grants', ability: 'grant.read' },
  { name: 'forms', ability: 'form.read' },
  { name: 'opinions', ability: 'opinion.read' },
  { name: 'problems', ability: 'problem.read' },
  { name: 'rectifications', ability: 'rect.read' },
  { name: 'regulations', ability: 'regulation.read' },
  { name: 'audit', ability: 'audit.read' },
];

export function homeLocation(): RouteLocationRaw {
  const session = useSessionStore();
  const first = homeOrder.find((item) => session.can(item.ability));
  return { name: first?.name ?? 'account' };
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    loginRoute,
    {
      path: '/',
      component: AppLayout,
      children: [
        // A guard, not a redirect: redirects run before the session is known.
        { path: '', name: 'home', component: { render: () => null }, beforeEnter: () => homeLocation() },
        ...orgRoutes,
        ...campaignRoutes,
        ...formRoutes,
        ...opinionRoutes,
        ...problemRoutes,
        ...rectificationRoutes,
        ...regulationRoutes,
        ...meetingRoutes,
        ...studyRoutes,
        ...materialRoutes,
        ...boardRoutes,
        ...auditRoutes,
        ...notificationRoutes,
        ...authRoutes,
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('@/layout/NotFoundView.vue'),
          meta: { title: 'nav.notFound' },
        },
      ],
    },
  ],
});

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : null;
}

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.loaded) {
    try {
      await session.fetchMe();
    } catch (error) {
      notifyError(error);
    }
  }
  if (to.meta.public) {
    if (session.loggedIn && to.name === 'login') return safeRedirect(to.query.redirect) ?? homeLocation();
    return true;
  }
  if (!session.loggedIn) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (session.mustChangePassword && to.name !== 'account') {
    return { name: 'account', query: { redirect: to.fullPath } };
  }
  if (to.meta.ability && !session.can(to.meta.ability)) return homeLocation();
  return true;
});

export function updateTitle(): void {
  const key = router.currentRoute.value.meta.title;
  const title = key ? t(key) : '';
  document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
}
router.afterEach(() => updateTitle());

let redirecting = false;
setUnauthorizedHandler(() => {
  const session = useSessionStore();
  const wasLoggedIn = session.loggedIn;
  session.clear();
  const current = router.currentRoute.value;
  if (current.meta.public || redirecting) return;
  redirecting = true;
  if (wasLoggedIn) ElMessage.warning(errorMessage('unauthenticated', currentLang()));
  void router
    .push({ name: 'login', query: { redirect: current.fullPath } })
    .finally(() => {
      redirecting = false;
    });
});
