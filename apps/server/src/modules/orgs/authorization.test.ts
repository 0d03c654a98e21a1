import type { Role } from '@massline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, positions, type Position, type TestApp, type Tree } from '../../../test/factories.js';

/**
 * The policy matrix again, through HTTP: proves that every route asks the policy. A refusal is
 * 403 (or 404 where the target itself is out of sight); anything else means the route let the
 * caller through (2xx, or a 409/422 about the data itself).
 */
type Case = { action: string; request: (tree: Tree, where: Position) => { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object } };

const org = (tree: Tree, where: Position) => tree.orgs[tree.at[where]];
const cases: Case[] = [
  { action: 'org.read', request: (t, w) => ({ method: 'GET', url: `/api/people?orgId=${org(t, w).id}&limit=1` }) },
  { action: 'org.create', request: (t, w) => ({ method: 'POST', url: '/api/orgs', payload: { parentId: org(t, w).id, name: `新组织${Math.random()}`, kind: 'other' } }) },
  { action: 'org.update', request: (t, w) => ({ method: 'PATCH', url: `/api/orgs/${org(t, w).id}`, payload: { kind: 'other' } }) },
  { action: 'org.archive', request: (t, w) => ({ method: 'POST', url: `/api/orgs/${org(t, w).id}/restore`, payload: {} }) },
  { action: 'person.update', request: (t, w) => ({ method: 'PATCH', url: `/api/people/${t.members[t.at[w]]}`, payload: { position: '委员' } }) },
  { action: 'roster.export', request: (t, w) => ({ method: 'GET', url: `/api/orgs/${org(t, w).id}/roster.xlsx` }) },
  { action: 'grant.read', request: (t, w) => ({ method: 'GET', url: `/api/grants?orgId=${org(t, w).id}` }) },
  { action: 'grant.create', request: (t, w) => ({ method: 'POST', url: '/api/grants', payload: { personId: t.members[t.at[w]], role: 'cadre', orgId: org(t, w).id } }) },
];

// Expected: who may, and where (the HTTP twin of policy.test.ts). org.read is checked through
// the people filter, so it follows person.read.
const both: Position[] = ['own', 'child'];
const expected: Record<string, Partial<Record<Role, Position[]>>> = {
  'org.read': { office: both, secretary: both, cadre: both, inspector: both },
  'org.create': { office: both },
  'org.update': { office: both },
  'org.archive': { office: ['child'] },
  'person.update': { office: both, secretary: both },
  'roster.export': { office: both, secretary: both, inspector: both },
  'grant.read': { office: both, secretary: both, inspector: both },
  'grant.create': { office: both },
};

const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];

describe.each(roles)('HTTP authorization for %s', (role) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const matrix = cases.flatMap((c) => positions.map((where) => ({ ...c, where })));
  it.each(matrix)('$action on $where', async ({ action, request, where }) => {
    const res = await t.as(role, request(t.tree, where));
    const allowed = role === 'admin' || (expected[action][role] ?? []).includes(where);
    expect(res.statusCode).not.toBe(500);
    if (allowed) expect([200, 201, 409, 422]).toContain(res.statusCode);
    else expect([403, 404]).toContain(res.statusCode);
  });

  it('refuses everything to an anonymous caller with 401', async () => {
    for (const c of cases) {
      const res = await t.as(null, c.request(t.tree, 'own'));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });
});
