import { dayRangeMessage, errorCatalog, errorMessage, type ErrorCode, type Lang } from '@massline/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { readChangeCounters } from './db.js';
import { HttpError } from './errors.js';
import { findNul } from './json-body.js';
import type { Actor } from './policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    /** Resolved lazily by `authenticate`; undefined until then, null when anonymous. */
    actorCache: Actor | null | undefined;
  }
}

export const SESSION_COOKIE = 'massline_sid';

export function langOf(request: FastifyRequest): Lang {
  const chosen = request.headers['x-massline-lang'] ?? request.headers['accept-language'] ?? '';
  return String(chosen).trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Validation failure carrying zod's raw issues, translated once the caller's language is known. */
class ZodValidationError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('validation_failed');
  }
}

const locales = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

const nulMessage = { 'zh-CN': '不能包含空字符（NUL）', en: 'must not contain NUL characters' };

function issueMessage(issue: z.core.$ZodIssue, lang: Lang): string {
  if (issue.code === 'custom' && issue.message === 'NUL') return nulMessage[lang];
  if (issue.code === 'custom' && issue.message === 'day_range') return dayRangeMessage[lang];
  const m = locales[lang](issue as never);
  return (typeof m === 'string' ? m : m?.message) ?? issue.message;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
  const body = { error: { code, message: errorMessage(code, request.lang ?? 'zh-CN', params), ...(details === undefined ? {} : { details }) } };
  return reply.status(errorCatalog[code].status).type('application/json; charset=utf-8').send(body);
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

export function registerHttpKernel(app: FastifyInstance, opts: { bodyLimit: number }): void {
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('actorCache', undefined);

  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const nul = findNul(data);
    if (nul) return { error: new ZodValidationError([{ code: 'custom', path: nul, message: 'NUL', input: data } as z.core.$ZodIssue]) };
    const result = (schema as z.ZodType).safeParse(data, { reportInput: true });
    return result.success ? { value: result.data } : { error: new ZodValidationError(result.error.issues) };
  });
  // Presenters already build allow-listed plain objects; response schemas serve the OpenAPI document.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.addHook('onRequest', async (request) => {
    request.lang = langOf(request);
    checkOrigin(request);
  });

  app.setErrorHandler(async (err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) return sendError(reply, request, err.code, err.params, err.details);
    if (err instanceof ZodValidationError) {
      const details = err.issues.map((i) => ({ path: i.path.join('.'), message: issueMessage(i, request.lang) }));
      return sendError(reply, request, 'validation_failed', {}, details);
    }
    const code = (err as FastifyError).code;
    if (code && fastifyCodes[code]) {
      const limit = request.routeOptions?.bodyLimit ?? opts.bodyLimit;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drainBody(request, limit);
      return sendError(reply, request, fastifyCodes[code], { limit: `${Math.round(limit / 1024)} KB` });
    }
    const status = (err as FastifyError).statusCode;
    if (status === 429) return sendError(reply, request, 'too_many_requests');
    if (status && status >= 400 && status < 500) return sendError(reply, request, 'bad_request');
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, request, 'internal');
  });
}

/** How much of a refused body is read and thrown away, at most: past that the connection is cut. */
export const DRAIN_LIMIT = 32 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Reads the rest of a body that was refused as too large, and throws it away, before the 413 is
 * sent. Fastify stops reading at the limit and closes the connection after answering; a client
 * still sending then meets a socket closed with its bytes unread, and the kernel answers those
 * with a reset that often arrives before the 413 could be read (the browser shows a network
 * error instead of 文件过大). Up to DRAIN_LIMIT bytes or DRAIN_TIMEOUT_MS, whichever comes first;
 * beyond that the reset is what an oversize sender gets.
 */
function drainBody(request: FastifyRequest, limit: number): Promise<void> {
  const raw = request.raw;
  const declared = Number(request.headers['content-length']);
  if (raw.complete || raw.destroyed || declared > limit + DRAIN_LIMIT) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_LIMIT) finish();
    };
    const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
    raw.on('data', onData);
    raw.on('end', finish);
    raw.on('error', finish);
    raw.on('close', finish);
    raw.resume();
  });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for cookie sessions: a state-changing request must come from our own origin.
 * Browsers always send Origin (or at least Referer) on cross-site writes and scripts cannot
 * forge it; a write that carries the session cookie but neither header is refused. An origin is
 * scheme and host: http://our-host is another origin than https://our-host (a page on plain
 * HTTP can be injected by anyone on the network path). The scheme is the connection's, or the
 * balancer's X-Forwarded-Proto where MASSLINE_TRUST_PROXY believes it.
 */
function checkOrigin(request: FastifyRequest): void {
  if (!UNSAFE.has(request.method)) return;
  const origin = request.headers.origin ?? originOf(request.headers.referer);
  const host = request.headers.host;
  if (origin !== undefined) {
    const from = parsedOrigin(origin);
    if (!from || from.host !== host || from.protocol !== `${request.protocol}:`) throw new HttpError('csrf_failed');
    return;
  }
  if ((request.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) throw new HttpError('csrf_failed');
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function parsedOrigin(origin: string): URL | null {
  if (origin === 'null') return null;
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}

export type ActorResolver = (token: string, request: FastifyRequest) => Promise<Actor | null>;

declare module 'fastify' {
  interface FastifyRequest {
    changeCountersCache?: Record<string, number>;
  }
}

/** The change counters as of this request, read once per request (see kernel/db.ts). */
export async function changeCounters(request: FastifyRequest, db: Kysely<any>): Promise<Record<string, number>> {
  return (request.changeCountersCache ??= await readChangeCounters(db));
}

declare module 'fastify' {
  interface FastifyInstance {
    resolveActor: ActorResolver;
  }
}

/**
 * The signed-in actor, or a 401. Until the initial password is changed, only the account
 * endpoints (which pass `allowPendingPassword`) are open.
 */
export async function authenticate(request: FastifyRequest, opts: { allowPendingPassword?: boolean } = {}): Promise<Actor> {
  if (request.actorCache === undefined) {
    const token = request.cookies?.[SESSION_COOKIE];
    request.actorCache = token ? await request.server.resolveActor(token, request) : null;
  }
  const actor = request.actorCache;
  if (!actor) throw new HttpError('unauthenticated');
  if (actor.mustChangePassword && !opts.allowPendingPassword) throw new HttpError('password_change_required');
  return actor;
}
