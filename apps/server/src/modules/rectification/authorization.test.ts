import type { Role } from '@massline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, positions, type Position, type TestApp, type Tree } from '../../../test/factories.js';

/**
 * Rectification's policy as a matrix: role × action × where the item's owner org sits. Allowed
 * means 2xx (or 409/422 about the data); refused means 403, or 404 where the item is out of
 * sight. Items here have no owner in person, so the owner org's secretary moves them.
 */
type Fixture = { items: Record<Position, string>; problems: Record<Position, string> };
type Case = { action: string; request: (t: Tree, where: Position, f: Fixture) => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object } };

const org = (t: Tree, where: Position) => t.orgs[t.at[where]];
const cases: Case[] = [
  { action: 'read', request: (_t, w, f) => ({ method: 'GET', url: `/api/rectifications/${f.items[w]}` }) },
  { action: 'progress.read', request: (t, w) => ({ method: 'GET', url: `/api/rectifications/progress?orgId=${org(t, w).id}` }) },
  { action: 'plan.read', request: (t, w) => ({ method: 'GET', url: `/api/rectification-plans/${org(t, w).id}` }) },
  {
    action: 'create',
    request: (t, w, f) => ({ method: 'POST', url: '/api/rectifications', payload: { problemIds: [f.problems.own], title: '事项', measures: '措施', commitment: '承诺', ownerOrgId: org(t, w).id, deadline: '2026-06-30' } }),
  },
  { action: 'update', request: (_t, w, f) => ({ method: 'PATCH', url: `/api/rectifications/${f.items[w]}`, payload: { commitment: '新的承诺' } }) },
  { action: 'progress', request: (_t, w, f) => ({ method: 'POST', url: `/api/rectifications/${f.items[w]}/progress`, payload: { body: '有进展' } }) },
  { action: 'verify', request: (_t, w, f) => ({ method: 'POST', url: `/api/rectifications/${f.items[w]}/status`, payload: { status: 'verified', reason: '核实' } }) },
  { action: 'publish', request: (_t, w, f) => ({ method: 'POST', url: `/api/rectifications/${f.items[w]}/publish`, payload: { published: false } }) },
  { action: 'plan.submit', request: (t, w) => ({ method: 'POST', url: `/api/rectification-plans/${org(t, w).id}/submit` }) },
  { action: 'plan.decide', request: (t, w) => ({ method: 'POST', url: `/api/rectification-plans/${org(t, w).id}/decide`, payload: { decision: 'approve' } }) },
  { action: 'verdict.codes', request: (t, w) => ({ method: 'POST', url: `/api/rectification-plans/${org(t, w).id}/verdict-codes`, payload: { count: 1 } }) },
];

const both: Position[] = ['own', 'child'];
const expected: Record<string, Partial<Record<Role, Position[]>>> = {
  read: { office: both, secretary: both, inspector: both },
  'progress.read': { office: both, secretary: both, inspector: both },
  'plan.read': { office: both, secretary: both, inspector: both },
  create: { office: both, secretary: both },
  update: { office: both, secretary: both },
  progress: { office: both, secretary: both },
  verify: { office: both, inspector: both },
  publish: { office: both },
  'plan.submit': { office: both, secretary: both },
  'plan.decide': { office: both },
  'verdict.codes': { office: both },
};

const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];

describe.each(roles)('rectification authorization for %s', (role) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = { items: {} as Record<Position, string>, problems: {} as Record<Position, string> };
    for (const where of positions) {
      const p = await t.as('admin', { method: 'POST', url: '/api/problems', payload: { title: `${where} 的问题`, category: 'other', ownerOrgId: org(t.tree, where).id, sources: [{ type: 'inspector', note: '发现' }] } });
      f.problems[where] = p.json().id;
      const res = await t.as('admin', {
        method: 'POST', url: '/api/rectifications',
        payload: { problemIds: [p.json().id], title: `${where} 的事项`, measures: '措施', commitment: '承诺', ownerOrgId: org(t.tree, where).id, deadline: '2026-06-30' },
      });
      expect(res.statusCode).toBe(201);
      f.items[where] = res.json().id;
    }
  });
  afterAll(() => t.close());

  const matrix = cases.flatMap((c) => positions.map((where) => ({ ...c, where })));
  it.each(matrix)('$action on $where', async ({ action, request, where }) => {
    const res = await t.as(role, request(t.tree, where, f));
    const allowed = role === 'admin' || (expected[action][role] ?? []).includes(where);
    expect(res.statusCode, res.body).not.toBe(500);
    if (allowed) expect([200, 201, 409, 422], res.body).toContain(res.statusCode);
    else expect([403, 404], res.body).toContain(res.statusCode);
  });
});
