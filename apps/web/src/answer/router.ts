/**
 * The phone pages' routes, read from the address: each page is opened from a link or a QR code,
 * so vue-router would be dead weight. The signed-in pages (`/m/…`) move between their two screens
 * with history.pushState (see mobile/nav.ts) and read the address again on popstate.
 *   /f/:formId[?code=XXXXXXXX][&org=ORGID]   a public form or ballot (no sign-in)
 *   /m/                                      my assignments (sign-in first), works offline
 *   /m/a/:assignmentId                       answering one assignment, or recording a field visit
 *   /o/:orgId                                send an opinion (提意见), from a poster's QR code
 *   /r[#RECEIPT]                             an opinion's progress by its receipt code (查询办理情况);
 *                                            the code only ever in the fragment, never sent to the server
 *   /p[/:orgId]                              the answered opinions the office chose to publish (意见答复公开),
 *                                            all of them or an org's subtree, each with its 纠错 button
 *   /d/:orgId                                an org's published rectification list (整改公示)
 *   /d/i/:id                                 one published rectification item: evidence, 群众评议, 纠错
 */
export type Route =
  | { name: 'form'; formId: string }
  | { name: 'tasks' }
  | { name: 'task'; assignmentId: string }
  | { name: 'opinion'; orgId: string }
  | { name: 'receipt' }
  | { name: 'answers'; orgId: string | null }
  | { name: 'disclosure'; orgId: string }
  | { name: 'disclosureItem'; id: string }
  | { name: 'not_found' };

const decode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export function parseRoute(pathname: string): Route {
  const form = /^\/f\/([^/]+)\/?$/.exec(pathname);
  if (form) {
    const formId = decode(form[1]);
    return formId ? { name: 'form', formId } : { name: 'not_found' };
  }
  if (/^\/m\/?$/.test(pathname)) return { name: 'tasks' };
  const task = /^\/m\/a\/([^/]+)\/?$/.exec(pathname);
  if (task) {
    const assignmentId = decode(task[1]);
    return assignmentId ? { name: 'task', assignmentId } : { name: 'not_found' };
  }
  const opinion = /^\/o\/([^/]+)\/?$/.exec(pathname);
  if (opinion) {
    const orgId = decode(opinion[1]);
    return orgId ? { name: 'opinion', orgId } : { name: 'not_found' };
  }
  if (/^\/r\/?$/.test(pathname)) return { name: 'receipt' };
  if (/^\/p\/?$/.test(pathname)) return { name: 'answers', orgId: null };
  const answers = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (answers) {
    const orgId = decode(answers[1]);
    return orgId ? { name: 'answers', orgId } : { name: 'not_found' };
  }
  const item = /^\/d\/i\/([^/]+)\/?$/.exec(pathname);
  if (item) {
    const id = decode(item[1]);
    return id ? { name: 'disclosureItem', id } : { name: 'not_found' };
  }
  // `/d/i` is the items' prefix, never an org.
  const disclosure = /^\/d\/(?!i\/?$)([^/]+)\/?$/.exec(pathname);
  if (disclosure) {
    const orgId = decode(disclosure[1]);
    return orgId ? { name: 'disclosure', orgId } : { name: 'not_found' };
  }
  return { name: 'not_found' };
}

/** The /m pages live under `/m/` (the service worker's scope): `/m` is written as `/m/`. */
export const isMobileRoute = (r: Route): r is Extract<Route, { name: 'tasks' | 'task' }> => r.name === 'tasks' || r.name === 'task';
