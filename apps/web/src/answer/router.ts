/**
 * The phone pages' routes, read from the address once: each page is opened from a link or a
 * QR code, so there is no in-app navigation to keep in history and vue-router would be dead weight.
 *   /f/:formId[?code=XXXXXXXX][&org=ORGID]   a public form or ballot (no sign-in)
 * Signed-in answering (`/m/...`: my assignments, field visits) will be added here; the server
 * already sends answer.html for the paths this entry owns.
 */
export type Route = { name: 'form'; formId: string } | { name: 'not_found' };

export function parseRoute(pathname: string): Route {
  const form = /^\/f\/([^/]+)\/?$/.exec(pathname);
  if (form) {
    try {
      return { name: 'form', formId: decodeURIComponent(form[1]) };
    } catch {
      return { name: 'not_found' };
    }
  }
  return { name: 'not_found' };
}
