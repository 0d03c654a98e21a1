/**
 * The service worker (public/sw.js) that keeps the /m pages on the phone: registered from these
 * pages only, for `/m/` only (the staff app and the public form pages are not under it).
 * Resolves true once the pages are cached, i.e. will open offline.
 */
export async function registerWorker(): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  try {
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/m/' });
    // Not navigator.serviceWorker.ready: it follows the address the page was opened at, and /m
    // (before it is written /m/) is outside the scope. A worker is active only once its install
    // has cached everything; one whose install failed becomes redundant.
    const worker = registration.installing ?? registration.waiting ?? registration.active;
    if (!worker) return false;
    if (worker.state === 'activated') return true;
    return await new Promise<boolean>((resolve) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve(true);
        else if (worker.state === 'redundant') resolve(registration.active?.state === 'activated');
      });
    });
  } catch {
    // No https, storage refused: the pages work online, and it is tried again next time.
    return false;
  }
}
