import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createSession } from '../modules/auth/sessions.js';
import { createTestDeps, type TestDeps } from '../../test/db.js';
import { seedTree, type Tree } from '../../test/factories.js';
import { BALLOT_ROUTES, residentGroup } from './request-log.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('which requests are residents\'', () => {
  it('tells resident paths by prefix, loosely, and leaves staff paths alone', () => {
    const cases: [string, string, string | null][] = [
      ['GET', '/f/form-1?code=ABCD2345', 'pages'], ['GET', '/f', 'pages'], ['GET', '/o/org-1/', 'pages'], ['GET', '/r', 'pages'],
      ['GET', '/p?x=1', 'pages'], ['GET', '/d/i/item-1', 'pages'], ['POST', '/f/x', 'pages'],
      // Looser than the router: a case, a doubled slash or an escape does not make a resident's request loggable.
      ['GET', '/F/form-1', 'pages'], ['GET', '//f/form-1', 'pages'], ['GET', '/%66/form-1', 'pages'], ['GET', '/%zz/../f/x', null],
      ['GET', '/assets/answer-abc.js', 'assets'], ['GET', '/assets/index-abc.css', 'assets'], ['GET', '/favicon.svg', 'assets'], ['GET', '/answer.html', 'assets'],
      ['GET', '/api/public/forms/x', 'public_api'], ['POST', '/api/public/receipts/view', 'public_api'], ['GET', '/API/Public/orgs/x', 'public_api'],
      ['POST', '/api/public/opinions', 'ballots'], ['POST', '/api/public/forms/x/responses', 'ballots'], ['GET', '/api/public/opinions', 'public_api'],
      ['POST', '/api/my/assignments/a-1/responses', 'ballots'], ['POST', '/api/my/assignments/:id/responses', 'ballots'],
      ['POST', '/api/opinions/o-1/callback', 'ballots'], ['GET', '/api/opinions/o-1', null], ['POST', '/api/opinions', null],
      // Staff: logged.
      ['GET', '/api/my/assignments', null], ['GET', '/api/my/assignments/a-1/responses', null], ['GET', '/m/a/1', null], ['GET', '/m', null],
      ['GET', '/opinions', null], ['GET', '/reports', null], ['GET', '/fx', null], ['GET', '/api/publicity', null], ['GET', '/api/forms/x', null],
      ['GET', '/sw.js', null], ['GET', '/', null], ['GET', '/healthz', null],
    ];
    for (const [method, url, group] of cases) expect(residentGroup(method, url), `${method} ${url}`).toBe(group);
  });

  it('lists exactly the routes whose commands cast a ballot', () => {
    // Every top-level function of the modules that calls castBallot, directly or through another such function...
    const root = fileURLToPath(new URL('../modules', import.meta.url));
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
    });
    const files = walk(root).map((p) => ({ p, src: readFileSync(p, 'utf8') }));
    const casters = new Set(['castBallot']);
    for (let grew = true; grew;) {
      grew = false;
      for (const { src } of files) {
        const starts = [...src.matchAll(/^(?:export )?(?:async )?function (\w+)/gm)];
        starts.forEach((m, i) => {
          const body = src.slice(m.index, starts[i + 1]?.index ?? src.length);
          if (!casters.has(m[1]) && [...casters].some((c) => new RegExp(`\\b${c}\\(`).test(body.slice(m[0].length)))) {
            casters.add(m[1]);
            grew = true;
          }
        });
      }
    }
    expect([...casters]).toEqual(expect.arrayContaining(['submitResponse', 'answerAssignment', 'submitPublicOpinion', 'replyByReceipt', 'flagOpinion', 'flagItem']));
    // ...is called by a route: the nearest route declared before the call is the one.
    const routes = new Set<string>();
    for (const { src } of files) {
      for (const c of casters) {
        if (c === 'castBallot') continue;
        for (const call of src.matchAll(new RegExp(`await ${c}\\(`, 'g'))) {
          const declared = [...src.slice(0, call.index).matchAll(/\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)].at(-1);
          if (declared) routes.add(`${declared[1].toUpperCase()} ${declared[2]}`);
        }
      }
    }
    expect([...routes].sort()).toEqual([...BALLOT_ROUTES].sort());
  });
});

const ballotDefinition = {
  sections: [{ key: 'ballot', title: '民主测评', questions: [{ key: 'team', type: 'single', label: '领导班子整体', required: true, options: [{ value: 'good', label: '满意' }, { value: 'bad', label: '不满意' }] }] }],
};

/** Marks of the residents' requests: none may appear in any log line. */
const UA = 'resident-phone-UA-7f3a';
const ADDRESS = '203.0.113.77';
const CODE = 'SECRETCODE7F3A';
const CONTENT = '村口路灯坏了三个月7f3a';

describe('the request log', () => {
  let dist: string;
  let deps: TestDeps;
  let tree: Tree;
  let app: FastifyInstance;
  const lines: string[] = [];
  /** Request id of the latest request, as the app saw it (requests are sent one at a time). */
  let lastId = '';
  const residents: { key: string; id: string; group: string; status: number; headers: Record<string, unknown> }[] = [];
  const staff: { key: string; id: string; status: number }[] = [];

  const cookie = async (username: string) => {
    const account = await deps.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    return `massline_sid=${await createSession(deps, deps.db, account.id)}`;
  };
  const send = (opts: InjectOptions & { url: string; method: string }, headers: Record<string, string> = {}) =>
    app.inject({ ...opts, headers: { host: 'massline.test', origin: 'http://massline.test', ...headers, ...(opts.headers as Record<string, string>) } });
  const resident = async (group: string, opts: InjectOptions & { url: string; method: string }, as?: string) => {
    const res = await send(opts, { 'user-agent': UA, 'x-forwarded-for': ADDRESS, ...(as ? { cookie: await cookie(as) } : {}) });
    residents.push({ key: `${opts.method} ${opts.url}`, id: lastId, group, status: res.statusCode, headers: res.headers });
    return res;
  };
  const asStaff = async (username: string, opts: InjectOptions & { url: string; method: string }) => {
    const res = await send(opts, { cookie: await cookie(username) });
    staff.push({ key: `${opts.method} ${opts.url}`, id: lastId, status: res.statusCode });
    return res;
  };

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'massline-log-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>staff</title>');
    writeFileSync(path.join(dist, 'answer.html'), '<!doctype html><title>answer</title>');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, 'assets', 'answer-abc123.js'), 'export {}');
    deps = await createTestDeps({ webDist: dist });
    tree = await seedTree(deps);
    app = await buildApp({ ...deps, serveWeb: true, logger: { stream: { write: (line) => void lines.push(line) } } });
    // Routes added after the kernel, as a module would add them: one resident, one staff, both failing.
    app.post('/api/public/test-failure', async () => {
      throw new Error('resident failure 7f3a');
    });
    app.get('/api/test-staff-failure', async () => {
      throw new Error('staff failure');
    });
    app.addHook('onRequest', async (request) => {
      lastId = request.id;
    });

    // Staff: set up an open anonymous ballot, and a few reads.
    const created = await asStaff('office', { method: 'POST', url: '/api/forms', payload: { orgId: tree.orgs.own.id, kind: 'evaluation', title: '测评', anonymous: true, distribution: 'open', definition: ballotDefinition } });
    expect(created.statusCode).toBe(201);
    const formId = created.json().id as string;
    expect((await asStaff('office', { method: 'POST', url: `/api/forms/${formId}/open`, payload: {} })).statusCode).toBe(200);
    expect((await asStaff('office', { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await asStaff('secretary', { method: 'GET', url: '/api/orgs' })).statusCode).toBe(200);
    expect((await asStaff('office', { method: 'GET', url: '/api/test-staff-failure' })).statusCode).toBe(500);

    // Residents: every group, successes and failures.
    const own = tree.orgs.own.id;
    for (const url of [`/f/${formId}?code=${CODE}`, `/o/${own}`, '/r', `/p/${own}`, '/d/i/item-7f3a']) {
      expect((await resident('pages', { method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await resident('pages', { method: 'POST', url: `/f/${formId}/${CODE}`, payload: {} })).statusCode).toBe(404);
    expect((await resident('assets', { method: 'GET', url: '/assets/answer-abc123.js' })).statusCode).toBe(200);
    expect((await resident('assets', { method: 'GET', url: '/favicon.svg' })).statusCode).toBe(200);
    expect((await resident('assets', { method: 'GET', url: '/assets/missing-7f3a.js' })).statusCode).toBe(404);
    expect((await resident('public_api', { method: 'GET', url: `/api/public/forms/${formId}` })).statusCode).toBe(200);
    const bad = await resident('ballots', { method: 'POST', url: '/api/public/opinions', payload: { orgId: own, category: 'livelihood', content: CONTENT, idempotencyKey: 'short' } });
    expect(bad.statusCode).toBe(422);
    const malformed = await resident('ballots', { method: 'POST', url: '/api/public/opinions', headers: { 'content-type': 'application/json' }, payload: `{"content": "${CONTENT}` });
    expect(malformed.statusCode).toBe(400);
    expect((await resident('public_api', { method: 'GET', url: `/api/public/nothing-${CODE}` })).statusCode).toBe(404);
    expect((await resident('public_api', { method: 'POST', url: '/api/public/test-failure', payload: { content: CONTENT } })).statusCode).toBe(500);
    const opinion = await resident('ballots', { method: 'POST', url: '/api/public/opinions', payload: { orgId: own, category: 'livelihood', content: CONTENT, idempotencyKey: 'log-test-opinion-0001' } });
    expect(opinion.statusCode).toBe(201);
    const response = await resident('ballots', { method: 'POST', url: `/api/public/forms/${formId}/responses`, payload: { answers: { team: 'good' }, idempotencyKey: 'log-test-response-0001' } });
    expect(response.statusCode).toBe(201);
    // A surveyor's anonymous answers, signed in: as silent (no such assignment here).
    const answered = await resident('ballots', { method: 'POST', url: `/api/my/assignments/${formId}/responses`, payload: { answers: { team: 'good' }, idempotencyKey: 'log-test-assignment-01' } }, 'surveyor');
    expect(answered.statusCode).toBe(404);

    // The hour's counts are written at shutdown, twenty minutes on.
    deps.clock.advance(20 * 60_000);
    await app.close();
  });
  afterAll(async () => {
    await app?.close();
    await deps?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

  it('writes not one line about a resident\'s request, an error or a 404 included', () => {
    expect(residents).toHaveLength(17);
    expect(new Set(residents.map((r) => r.id)).size).toBe(17);
    const text = lines.join('');
    for (const mark of [UA, ADDRESS, CODE, CONTENT, '7f3a', '/f/', '/o/', '/p/', '/d/', '"/r"', '/assets', 'favicon', '/api/public', '/api/my/assignments', 'resident failure']) {
      expect(text, mark).not.toContain(mark);
    }
    for (const r of residents) {
      expect(r.id, r.key).toMatch(UUID);
      expect(text, r.key).not.toContain(r.id);
    }
    // Every line that is about a request is about a staff request.
    const staffIds = new Set(staff.map((s) => s.id));
    const about = parsed().filter((l) => l.reqId !== undefined);
    expect(about.length).toBeGreaterThan(0);
    for (const l of about) expect(staffIds.has(l.reqId), JSON.stringify(l)).toBe(true);
  });

  it('echoes no request id in a resident\'s response', () => {
    for (const r of residents) {
      const id = r.id;
      for (const [name, value] of Object.entries(r.headers)) expect(String(value), `${r.key} ${name}`).not.toContain(id);
      expect(r.headers['request-id']).toBeUndefined();
      expect(r.headers['x-request-id']).toBeUndefined();
    }
  });

  it('logs staff requests, errors included, under random request ids', () => {
    const logged = parsed();
    for (const s of staff) {
      const id = s.id;
      expect(id, s.key).toMatch(UUID);
      const mine = logged.filter((l) => l.reqId === id);
      expect(mine.map((l) => l.msg), s.key).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
      expect(mine.find((l) => l.msg === 'incoming request')?.req.url, s.key).toBe(s.key.split(' ')[1]);
      expect(mine.find((l) => l.msg === 'request completed')?.res.statusCode, s.key).toBe(s.status);
    }
    const failure = logged.find((l) => l.msg === 'unhandled error');
    expect(failure?.err.message).toBe('staff failure');
    expect(failure?.reqId).toBe(staff.find((s) => s.key === 'GET /api/test-staff-failure')?.id);
    // Not a counter: distinct, and no two consecutive requests' ids are close.
    const staffIds = staff.map((s) => s.id);
    expect(new Set(staffIds).size).toBe(staffIds.length);
    const [a, b] = staffIds;
    expect(Math.abs(parseInt(a.slice(0, 8), 16) - parseInt(b.slice(0, 8), 16))).toBeGreaterThan(1);
  });

  it('keeps what the law asks of residents\' traffic as counts per group and hour, nothing else', () => {
    const counts = parsed().filter((l) => l.msg === 'resident requests (counts only)');
    expect(counts).toHaveLength(1);
    const expected: Record<string, Record<string, number>> = {};
    for (const r of residents) {
      const cls = r.status === 429 ? '429' : `${Math.floor(r.status / 100)}xx`;
      (expected[r.group] ??= {})[cls] = (expected[r.group][cls] ?? 0) + 1;
    }
    expect(expected).toEqual({ pages: { '2xx': 5, '4xx': 1 }, assets: { '2xx': 2, '4xx': 1 }, public_api: { '2xx': 1, '4xx': 1, '5xx': 1 }, ballots: { '2xx': 2, '4xx': 3 } });
    expect(counts[0].residentRequests).toEqual(expected);
    // The window is named by whole hours (the test clock started at 08:00 UTC and stopped at 08:20).
    expect(counts[0]).toMatchObject({ from: '2026-03-01T08:00:00.000Z', to: '2026-03-01T09:00:00.000Z' });
    expect(Object.keys(counts[0]).sort()).toEqual(['from', 'hostname', 'level', 'msg', 'pid', 'residentRequests', 'time', 'to']);
  });
});
