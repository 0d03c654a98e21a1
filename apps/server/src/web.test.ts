import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createTestDeps, type TestDeps } from '../test/db.js';

/**
 * The built web app as the server hands it out: two pages (the staff app's index.html and the
 * residents' answer.html), faked here by a dist folder of marker files.
 */
describe('serving the web app', () => {
  let dist: string;
  let deps: TestDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'massline-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>staff</title>');
    writeFileSync(path.join(dist, 'answer.html'), '<!doctype html><title>answer</title>');
    writeFileSync(path.join(dist, 'assets', 'answer-abc123.js'), 'export {}');
    writeFileSync(path.join(dist, 'sw.js'), "self.addEventListener('fetch', () => {});");
    writeFileSync(path.join(dist, 'm-offline.json'), '{"version":"v1","entry":"/assets/answer-abc123.js","files":["/assets/answer-abc123.js"],"lazy":[]}');
    deps = await createTestDeps({ webDist: dist });
    app = await buildApp({ ...deps, serveWeb: true });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers the phone page for public form links, with or without a code or an org', async () => {
    for (const url of ['/f/0192f0e4-aaaa-7bbb-8ccc-123456789abc', '/f/some-form/', '/f/some-form?code=ABCD2345', '/f/some-form?org=org-1&code=abcd-2345']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe('<!doctype html><title>answer</title>');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
    }
  });

  it('answers the phone page for the signed-in pages, /m itself included', async () => {
    for (const url of ['/m', '/m/', '/m/a/0192f0e4-aaaa-7bbb-8ccc-123456789abc', '/m/a/some-task/', '/m/?from=qr']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe('<!doctype html><title>answer</title>');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    // Only /m and below: a staff route that merely starts with "m" is the staff app's.
    expect((await app.inject({ method: 'GET', url: '/meetings' })).body).toBe('<!doctype html><title>staff</title>');
  });

  it('answers the phone page for the opinion pages (/o/:orgId, /r, /p[/:orgId]), unlogged', async () => {
    // A server that logs requests, to see which ones it would write down.
    const logged = await buildApp({ ...deps, serveWeb: true, logger: true });
    const levels = new Map<string, string>();
    logged.addHook('onRequest', async (request) => {
      levels.set(request.url, request.log.level);
    });
    try {
      for (const url of ['/o/0192f0e4-aaaa-7bbb-8ccc-123456789abc', '/o/org-1/', '/o/org-1?from=poster', '/r', '/r/', '/r?x=1', '/r/anything', '/p', '/p/', '/p/org-1', '/p/org-1?from=receipt', '/d/org-1', '/d/i/item-1', '/d/i/item-1?from=poster']) {
        const res = await logged.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toBe('<!doctype html><title>answer</title>');
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.headers['cache-control'], url).toBe('no-cache');
        expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
        // Who opened which village's poster, or a receipt page, is not written down.
        expect(levels.get(url), url).toBe('silent');
      }
      // The staff app's own routes that merely start with o or r stay the staff app's.
      for (const url of ['/opinions', '/reports', '/problems', '/people', '/o', '/d']) {
        expect((await logged.inject({ method: 'GET', url })).body, url).toBe('<!doctype html><title>staff</title>');
      }
      // ...and are logged as usual: the check above can tell.
      expect(levels.get('/opinions')).not.toBe('silent');
      // Only GET (and HEAD).
      expect((await logged.inject({ method: 'HEAD', url: '/r' })).statusCode).toBe(200);
      for (const url of ['/o/x', '/p/x', '/d/x']) {
        const post = await logged.inject({ method: 'POST', url, headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: {} });
        expect(post.statusCode, url).toBe(404);
      }
    } finally {
      await logged.close();
    }
  });

  it('serves the service worker and its file list uncached, as script and JSON, and lets it run', async () => {
    const sw = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.body).toBe("self.addEventListener('fetch', () => {});");
    expect(sw.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    // Checked for a new version at every visit, never taken from a cache.
    expect(sw.headers['cache-control']).toBe('no-cache');
    // A same-origin worker is allowed (worker-src falls back to script-src 'self'); its scope /m/ needs no Service-Worker-Allowed.
    const csp = String(sw.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('worker-src');
    expect(sw.headers['service-worker-allowed']).toBeUndefined();
    const list = await app.inject({ method: 'GET', url: '/m-offline.json' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    expect(list.headers['cache-control']).toBe('no-cache');
    expect(list.json().version).toBe('v1');
  });

  it('still answers the staff app for its own routes, and 404 for missing assets and API routes', async () => {
    for (const url of ['/', '/orgs', '/forms/abc', '/login?next=/f/x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).toBe('<!doctype html><title>staff</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/answer-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/answer-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const api = await app.inject({ method: 'GET', url: '/api/f/x' });
    expect(api.json().error.code).toBe('route_not_found');
  });

  it('answers only GET (and HEAD) with the page', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/f/x' })).statusCode).toBe(200);
    const post = await app.inject({ method: 'POST', url: '/f/x', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: {} });
    expect(post.statusCode).toBe(404);
    expect((await app.inject({ method: 'HEAD', url: '/m/' })).statusCode).toBe(200);
    const postM = await app.inject({ method: 'POST', url: '/m/a/x', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: {} });
    expect(postM.statusCode).toBe(404);
  });
});
