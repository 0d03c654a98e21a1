import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { testDialect } from '../test/db.js';
import { createTestApp, type TestApp } from '../test/factories.js';

/**
 * Every route the app registers, seen through an onRoute hook added to the Fastify instance
 * before buildApp registers anything: a route added later without documentation fails here.
 */
const registered = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const original = mod.default as unknown as (opts?: unknown) => FastifyInstance;
  const withRouteLog = (opts?: unknown) => {
    const app = original(opts);
    app.addHook('onRoute', (route) => {
      registered.push(route);
    });
    return app;
  };
  return { ...mod, default: withRouteLog, fastify: withRouteLog };
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Write routes that take no body at all: the URL says everything. */
const bodiless = new Set(['POST /api/orgs/:id/archive', 'POST /api/orgs/:id/restore', 'POST /api/auth/logout', 'POST /api/forms/:id/open', 'POST /api/forms/:id/close', 'POST /api/forms/:id/copy', 'POST /api/opinions/:id/publish', 'POST /api/opinions/:id/unpublish', 'POST /api/notifications/:id/read', 'POST /api/notifications/read-all', 'POST /api/rectification-plans/:orgId/submit', 'POST /api/meetings/:id/signin', 'POST /api/campaigns/:id/tasks/template']);
/** Write routes whose body is a file rather than JSON, with its content type. */
const fileBodies: Record<string, string> = { 'POST /api/opinions/:id/attachments': 'application/octet-stream', 'POST /api/public/receipts/attachments': 'application/octet-stream', 'POST /api/orgs/:id/roster': XLSX, 'POST /api/forms/import/xlsform': XLSX, 'POST /api/regulations/:id/document': 'application/octet-stream', 'POST /api/study/readings/:id/file': 'application/octet-stream', 'POST /api/rectifications/:id/attachments': 'application/octet-stream', 'POST /api/meetings/:id/files': 'application/octet-stream', 'POST /api/campaigns/:id/tasks/:taskId/evidence/file': 'application/octet-stream' };

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: Record<string, string[]>[];
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  security?: Record<string, string[]>[];
}

const docPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const methodsOf = (r: RouteOptions) => (Array.isArray(r.method) ? r.method : [r.method]).map((m) => m.toUpperCase());

/** Every string value of `$ref` anywhere in a document. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** Property names of each object branch of a JSON schema (one branch, or one per anyOf/oneOf). */
function branchKeys(schema: Record<string, unknown>): string[][] {
  const branches = (schema.anyOf ?? schema.oneOf ?? [schema]) as Record<string, unknown>[];
  return branches.map((b) => Object.keys((b.properties ?? {}) as object).sort());
}

describe('OpenAPI document', () => {
  let h: TestApp;
  let doc: OpenApiDoc;
  /** "METHOD /url" → route options, for every documented-worthy route (auto HEAD and hidden routes left out). */
  let routes: Map<string, RouteOptions>;

  beforeAll(async () => {
    registered.length = 0;
    h = await createTestApp();
    await h.app.ready();
    const res = await h.as(null, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json();
    const all = registered.flatMap((r) => methodsOf(r).map((m) => [`${m} ${r.url}`, r] as const));
    const gets = new Set(all.filter(([k]) => k.startsWith('GET ')).map(([k]) => k.slice(4)));
    routes = new Map(
      all.filter(([k, r]) => !(r.schema as { hide?: boolean } | undefined)?.hide && !(k.startsWith('HEAD ') && gets.has(k.slice(5)))),
    );
  });
  afterAll(() => h?.close());

  it('saw the routes being registered', () => {
    // Guards the hook itself: without it every later check would pass on an empty list.
    expect(routes.size).toBeGreaterThanOrEqual(20);
    expect([...routes.keys()]).toEqual(expect.arrayContaining(['GET /healthz', 'POST /api/orgs', 'POST /api/orgs/:id/roster', 'DELETE /api/grants/:id', 'GET /api/audit']));
    // The document's own route is hidden, and is the only hidden one.
    const hidden = registered.filter((r) => (r.schema as { hide?: boolean } | undefined)?.hide).map((r) => `${methodsOf(r).join(',')} ${r.url}`);
    expect(hidden).toEqual(['GET /api/openapi.json', 'HEAD /api/openapi.json']);
  });

  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('Massline API');
    expect(doc.info.version).toBe(h.deps.config.version);
    expect(typeof doc.paths).toBe('object');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    expect(schemes).toEqual(['session']);
    for (const requirement of doc.security ?? []) for (const name of Object.keys(requirement)) expect(schemes).toContain(name);

    for (const [p, item] of Object.entries(doc.paths)) {
      expect(p.startsWith('/')).toBe(true);
      for (const key of Object.keys(item)) expect(METHODS as readonly string[]).toContain(key);
      for (const [method, op] of Object.entries(item) as [string, Operation][]) {
        const where = `${method.toUpperCase()} ${p}`;
        expect(op.summary, where).toBeTruthy();
        // Every operation answers something successful, and every response is described.
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), where).toBe(true);
        for (const [status, r] of Object.entries(op.responses)) {
          expect(status, where).toMatch(/^([1-5]\d\d|default)$/);
          expect(typeof r.description, `${where} ${status}`).toBe('string');
        }
        // Each {param} of the path template is declared as a required path parameter, and nothing more.
        const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path');
        expect(declared.map((x) => x.name).sort(), where).toEqual(templated);
        for (const x of declared) expect(x.required, `${where} ${x.name}`).toBe(true);
        for (const x of op.parameters ?? []) expect(['path', 'query', 'header', 'cookie'], where).toContain(x.in);
        for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) expect(schemes, where).toContain(name);
      }
    }
    // Every reference points at a component that exists.
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\/components\//);
      const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('documents every route the app registered, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    const served = [...routes.keys()].map((k) => {
      const [m, url] = k.split(' ');
      return `${m} ${docPath(url)}`;
    }).sort();
    expect(documented).toEqual(served);
  });

  it('gives every JSON body a request schema that matches the route\'s own, unknown fields refused', () => {
    let checked = 0;
    for (const [key, route] of routes) {
      const body = (route.schema as { body?: z.ZodType } | undefined)?.body;
      if (!body) continue;
      checked++;
      const [method, url] = key.split(' ');
      const op = doc.paths[docPath(url)][method.toLowerCase() as 'post']!;
      expect(op.requestBody?.required, key).toBe(true);
      const schema = op.requestBody!.content['application/json']?.schema;
      expect(schema, key).toBeDefined();
      // The same fields as the zod schema the route validates with.
      const expected = z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      expect(branchKeys(schema!), key).toEqual(branchKeys(expected));
      for (const fields of branchKeys(schema!)) expect(fields.length, key).toBeGreaterThan(0);
      const branches = (schema!.anyOf ?? schema!.oneOf ?? [schema]) as Record<string, unknown>[];
      for (const b of branches) {
        expect(b.type, key).toBe('object');
        expect(b.additionalProperties, key).toBe(false);
      }
    }
    // orgs create/update/move, people create/update/account/password-reset, grants, login, password.
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('knows, for every write route, whether it takes a JSON body, a file or nothing', () => {
    // A new write route must either validate a body with a schema or be listed here on purpose.
    for (const [key, route] of routes) {
      if (!/^(POST|PUT|PATCH) /.test(key)) continue;
      const hasSchema = Boolean((route.schema as { body?: unknown } | undefined)?.body);
      const kind = hasSchema ? 'json' : bodiless.has(key) ? 'none' : key in fileBodies ? 'file' : 'undeclared';
      expect(kind, `${key} validates no body and is not listed as body-less or as a file upload`).not.toBe('undeclared');
      if (bodiless.has(key)) {
        const [method, url] = key.split(' ');
        expect(doc.paths[docPath(url)][method.toLowerCase() as 'post']!.requestBody, key).toBeUndefined();
      }
    }
    for (const key of [...bodiless, ...Object.keys(fileBodies)]) expect(routes.has(key), key).toBe(true);
  });

  // BUG: POST /api/orgs/{id}/roster takes the .xlsx file as its body, but the route declares no
  // body schema, so the document has no requestBody: a client generated from it cannot upload.
  it('documents the roster import\'s file body', () => {
    for (const [key, type] of Object.entries(fileBodies)) {
      const [method, url] = key.split(' ');
      const op = doc.paths[docPath(url)][method.toLowerCase() as 'post']!;
      expect(op.requestBody?.required, key).toBe(true);
      expect(op.requestBody!.content[type]?.schema, key).toMatchObject({ type: 'string', format: 'binary' });
    }
  });

  it('documents the error shape on the errors each JSON write route can answer', () => {
    for (const [key, route] of routes) {
      if (!(route.schema as { body?: unknown } | undefined)?.body) continue;
      const [method, url] = key.split(' ');
      const op = doc.paths[docPath(url)][method.toLowerCase() as 'post']!;
      // Every route validating a body can refuse it with 422 in the one error shape.
      const schema = op.responses['422']?.content?.['application/json']?.schema as { properties?: { error?: { required?: string[] } } } | undefined;
      expect(schema?.properties?.error?.required, key).toEqual(['code', 'message']);
    }
  });
});

describe('GET /healthz', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp();
  });
  afterAll(() => h?.close());

  it('reports ok, the database in use and the version, without signing in', async () => {
    const res = await h.as(null, { method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const version = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')).version as string;
    expect(res.json()).toEqual({ status: 'ok', db: testDialect, version });
    expect(res.json().db).toBe(h.deps.dialect);
  });
});
