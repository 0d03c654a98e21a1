import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

/**
 * The service worker (public/sw.js) run against a fake origin: a Cache Storage made of Maps and
 * a server whose build (version, file list, page) the test changes. The browser path, offline
 * reload included, is in e2e/visits.test.ts; here, what happens across versions.
 */
const source = readFileSync(path.resolve(import.meta.dirname, '../public/sw.js'), 'utf8');
const ORIGIN = 'https://massline.test';
const pathOf = (req: string | { url: string }) => new URL(typeof req === 'string' ? req : req.url, ORIGIN).pathname;

class FakeCache {
  readonly entries = new Map<string, Response>();
  constructor(private readonly net: (req: string | { url: string }) => Promise<Response>) {}
  async match(req: string | { url: string }) {
    return this.entries.get(pathOf(req))?.clone();
  }
  async put(req: string | { url: string }, res: Response) {
    this.entries.set(pathOf(req), res);
  }
  async addAll(reqs: string[]) {
    const got = await Promise.all(reqs.map(async (r) => [r, await this.net(r)] as const));
    for (const [r, res] of got) if (!res.ok) throw new TypeError(`${r}: ${res.status}`);
    for (const [r, res] of got) this.entries.set(pathOf(r), res);
  }
}

/** A build as the server has it; files named `missing` are listed but not there (a half-finished deploy). */
interface Build { version: string | null; entry: string; files: string[]; page: string }

function world() {
  let online = true;
  let build: Build = { version: 'v1', entry: '/assets/answer-1.js', files: ['/favicon.svg', '/assets/answer-1.js', '/assets/vue-1.js'], page: '<script src="/assets/answer-1.js"></script>' };
  const requests: string[] = [];
  const net = async (req: string | { url: string }): Promise<Response> => {
    if (!online) throw new TypeError('Failed to fetch');
    const p = pathOf(req);
    requests.push(p);
    if (p === '/m-offline.json') return build.version ? Response.json({ version: build.version, entry: build.entry, files: build.files, lazy: [] }) : new Response('not found', { status: 404 });
    if (p === '/m/' || p.startsWith('/m/')) return new Response(build.page, { headers: { 'content-type': 'text/html' } });
    if (build.files.includes(p) && !p.includes('missing')) return new Response(`file ${p}`);
    return new Response('not found', { status: 404 });
  };
  const stores = new Map<string, FakeCache>();
  const caches = {
    open: async (name: string) => {
      if (!stores.has(name)) stores.set(name, new FakeCache(net));
      return stores.get(name)!;
    },
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
    // Like the browser's: every cache, in the order they were created.
    match: async (req: string | { url: string }) => {
      for (const c of stores.values()) {
        const hit = await c.match(req);
        if (hit) return hit;
      }
      return undefined;
    },
  };
  const handlers: Record<string, (event: unknown) => void> = {};
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, fn: (event: unknown) => void) => (handlers[type] = fn),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  new Function('self', 'caches', 'fetch', source)(self, caches, net);

  /** Fire an event; the answer given (respondWith) and everything it asked to wait for. */
  async function fire(type: string, extra: Record<string, unknown> = {}) {
    const waits: Promise<unknown>[] = [];
    let answer: Promise<Response> | undefined;
    handlers[type]({ ...extra, waitUntil: (p: Promise<unknown>) => waits.push(p), respondWith: (p: Promise<Response>) => (answer = p) });
    const response = answer ? await answer : undefined;
    await Promise.all(waits);
    return response;
  }
  const get = (pathname: string, mode: 'navigate' | 'cors' = 'cors') => fire('fetch', { request: { method: 'GET', url: `${ORIGIN}${pathname}`, mode } });

  return {
    stores, requests, fire, get,
    setOnline: (v: boolean) => (online = v),
    deploy: (next: Build) => (build = next),
    cached: (name: string) => [...(stores.get(name)?.entries.keys() ?? [])].sort(),
  };
}

const v2: Build = { version: 'v2', entry: '/assets/answer-2.js', files: ['/favicon.svg', '/assets/answer-2.js', '/assets/vue-1.js', '/assets/MobileApp-2.js'], page: '<script src="/assets/answer-2.js"></script>' };

describe('the /m service worker', () => {
  let w: ReturnType<typeof world>;
  beforeEach(async () => {
    w = world();
    await w.fire('install');
    await w.fire('activate');
  });

  it('installs with the page and every file of the build cached, the page last', () => {
    expect([...w.stores.keys()]).toEqual(['massline-m-v1']);
    expect(w.cached('massline-m-v1')).toEqual(['/assets/answer-1.js', '/assets/vue-1.js', '/favicon.svg', '/m/']);
  });

  it('opens any /m page offline from the kept page, and files from the cache; the API is not its business', async () => {
    w.setOnline(false);
    expect(await (await w.get('/m/a/some-task', 'navigate'))!.text()).toBe('<script src="/assets/answer-1.js"></script>');
    expect(await (await w.get('/m/', 'navigate'))!.text()).toContain('answer-1.js');
    expect(await (await w.get('/assets/vue-1.js'))!.text()).toBe('file /assets/vue-1.js');
    expect(await w.get('/api/my/assignments')).toBeUndefined();
    expect(await w.get('/f/some-form', 'navigate')).toBeUndefined();
    expect(await w.get('/', 'navigate')).toBeUndefined();
  });

  it('prefers the network for the page when online, and then caches a new build, dropping the old one once complete', async () => {
    w.deploy(v2);
    const page = await w.get('/m/', 'navigate');
    expect(await page!.text()).toContain('answer-2.js');
    expect([...w.stores.keys()]).toEqual(['massline-m-v2']);
    expect(w.cached('massline-m-v2')).toEqual(['/assets/MobileApp-2.js', '/assets/answer-2.js', '/assets/vue-1.js', '/favicon.svg', '/m/']);
    w.setOnline(false);
    expect(await (await w.get('/m/a/x', 'navigate'))!.text()).toContain('answer-2.js');
    // Nothing new: the file list is read, nothing else fetched again.
    w.setOnline(true);
    w.requests.length = 0;
    await w.get('/m/', 'navigate');
    expect(w.requests).toEqual(['/m/', '/m-offline.json']);
  });

  it('keeps the version it has when the new one cannot be cached whole', async () => {
    // A file of the new build is missing (a half-finished deploy): v1 stays, complete.
    w.deploy({ ...v2, files: [...v2.files, '/assets/missing.js'] });
    await w.get('/m/', 'navigate');
    expect(w.cached('massline-m-v1')).toContain('/m/');
    expect(w.cached('massline-m-v2')).not.toContain('/m/');
    w.setOnline(false);
    expect(await (await w.get('/m/', 'navigate'))!.text()).toBe('<script src="/assets/answer-1.js"></script>');
  });

  it('refuses a page and a file list from different builds', async () => {
    w.deploy({ ...v2, page: '<script src="/assets/answer-3.js"></script>' });
    await w.get('/m/', 'navigate');
    expect(w.cached('massline-m-v2')).not.toContain('/m/');
    expect(w.cached('massline-m-v1')).toContain('/m/');
  });

  it('does not install without its file list (a dev server), nor with a file missing', async () => {
    const dev = world();
    dev.deploy({ ...v2, version: null });
    await expect(dev.fire('install')).rejects.toThrow('/m-offline.json: 404');
    expect([...dev.stores.keys()]).toEqual([]);
    const broken = world();
    broken.deploy({ ...v2, files: [...v2.files, '/assets/missing.js'] });
    await expect(broken.fire('install')).rejects.toThrow('/assets/missing.js: 404');
    expect(broken.cached('massline-m-v2')).toEqual([]);
  });
});
