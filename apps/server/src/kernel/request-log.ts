import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Clock } from './clock.js';

/**
 * What the server writes down about requests (docs/SECURITY.md, "Logs"). Staff requests are
 * logged as Fastify logs them, under a random request id. Residents' requests leave no log line
 * at all — not the page, not its assets, not the API behind it, not an error or a 404 on them —
 * because a line's time and address is exactly what pairs an anonymous submission with a person.
 * What is kept of them instead is a count per route group and hour.
 *
 * Decided here, by path, for every request before any handler runs: a resident route added
 * later under one of these prefixes is silent without declaring anything.
 */

/** The residents' phone pages: forms and ballots, opinions, receipts, published answers, disclosure. */
const PAGE_PREFIXES = ['/f', '/o', '/r', '/p', '/d'];
/**
 * Built files. All of them, not only those fetched from a resident page: the phone page and the
 * staff app share chunks, and the Referer that would tell them apart is not there to be read
 * (the phone page sends it same-origin only, a proxy or the browser may drop it). Content-hashed
 * files that every visitor fetches alike are nothing worth logging for staff either.
 */
const ASSET_PREFIXES = ['/assets'];
const SHARED_FILES = new Set(['/favicon.svg', '/favicon.ico', '/answer.html']);
const PUBLIC_API_PREFIXES = ['/api/public'];
/**
 * Every route whose command casts a ballot (kernel/ballot-box.ts), as `METHOD pattern`. Those
 * under /api/public are silent by prefix anyway; they are listed to be counted as submissions.
 * The signed-in ones are silent only because they are here: a surveyor's anonymous answers, or a
 * call-back verdict the office records, must not be timed by the log line of their own request.
 * A test fails when a module calls `castBallot` from a route not listed.
 */
export const BALLOT_ROUTES: readonly string[] = [
  'POST /api/public/forms/:id/responses',
  'POST /api/public/opinions',
  'POST /api/public/receipts/reply',
  'POST /api/public/opinions/:id/flags',
  'POST /api/public/receipts/opinion-verdict',
  'POST /api/public/rectification/items/:id/flags',
  'POST /api/public/rectification/items/:id/verdicts',
  'POST /api/public/receipts/verdicts',
  'POST /api/my/assignments/:id/responses',
  'POST /api/opinions/:id/callback',
  'POST /api/rectifications/:id/verdicts',
];

export type ResidentGroup = 'pages' | 'assets' | 'public_api' | 'ballots';

const underAny = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

const ballotPatterns = BALLOT_ROUTES.map((r) => {
  const [method, pattern] = r.split(' ');
  return { method, pattern, re: new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}$`) };
});

/**
 * A path as the router could read it: no query, percent-decoded, one slash at a time, lower case,
 * no trailing slash. Looser than the router on purpose: `/F/x`, `//f/x` or `/%66/x` are silenced
 * as well, since silencing a staff request costs nothing and logging a resident's does.
 */
function normalize(url: string): string {
  let path = url.split(/[?#]/, 1)[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: judged as they are.
  }
  path = path.replace(/\/{2,}/g, '/').toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Which residents' group a request belongs to, or null for a staff request (logged). */
export function residentGroup(method: string, url: string): ResidentGroup | null {
  const path = normalize(url);
  if (ballotPatterns.some((b) => b.method === method.toUpperCase() && b.re.test(path))) return 'ballots';
  if (underAny(path, PUBLIC_API_PREFIXES)) return 'public_api';
  if (underAny(path, ASSET_PREFIXES) || SHARED_FILES.has(path)) return 'assets';
  if (underAny(path, PAGE_PREFIXES)) return 'pages';
  return null;
}

export interface LogStream {
  write(line: string): void;
}

/** `true`: pino to stdout at LOG_LEVEL (info); `{ stream }`: the same lines to a stream (tests). */
export type LoggerOption = boolean | { stream: LogStream; level?: string };

/** Fastify's logging options: random request ids, silent residents, nothing echoed or trusted. */
export function loggingOptions(logger: LoggerOption | undefined): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'childLoggerFactory' | 'clientErrorHandler'> {
  // Fastify's default ids are a counter (req-1, req-2, …): they tell how many requests came in
  // between two lines, and order those that have none. A client-sent id is not believed either.
  const ids = { genReqId: () => randomUUID(), requestIdHeader: false as const };
  if (!logger) return { ...ids, logger: false };
  const level = (typeof logger === 'object' && logger.level) || process.env.LOG_LEVEL || 'info';
  const silent = new WeakMap<object, FastifyBaseLogger>();
  return {
    ...ids,
    logger: typeof logger === 'object' ? { level, stream: logger.stream } : { level },
    // Every line Fastify or our code writes about a request goes through its child logger:
    // "incoming request", "request completed", the error handler's `request.log.error`, the
    // 404 handler, stream errors. For a resident request that child is silent.
    childLoggerFactory(parent, bindings, opts, raw) {
      if (opts.level === 'silent' || residentGroup(raw.method ?? 'GET', raw.url ?? '/')) {
        let quiet = silent.get(parent);
        if (!quiet) silent.set(parent, (quiet = parent.child({}, { level: 'silent' })));
        return quiet;
      }
      return parent.child(bindings, opts);
    },
    // Fastify's own logs the parse error with the raw bytes received, request line included.
    clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket) {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      this.log.trace({ code: err.code }, 'client error');
      const body = JSON.stringify({ error: STATUS_CODES[status], statusCode: status });
      if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
      socket.destroy(err);
    },
  };
}

type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | '429';
export type ResidentCounts = Partial<Record<ResidentGroup, Partial<Record<StatusClass, number>>>>;

const HOUR = 3600_000;

/**
 * Wires the request log into the app: routes declared under a resident prefix (or in
 * BALLOT_ROUTES) get `logLevel: 'silent'`, and, when the app logs, residents' requests are counted
 * per group and status class and the counts written once an hour (and at shutdown) as one line:
 * the network log the law asks to be kept, without an address or a moment of anyone's request.
 * Call before any route is registered.
 */
export function registerRequestLog(app: FastifyInstance, opts: { clock: Clock; logging: boolean }): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => residentGroup(m, route.url))) route.logLevel = 'silent';
  });
  if (!opts.logging) return;

  let counts: ResidentCounts = {};
  let since = opts.clock.now();
  app.addHook('onResponse', async (request, reply) => {
    const group = residentGroup(request.method, request.routeOptions.url ?? request.url) ?? residentGroup(request.method, request.url);
    if (!group) return;
    const status = reply.statusCode === 429 ? '429' : (`${Math.min(5, Math.max(2, Math.floor(reply.statusCode / 100)))}xx` as StatusClass);
    const g = (counts[group] ??= {});
    g[status] = (g[status] ?? 0) + 1;
  });
  // `ceil`: at shutdown, mid-hour, the window ends with the hour it is in.
  const flush = (ceil: boolean) => {
    const until = opts.clock.now();
    if (Object.keys(counts).length) app.log.info({ residentRequests: counts, from: hourOf(since), to: hourOf(until, ceil) }, 'resident requests (counts only)');
    counts = {};
    since = until;
  };
  // At the top of each hour, so that a window is a clock hour and says no more than that.
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    timer = setTimeout(() => {
      flush(false);
      schedule();
    }, HOUR - (Date.now() % HOUR));
    timer.unref();
  };
  schedule();
  app.addHook('onClose', async () => {
    if (timer) clearTimeout(timer);
    flush(true);
  });
}

/** The start of the hour a moment falls in (`ceil`: the end of it), as an ISO string. */
function hourOf(at: Date, ceil = false): string {
  const t = Math.floor(at.getTime() / HOUR) * HOUR;
  return new Date(ceil && t !== at.getTime() ? t + HOUR : t).toISOString();
}
