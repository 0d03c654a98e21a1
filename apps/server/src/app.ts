import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Deps } from './database.js';
import { drainBallotBox } from './kernel/ballot-box.js';
import { registerSecurityHeaders } from './kernel/headers.js';
import { changeCounters, registerHttpKernel, sendError } from './kernel/http.js';
import { registerJsonBody } from './kernel/json-body.js';
import { loggingOptions, registerRequestLog, type LoggerOption } from './kernel/request-log.js';
import { auditPolicy, auditRoutes } from './modules/audit/index.js';
import { authRoutes, cachedSessionResolver } from './modules/auth/index.js';
import { campaignsPolicy, campaignsRoutes, tasksPolicy, tasksRoutes } from './modules/campaigns/index.js';
import { materialsPolicy, materialsRoutes } from './modules/materials/index.js';
import { meetingsPolicy, meetingsRoutes } from './modules/meetings/index.js';
import { formsPolicy, formsRoutes, formsXlsformRoutes } from './modules/forms/index.js';
import { opinionsPolicy, opinionsRoutes } from './modules/opinions/index.js';
import { notificationsRoutes } from './modules/notifications/index.js';
import { orgsPolicy, orgsRoutes } from './modules/orgs/index.js';
import { problemsPolicy, problemsRoutes } from './modules/problems/index.js';
import { rectificationPolicy, rectificationRoutes } from './modules/rectification/index.js';
import { regulationsPolicy, regulationsRoutes } from './modules/regulations/index.js';
import { studyPolicy, studyRoutes } from './modules/study/index.js';
import { systemRoutes } from './modules/system/routes.js';

export const BODY_LIMIT = 1024 * 1024;

export interface BuildOptions extends Deps {
  /** `true`: log to stdout (residents' requests never, see kernel/request-log.ts); `{ stream }`: to a stream. */
  logger?: LoggerOption;
  /** Serve the built web app from `config.webDist` (off in most tests). */
  serveWeb?: boolean;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const deps: Deps = { db: opts.db, dialect: opts.dialect, clock: opts.clock, config: opts.config };
  const app = Fastify({
    ...loggingOptions(opts.logger),
    bodyLimit: BODY_LIMIT,
    // Behind a load balancer the client address comes from X-Forwarded-For, believed only from it.
    trustProxy: opts.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // First: it marks routes silent as they are declared.
  registerRequestLog(app, { clock: deps.clock, logging: Boolean(opts.logger) });
  registerHttpKernel(app, { bodyLimit: BODY_LIMIT });
  // Submissions waiting in the ballot box are committed before the server stops.
  app.addHook('onClose', () => drainBallotBox(deps));
  // JSON only: a text/plain body is refused with 415 instead of failing validation.
  app.removeContentTypeParser('text/plain');
  // JSON bodies: size and nesting depth bounded before anything parses or walks them.
  registerJsonBody(app, { bodyLimit: BODY_LIMIT });
  const sessions = cachedSessionResolver(deps);
  app.decorate('resolveActor', async (token: string, request: FastifyRequest) => sessions(token, await changeCounters(request, deps.db)));
  await app.register(cookie);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Element Plus sets inline styles; no inline scripts are allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Massline API', version: opts.config.version, description: '群众路线教育实践活动平台接口。会话使用 HttpOnly Cookie（massline_sid）；写请求须来自同源（Origin 校验）。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'massline_sid' } } },
      security: [{ session: [] }],
    },
    // Recursive schemas (display conditions) are emitted as components and referenced.
    transformObject: jsonSchemaTransformObject,
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      // A route that takes a file declares it in its config; zod has no schema for raw bytes.
      const upload = (args.route.config as { upload?: { contentType: string; description: string } } | undefined)?.upload;
      if (!upload) return out;
      return { ...out, schema: { ...out.schema, consumes: [upload.contentType], body: { type: 'string', format: 'binary', description: upload.description } } };
    },
  });

  // Modules, registered explicitly: the order here is the module map.
  await app.register(systemRoutes(deps));
  await app.register(authRoutes(deps, [orgsPolicy, formsPolicy, opinionsPolicy, problemsPolicy, rectificationPolicy, regulationsPolicy, campaignsPolicy, tasksPolicy, meetingsPolicy, studyPolicy, materialsPolicy, auditPolicy]));
  await app.register(orgsRoutes(deps));
  await app.register(campaignsRoutes(deps));
  await app.register(meetingsRoutes(deps));
  await app.register(tasksRoutes(deps));
  await app.register(studyRoutes(deps));
  await app.register(materialsRoutes(deps));
  await app.register(formsRoutes(deps));
  await app.register(formsXlsformRoutes(deps));
  await app.register(problemsRoutes(deps));
  await app.register(regulationsRoutes(deps));
  await app.register(opinionsRoutes(deps));
  await app.register(rectificationRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(notificationsRoutes(deps));

  const web = opts.serveWeb && existsSync(path.join(opts.config.webDist, 'index.html')) ? opts.config.webDist : null;
  if (web) {
    await app.register(fastifyStatic, {
      root: web,
      wildcard: false,
      index: false,
      // Off, or send's own `public, max-age=0` overrides what setHeaders (and the page routes) set.
      cacheControl: false,
      setHeaders(res, file) {
        // Built assets carry a content hash in their names: cache them for good.
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The residents' phone pages are a page of their own (answer.html: Vue and a little Vant, not
    // the staff bundle): public forms and ballots at /f/:formId[?code=…][&org=…]. A route rather
    // than the not-found fallback so that it writes no request log: the address may carry a
    // one-time code, and who opened a ballot is nobody's business.
    app.get('/f/*', { logLevel: 'silent', schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('answer.html'));
    // The same page signed in: my assignments and field visits at /m/ and /m/a/:assignmentId. It
    // works offline through a service worker (sw.js, scope /m/, served from the build folder like
    // any other file: no-cache, so a new version is picked up) that caches this page and the files
    // listed in m-offline.json.
    const phonePage = (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('answer.html');
    app.get('/m', { schema: { hide: true } }, phonePage);
    app.get('/m/*', { schema: { hide: true } }, phonePage);
    // The same page for opinions: sending one from a poster's QR code (/o/:orgId), and reading its
    // progress by receipt code (/r, the code only in the #fragment, which browsers never send).
    // Unlogged like /f: who opened which village's poster, or a receipt page, is nobody's business.
    app.get('/o/*', { logLevel: 'silent', schema: { hide: true } }, phonePage);
    app.get('/r', { logLevel: 'silent', schema: { hide: true } }, phonePage);
    app.get('/r/*', { logLevel: 'silent', schema: { hide: true } }, phonePage);
    // ...and the answers the office chose to publish (/p, or /p/:orgId for an org's subtree), each
    // with its 纠错 button: as unlogged, since which village's answers someone reads is theirs.
    app.get('/p', { logLevel: 'silent', schema: { hide: true } }, phonePage);
    app.get('/p/*', { logLevel: 'silent', schema: { hide: true } }, phonePage);
    // ...and the rectification disclosure (公示): an org's list (/d/:orgId) and an item with its
    // evidence, 群众评议 and 纠错 (/d/i/:id). Unlogged too: who judged which village's work is theirs.
    app.get('/d/*', { logLevel: 'silent', schema: { hide: true } }, phonePage);
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    // A missing asset is a 404: answering index.html would hand the browser HTML as a script.
    // HEAD as GET (Node sends no body for it): monitors and link checkers probe with HEAD.
    if (web && (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/') && !url.startsWith('/assets/') && url !== '/healthz') {
      // Client-side routes of the single-page app all load index.html.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, request, url.startsWith('/api/') || !web ? 'route_not_found' : 'not_found');
  });
  return app;
}
