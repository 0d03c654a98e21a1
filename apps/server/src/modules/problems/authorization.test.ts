import type { Role } from '@massline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, positions, type Position, type TestApp, type Tree } from '../../../test/factories.js';
import { insertOpinion, insertResponse, openForm } from '../../../test/problems.js';
import { seedRules } from './index.js';

/**
 * The problem registry's policy as a matrix: role × action × where the target sits (the problem's
 * owner org, the opinion's org, the answer's org). Allowed means 2xx (or 409/422 about the data);
 * refused means 403, or 404 where the target is out of sight.
 */
type Fixture = { problems: Record<Position, string>; opinions: () => Promise<Record<Position, string>>; answers: Record<Position, { formId: string; responseId: string }> };
type Case = { action: string; request: (t: Tree, where: Position, f: Fixture) => Promise<{ method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }> };

const org = (t: Tree, where: Position) => t.orgs[t.at[where]];
const inspector = [{ type: 'inspector', note: '督导组发现' }];

const cases: Case[] = [
  { action: 'problem.read', request: async (_t, w, f) => ({ method: 'GET', url: `/api/problems/${f.problems[w]}` }) },
  { action: 'problem.counts', request: async (t, w) => ({ method: 'GET', url: `/api/problems/counts?orgId=${org(t, w).id}` }) },
  { action: 'problem.create', request: async (t, w) => ({ method: 'POST', url: '/api/problems', payload: { title: '问题', category: 'other', ownerOrgId: org(t, w).id, sources: inspector } }) },
  { action: 'problem.update', request: async (_t, w, f) => ({ method: 'PATCH', url: `/api/problems/${f.problems[w]}`, payload: { severity: 'serious' } }) },
  { action: 'problem.status', request: async (_t, w, f) => ({ method: 'POST', url: `/api/problems/${f.problems[w]}/status`, payload: { status: 'rectifying' } }) },
  { action: 'problem.sources', request: async (_t, w, f) => ({ method: 'POST', url: `/api/problems/${f.problems[w]}/sources`, payload: { sources: inspector } }) },
  // An opinion at `where` turned into a problem of the caller's own org.
  {
    action: 'opinion.source',
    request: async (t, w, f) => ({ method: 'POST', url: '/api/problems', payload: { title: '问题', category: 'other', ownerOrgId: t.orgs.own.id, sources: [{ type: 'opinion', opinionId: (await f.opinions())[w] }] } }),
  },
  // An answer given at `where` (to a form of that org) raised in one click.
  { action: 'answer.raise', request: async (_t, w, f) => ({ method: 'POST', url: '/api/problems/from-answer', payload: { ...f.answers[w], question: 'detail' } }) },
  // The low marks of a form of the org at `where`: read like its results.
  { action: 'answer.low', request: async (_t, w, f) => ({ method: 'GET', url: `/api/problems/low-answers?formId=${f.answers[w].formId}&question=score` }) },
];

const both: Position[] = ['own', 'child'];
const expected: Record<string, Partial<Record<Role, Position[]>>> = {
  'problem.read': { office: both, secretary: both, inspector: both },
  'problem.counts': { office: both, secretary: both, inspector: both },
  'problem.create': { office: both, secretary: both },
  'problem.update': { office: both, secretary: both },
  'problem.status': { office: both, secretary: both },
  'problem.sources': { office: both, secretary: both },
  // The owner org is `own`, so only the opinion's place varies; a cadre manages no problem anywhere.
  'opinion.source': { office: both, secretary: both },
  'answer.raise': { office: both, secretary: both },
  // Forms reach down their subtree, so their readers also read the township's forms above them.
  'answer.low': { office: [...both, 'parent'], secretary: [...both, 'parent'], inspector: [...both, 'parent'] },
};

const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];

describe.each(roles)('problem registry authorization for %s', (role) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    await seedRules(t.deps);
    const problems = {} as Record<Position, string>;
    const answers = {} as Fixture['answers'];
    for (const where of positions) {
      const res = await t.as('admin', { method: 'POST', url: '/api/problems', payload: { title: `${where} 的问题`, category: 'other', ownerOrgId: org(t.tree, where).id, sources: inspector } });
      expect(res.statusCode).toBe(201);
      problems[where] = res.json().id;
      const formId = await openForm(t, { orgId: org(t.tree, where).id, kind: 'resident_survey', anonymous: true, who: 'admin' });
      answers[where] = { formId, responseId: await insertResponse(t.deps, { formId, orgId: org(t.tree, where).id, answers: { detail: `${where} 的意见` } }) };
    }
    // A fresh opinion per request: each may feed one problem only.
    const opinions = async () => Object.fromEntries(await Promise.all(positions.map(async (w) => [w, await insertOpinion(t.deps, { orgId: org(t.tree, w).id, content: `${w} 的意见` })]))) as Record<Position, string>;
    f = { problems, answers, opinions };
  });
  afterAll(() => t.close());

  const matrix = cases.flatMap((c) => positions.map((where) => ({ ...c, where })));
  it.each(matrix)('$action on $where', async ({ action, request, where }) => {
    const res = await t.as(role, await request(t.tree, where, f));
    const allowed = role === 'admin' || (expected[action][role] ?? []).includes(where);
    expect(res.statusCode, res.body).not.toBe(500);
    if (allowed) expect([200, 201, 409, 422], res.body).toContain(res.statusCode);
    else expect([403, 404], res.body).toContain(res.statusCode);
  });

  it('lists only the problems in reach', async () => {
    const res = await t.as(role, { method: 'GET', url: '/api/problems?limit=100' });
    expect(res.statusCode).toBe(200);
    const seen = new Set(res.json().items.map((p: { id: string }) => p.id));
    for (const where of positions) {
      const allowed = role === 'admin' || (expected['problem.read'][role] ?? []).includes(where);
      expect(seen.has(f.problems[where]), where).toBe(allowed);
    }
  });

  it('lets only the office keep the rule catalogue, and every staff member read it', async () => {
    expect((await t.as(role, { method: 'GET', url: '/api/rules' })).statusCode).toBe(200);
    const res = await t.as(role, { method: 'POST', url: '/api/rules', payload: { parentId: null, title: `${role} 的制度` } });
    expect(res.statusCode).toBe(role === 'admin' || role === 'office' ? 201 : 403);
    const patch = await t.as(role, { method: 'PATCH', url: '/api/rules/seed-frugality', payload: { body: '条例全文' } });
    expect(patch.statusCode).toBe(role === 'admin' || role === 'office' ? 200 : 403);
  });

  it('refuses everything to an anonymous caller with 401', async () => {
    for (const c of cases) {
      const res = await t.as(null, await c.request(t.tree, 'own', f));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
    expect((await t.as(null, { method: 'GET', url: '/api/rules' })).statusCode).toBe(401);
    expect((await t.as(null, { method: 'GET', url: '/api/problems.xlsx' })).statusCode).toBe(401);
  });
});
