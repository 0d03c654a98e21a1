import { errorMessage } from '@massline/shared';
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/factories.js';
import { BODY_LIMIT } from './app.js';
import { findNul, jsonDepthExceeds, MAX_JSON_DEPTH } from './kernel/json-body.js';

/**
 * JSON that used to stall or crash the server (issue 13, section 2): tens of thousands of levels
 * of nesting in 35–60 KB, refused while parsing with 400 in the caller's language, never a 500,
 * nothing written; and the NUL check, which walked the parsed body recursively, no longer can
 * overflow the stack.
 */

const nestedArrays = (depth: number, inner = '0') => '['.repeat(depth) + inner + ']'.repeat(depth);
const nestedNots = (depth: number) => '{"not":'.repeat(depth) + '{"question":"a","op":"answered"}' + '}'.repeat(depth);
/** A JS value nested `depth` levels deep, built without recursion. */
function deepValue(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
  return v;
}

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceeds(nestedArrays(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nestedArrays(33), 32)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
    // Siblings do not add up: depth is how far in, not how many.
    expect(jsonDepthExceeds(`[${Array(10_000).fill('[[]]').join(',')}]`, 3)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[[[[[{{{{{{{{' }), 2)).toBe(false);
    // An escaped quote does not end the string; an escaped backslash before the quote does.
    expect(jsonDepthExceeds(JSON.stringify({ s: '"[[[[[[' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ s: '\\' }) + '[[[[', 2)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: 'x\\' }).replace('}', ',"t":[[[[1]]]]}'), 3)).toBe(true);
  });

  it('scans a body a hundred thousand levels deep, and one never closed, without recursion', () => {
    expect(jsonDepthExceeds(nestedArrays(100_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('findNul', () => {
  it('reports the path of the first NUL, depth first in key order', () => {
    expect(findNul('a\u0000')).toEqual([]);
    expect(findNul({ a: 'x', b: [{ c: 'y' }, { d: 'z\u0000' }], e: '\u0000' })).toEqual(['b', '1', 'd']);
    expect(findNul({ a: [[], {}, null, 1, true], b: 'ok' })).toBeNull();
    expect(findNul(null)).toBeNull();
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    const deep = deepValue(100_000, 'x\u0000');
    const path = findNul(deep);
    expect(path).toHaveLength(100_000);
    expect(path!.slice(0, 4)).toEqual(['k', '0', 'k', '0']);
    expect(findNul(deepValue(100_000, 'clean'))).toBeNull();
  });
});

describe('deeply nested JSON on the real routes', () => {
  let h: TestApp;
  let ballotId: string;
  const key = (n: number) => `json-limits-key-${String(n).padStart(8, '0')}`;
  const yesNo = [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }];
  const definition = (showIf?: unknown) => ({ sections: [{ key: 's', questions: [{ key: 'a', type: 'text', label: '甲' }, { key: 'q', type: 'single', label: '问题', options: yesNo, ...(showIf ? { showIf } : {}) }] }] });
  const formBody = (orgId: string, def: unknown) => ({ orgId, kind: 'custom', title: '问卷', anonymous: true, distribution: 'open', definition: def });
  // A raw JSON body with a deep part spliced in where a real field would be.
  const splice = (body: object, field: string, raw: string) => JSON.stringify({ ...body, [field]: '@@' }).replace('"@@"', raw);

  async function counts(): Promise<Record<string, number>> {
    const db = h.deps.db as unknown as Kysely<any>;
    const out: Record<string, number> = {};
    for (const t of ['forms', 'responses', 'opinions', 'orgs', 'people', 'audit_log', 'sessions']) {
      out[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    }
    return out;
  }
  const send = (who: 'office' | null, method: InjectOptions['method'], url: string, payload: string, lang?: 'en') =>
    h.as(who, { method, url, payload, headers: { 'content-type': 'application/json', ...(lang ? { 'accept-language': lang } : {}) } });

  beforeAll(async () => {
    h = await createTestApp();
    const created = await h.as('office', { method: 'POST', url: '/api/forms', payload: { ...formBody(h.tree.orgs.own.id, definition()), kind: 'resident_survey' } });
    expect(created.statusCode).toBe(201);
    ballotId = created.json().id;
    expect((await h.as('office', { method: 'POST', url: `/api/forms/${ballotId}/open`, payload: {} })).statusCode).toBe(200);
    await h.tokenFor('office');
  });
  afterAll(() => h?.close());

  const cases = () => {
    const own = h.tree.orgs.own.id;
    const opinion = { orgId: own, category: 'livelihood', content: '路灯不亮', idempotencyKey: key(1) };
    return [
      // Public (no session): residents' pages.
      { name: 'public opinion, 40 KB of nested arrays in content', who: null, method: 'POST', url: '/api/public/opinions', body: splice(opinion, 'content', nestedArrays(20_000)) },
      { name: 'public opinion, 60 KB of nested objects as sender', who: null, method: 'POST', url: '/api/public/opinions', body: splice(opinion, 'sender', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)) },
      { name: 'public ballot, 35 KB of nested arrays as answers', who: null, method: 'POST', url: `/api/public/forms/${ballotId}/responses`, body: splice({ idempotencyKey: key(2) }, 'answers', nestedArrays(17_500)) },
      { name: 'public ballot, 100,000 levels deep', who: null, method: 'POST', url: `/api/public/forms/${ballotId}/responses`, body: nestedArrays(100_000) },
      { name: 'sign-in, 50 KB deep', who: null, method: 'POST', url: '/api/auth/login', body: splice({ username: 'office' }, 'password', nestedArrays(25_000)) },
      // Staff: a form whose display condition is 7,000 `not`s deep (zod's recursive schema), and others.
      { name: 'forms create, a 56 KB chain of display conditions', who: 'office', method: 'POST', url: '/api/forms', body: splice(formBody(own, { sections: [] }), 'definition', JSON.stringify(definition({ x: 1 })).replace('{"x":1}', nestedNots(7_000))) },
      { name: 'opinions record, 60 KB of nested arrays', who: 'office', method: 'POST', url: '/api/opinions', body: splice({ orgId: own, channel: 'forum', category: 'service' }, 'content', nestedArrays(30_000)) },
      { name: 'orgs update, 100,000 levels never closed', who: 'office', method: 'PATCH', url: `/api/orgs/${h.tree.orgs.child.id}`, body: `{"name":${'['.repeat(100_000)}` },
      // A route whose own limit is 10 MB for its files: deep JSON is still refused unparsed.
      { name: 'roster import, deep JSON', who: 'office', method: 'POST', url: `/api/orgs/${own}/roster`, body: nestedArrays(30_000) },
    ] as const;
  };

  it('refuses each with 400 json_too_deep in Chinese, no 500, nothing written', async () => {
    for (const c of cases()) {
      expect(c.body.length, c.name).toBeLessThan(BODY_LIMIT);
      const before = await counts();
      const res = await send(c.who, c.method, c.url, c.body);
      expect({ name: c.name, status: res.statusCode, body: res.json() }).toEqual({
        name: c.name, status: 400, body: { error: { code: 'json_too_deep', message: errorMessage('json_too_deep', 'zh-CN', { limit: MAX_JSON_DEPTH }) } },
      });
      expect(res.json().error.message).toBe('提交的内容嵌套层级过深（上限 32 层）');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(await counts(), c.name).toEqual(before);
    }
  });

  it('answers in English when asked', async () => {
    const res = await send(null, 'POST', '/api/public/opinions', nestedArrays(20_000), 'en');
    expect([res.statusCode, res.json()]).toEqual([400, { error: { code: 'json_too_deep', message: 'The request body is nested too deeply (limit 32 levels)' } }]);
  });

  it('draws the line at 32 levels: 32 reaches validation, 33 does not', async () => {
    const at = (depth: number) => send('office', 'POST', '/api/opinions', splice({ orgId: h.tree.orgs.own.id, channel: 'forum', category: 'service' }, 'content', nestedArrays(depth - 1)));
    const ok = await at(32);
    expect([ok.statusCode, ok.json().error.code, ok.json().error.details]).toEqual([422, 'validation_failed', [{ path: 'content', message: expect.any(String) }]]);
    const deep = await at(33);
    expect([deep.statusCode, deep.json().error.code]).toEqual([400, 'json_too_deep']);
  });

  it('still refuses NUL inside nested strings, naming where (422)', async () => {
    const own = h.tree.orgs.own.id;
    const nulLabel = definition();
    (nulLabel.sections[0].questions[1] as { label: string }).label = '问\u0000题';
    const inForm = await h.as('office', { method: 'POST', url: '/api/forms', payload: formBody(own, nulLabel) });
    expect([inForm.statusCode, inForm.json().error.code, inForm.json().error.details]).toEqual([422, 'validation_failed', [{ path: 'definition.sections.0.questions.1.label', message: '不能包含空字符（NUL）' }]]);
    // 30 levels deep, as deep as the parser lets through.
    const before = await counts();
    const deep = await send(null, 'POST', '/api/public/opinions', JSON.stringify({ orgId: own, category: 'livelihood', content: '路灯', sender: deepValue(29, 'a\u0000'), idempotencyKey: key(3) }), 'en');
    expect(deep.statusCode).toBe(422);
    expect(deep.json().error.details).toEqual([{ path: `sender.${Array.from({ length: 29 }, (_, i) => (i % 2 ? 'k' : '0')).join('.')}`, message: 'must not contain NUL characters' }]);
    expect(await counts()).toEqual(before);
  });

  it('caps JSON at the app-wide limit even on a route that takes 10 MB files', async () => {
    const res = await send('office', 'POST', `/api/orgs/${h.tree.orgs.own.id}/roster`, JSON.stringify({ x: 'x'.repeat(BODY_LIMIT) }));
    expect([res.statusCode, res.json()]).toEqual([413, { error: { code: 'body_too_large', message: '提交的内容过大（上限 1024 KB）' } }]);
  });

  it('leaves normal bodies alone: brackets in text, nested conditions, other failures as before', async () => {
    const own = h.tree.orgs.own.id;
    const brackets = await send(null, 'POST', '/api/public/opinions', JSON.stringify({ orgId: own, category: 'livelihood', content: `【路灯】"[[[[{{{{\\${'['.repeat(4000)}`, idempotencyKey: key(4) }));
    expect(brackets.statusCode, brackets.body).toBe(201);
    const nested = { all: [{ any: [{ not: { question: 'a', op: 'answered' } }, { question: 'a', op: 'not_answered' }] }, { not: { not: { question: 'a', op: 'answered' } } }] };
    const form = await h.as('office', { method: 'POST', url: '/api/forms', payload: formBody(own, definition(nested)) });
    expect(form.statusCode, form.body).toBe(201);
    expect(form.json().definition.sections[0].questions[1].showIf).toEqual(nested);
    const malformed = await send(null, 'POST', '/api/public/opinions', '{"orgId": [[[');
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'invalid_json']);
    const poisoned = await send(null, 'POST', '/api/public/opinions', '{"__proto__": {"x": 1}}');
    expect([poisoned.statusCode, poisoned.json().error.code]).toEqual([400, 'invalid_json']);
    const empty = await send(null, 'POST', '/api/public/opinions', '');
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'invalid_json']);
  });
});
