import { reactive, ref } from 'vue';
import { parseRoute, type Route } from '../router';

/**
 * Moving between the two /m screens without reloading: history.pushState, and the address read
 * again on the back button. `/m` is written as `/m/`, the service worker's scope.
 */
if (window.location.pathname === '/m') window.history.replaceState(null, '', `/m/${window.location.search}${window.location.hash}`);

export const route = ref<Route>(parseRoute(window.location.pathname));

window.addEventListener('popstate', () => {
  route.value = parseRoute(window.location.pathname);
});

export function go(path: string): void {
  if (path === window.location.pathname) return;
  // Remembered so that "back to the list" is the browser's back, not one more page in the history.
  window.history.pushState({ fromList: route.value.name === 'tasks' }, '', path);
  route.value = parseRoute(path);
  window.scrollTo(0, 0);
}

/** Back to the list: the browser's back when the list is what came before, else to it. */
export function toList(): void {
  if ((window.history.state as { fromList?: boolean } | null)?.fromList) window.history.back();
  else go('/m/');
}

export const taskPath = (assignmentId: string) => `/m/a/${encodeURIComponent(assignmentId)}`;

/** What the screen shows in the top bar: its title, and a form's progress while it is filled in. */
export const bar = reactive({ title: '', progress: null as number | null, step: '' });
