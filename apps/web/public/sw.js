/*
 * The signed-in phone pages (/m/) on the phone, for field visits with no network.
 * Registered by those pages only, with scope /m/: the staff app and the public form pages
 * (/f/…) never pass through it. Plain JavaScript, served as is (no build step, no cache: the
 * browser checks it for changes at every visit).
 *
 * What it keeps: the page (answer.html, as served at /m/) and every file it loads, lazy chunks
 * included, as listed at build time in /m-offline.json ({ version, entry, files }). One cache per
 * version, `massline-m-<version>`, filled files first and the page last, so a cache with its page
 * is complete; older versions are deleted once a newer one is complete.
 *
 * How it answers:
 *  - opening /m/… : the network first (the newest page when online, and then a check for a new
 *    version in the background); the kept page when the network fails or takes over 6 s;
 *  - /assets/… and /favicon.svg : the kept copy (names carry a content hash), else the network;
 *  - anything else, the API included: not touched. Answers and visits wait in the page's own
 *    outbox (IndexedDB), never here.
 */
const PREFIX = 'massline-m-';
const SHELL = '/m/';
const MANIFEST = '/m-offline.json';
const NAVIGATION_TIMEOUT_MS = 6000;

/** Cache the version the server has now, unless it is cached already; then drop older ones. */
async function refresh() {
  const res = await fetch(MANIFEST, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${MANIFEST}: ${res.status}`);
  const manifest = await res.json();
  const name = PREFIX + manifest.version;
  const cache = await caches.open(name);
  if (!(await cache.match(SHELL))) {
    await cache.addAll(manifest.files);
    const shell = await fetch(SHELL, { cache: 'no-store', credentials: 'same-origin' });
    if (!shell.ok) throw new Error(`${SHELL}: ${shell.status}`);
    // The page and the list must come from the same build: a deploy in between is cached next time.
    const html = await shell.clone().text();
    if (!html.includes(manifest.entry)) throw new Error('page and file list differ');
    await cache.put(SHELL, shell);
  }
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== name) await caches.delete(key);
  }
}

self.addEventListener('install', (event) => {
  // Active only with everything cached: a half-cached version would fail offline.
  event.waitUntil(refresh().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

let refreshing = null;
function refreshInBackground(event) {
  if (!refreshing) {
    refreshing = refresh().catch(() => undefined).then(() => {
      refreshing = null;
    });
  }
  event.waitUntil(refreshing);
}

/** The kept page, from whichever complete version has it (the oldest first: its files are all still there). */
const keptPage = () => caches.match(SHELL, { ignoreSearch: true });

async function page(event) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const res = await fetch(event.request, { signal: controller.signal });
    if (res.ok) {
      refreshInBackground(event);
      return res;
    }
    // A gateway's error page: the kept page is more use.
    return (await keptPage()) || res;
  } catch (_error) {
    return (await keptPage()) || Response.error();
  } finally {
    clearTimeout(timer);
  }
}

async function asset(request) {
  const kept = await caches.match(request);
  return kept || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/m' || url.pathname.startsWith('/m/'))) {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(asset(request));
  }
});
