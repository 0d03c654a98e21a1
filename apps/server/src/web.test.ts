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
  });
});
