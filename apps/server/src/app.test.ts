import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/factories.js';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends the security headers on every response, errors included', async () => {
    for (const url of ['/healthz', '/api/people', '/api/nothing-here']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    }
  });

  it('answers repeated identical queries correctly (statements are reused)', async () => {
    const first = (await t.as('office', { method: 'GET', url: '/api/people?limit=3' })).json();
    for (let i = 0; i < 5; i++) expect((await t.as('office', { method: 'GET', url: '/api/people?limit=3' })).json()).toEqual(first);
    const other = (await t.as('office', { method: 'GET', url: `/api/people?limit=3&orgId=${t.tree.orgs.child.id}` })).json();
    expect(other.items.map((p: { name: string }) => p.name)).toEqual(['成员红旗村第一党小组']);
  });
});
