import type { Role } from '@massline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertAccount, insertGrant, insertPerson, positions, type Position, type TestApp, type Tree } from '../../../test/factories.js';
import { minimalDocx } from '../../../test/documents.js';

/**
 * The register's policy as a matrix: role × action × where the rule (or the org it is made at)
 * sits. Allowed means 2xx (or 409/422 about the data); refused means 403, or 404 where the target
 * is out of sight.
 */
type Fixture = { regs: Record<Position, string>; problems: Record<Position, string>; ownProblem: string; docx: Buffer };
type Request = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object | Buffer; headers?: Record<string, string> };
type Case = { action: string; request: (t: Tree, where: Position, f: Fixture) => Request };

const org = (t: Tree, where: Position) => t.orgs[t.at[where]];

const cases: Case[] = [
  { action: 'regulation.read', request: (_t, w, f) => ({ method: 'GET', url: `/api/regulations/${f.regs[w]}` }) },
  { action: 'regulation.download', request: (_t, w, f) => ({ method: 'GET', url: `/api/regulations/${f.regs[w]}/document` }) },
  { action: 'regulation.create', request: (t, w) => ({ method: 'POST', url: '/api/regulations', payload: { title: '制度', orgId: org(t, w).id, type: 'new', effectiveDay: '2026-03-01' } }) },
  { action: 'regulation.update', request: (_t, w, f) => ({ method: 'PATCH', url: `/api/regulations/${f.regs[w]}`, payload: { type: 'revised' } }) },
  { action: 'regulation.link', request: (_t, w, f) => ({ method: 'POST', url: `/api/regulations/${f.regs[w]}/problems`, payload: { problemIds: [f.ownProblem] } }) },
  { action: 'regulation.unlink', request: (_t, w, f) => ({ method: 'DELETE', url: `/api/regulations/${f.regs[w]}/problems/${f.problems[w]}` }) },
  {
    action: 'regulation.upload',
    request: (_t, w, f) => ({ method: 'POST', url: `/api/regulations/${f.regs[w]}/document?name=x.docx`, payload: f.docx, headers: { 'content-type': 'application/octet-stream' } }),
  },
];

const both: Position[] = ['own', 'child'];
const expected: Record<string, Partial<Record<Role, Position[]>>> = {
  'regulation.read': { office: both, secretary: both, inspector: both, cadre: both },
  'regulation.download': { office: both, secretary: both, inspector: both, cadre: both },
  'regulation.create': { office: both, secretary: both },
  'regulation.update': { office: both, secretary: both },
  'regulation.link': { office: both, secretary: both },
  'regulation.unlink': { office: both, secretary: both },
  'regulation.upload': { office: both, secretary: both },
};

const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];

async function fixture(t: TestApp): Promise<Fixture> {
  const docx = await minimalDocx('制度', ['第一条']);
  const regs = {} as Record<Position, string>;
  const problems = {} as Record<Position, string>;
  for (const where of positions) {
    const p = await t.as('admin', { method: 'POST', url: '/api/problems', payload: { title: `${where} 的问题`, category: 'other', ownerOrgId: org(t.tree, where).id, sources: [{ type: 'inspector', note: '发现' }] } });
    expect(p.statusCode).toBe(201);
    problems[where] = p.json().id;
    const r = await t.as('admin', { method: 'POST', url: '/api/regulations', payload: { title: `${where} 的制度`, orgId: org(t.tree, where).id, type: 'new', effectiveDay: '2026-03-01', problemIds: [problems[where]] } });
    expect(r.statusCode).toBe(201);
    regs[where] = r.json().id;
    const up = await t.as('admin', { method: 'POST', url: `/api/regulations/${regs[where]}/document`, payload: docx, headers: { 'content-type': 'application/octet-stream' } });
    expect(up.statusCode).toBe(200);
  }
  const own = await t.as('admin', { method: 'POST', url: '/api/problems', payload: { title: '本村的另一个问题', category: 'other', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '发现' }] } });
  return { regs, problems, ownProblem: own.json().id, docx };
}

describe.each(roles)('建章立制 authorization for %s', (role) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await fixture(t);
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

  it('lists and exports only the rules in reach', async () => {
    const res = await t.as(role, { method: 'GET', url: '/api/regulations?limit=100' });
    expect(res.statusCode).toBe(200);
    const seen = new Set(res.json().items.map((r: { id: string }) => r.id));
    for (const where of positions) {
      const allowed = role === 'admin' || (expected['regulation.read'][role] ?? []).includes(where);
      expect(seen.has(f.regs[where]), where).toBe(allowed);
    }
    const xlsx = await t.as(role, { method: 'GET', url: '/api/regulations.xlsx' });
    expect(xlsx.statusCode).toBe(200);
  });

  it('refuses everything to an anonymous caller with 401', async () => {
    for (const c of cases) {
      const res = await t.as(null, c.request(t.tree, 'own', f));
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'unauthenticated']);
    }
    for (const url of ['/api/regulations', '/api/regulations.xlsx']) expect((await t.as(null, { method: 'GET', url })).statusCode).toBe(401);
  });
});

describe('建章立制: who may do what, exactly', () => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await fixture(t);
    // The secretary of another township.
    const person = await insertPerson(t.deps, '另一镇书记', [t.tree.orgs.other.id]);
    await insertAccount(t.deps, person, 'secretary2');
    await insertGrant(t.deps, person, 'secretary', t.tree.orgs.other.id);
  });
  afterAll(() => t.close());

  const status = async (who: string, where: Position, action: string) => {
    const c = cases.find((x) => x.action === action)!;
    return (await t.as(who, c.request(t.tree, where, f))).statusCode;
  };

  it('gives another township\'s secretary 404, whatever they try', async () => {
    for (const c of cases) expect(await status('secretary2', 'own', c.action), c.action).toBe(404);
    const list = await t.as('secretary2', { method: 'GET', url: '/api/regulations' });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([f.regs.other]);
    expect((await t.as('secretary2', { method: 'GET', url: `/api/regulations?orgId=${t.tree.orgs.own.id}` })).statusCode).toBe(404);
    // In their own township they manage as the secretary of `own` does in theirs.
    expect(await status('secretary2', 'other', 'regulation.update')).toBe(200);
  });

  it('keeps the secretary to their subtree: the parent and the sibling are out of sight', async () => {
    for (const where of ['parent', 'sibling'] as const) {
      for (const c of cases) expect(await status('secretary', where, c.action), `${c.action} on ${where}`).toBe(404);
    }
    expect(await status('secretary', 'child', 'regulation.update')).toBe(200);
  });

  it('lets cadres and inspectors read, never manage (403)', async () => {
    for (const who of ['cadre', 'inspector']) {
      expect(await status(who, 'own', 'regulation.read')).toBe(200);
      expect(await status(who, 'child', 'regulation.download')).toBe(200);
      for (const action of ['regulation.create', 'regulation.update', 'regulation.link', 'regulation.upload']) expect(await status(who, 'own', action), `${who} ${action}`).toBe(403);
    }
    // The cadre may not even name a problem they cannot read: the refusal is about the rule first.
    expect(await status('cadre', 'own', 'regulation.unlink')).toBe(403);
  });
});
