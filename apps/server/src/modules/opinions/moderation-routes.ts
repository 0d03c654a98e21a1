import { ErrorResponse, FlagAnswerBody, FlagBody, FlagList, IdParams, PublicOpinionPage, PublicOpinionQuery } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { registerPublicRateLimit } from '../../kernel/anonymous-key.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { underAny } from '../../kernel/db.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Deps } from '../../database.js';
import { answerFlag, flagOpinion } from './moderation.js';
import { opinionsPolicy } from './policy.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };
const FlagQuery = z.strictObject({ status: z.enum(['open', 'answered', 'dismissed']).optional() });

/** The public list of answered opinions the office published, 纠错 on them, and the office's queue of flags. */
export function opinionModerationRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/opinion-flags', { schema: { tags: ['opinions'], summary: '纠错处理队列', querystring: FlagQuery, response: { 200: FlagList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      if (!opinionsPolicy.canSomewhere(actor, 'opinion.publish')) throw new HttpError('forbidden');
      let q = deps.db
        .selectFrom('opinion_flags as f')
        .innerJoin('opinions as op', 'op.id', 'f.opinion_id')
        .innerJoin('orgs as o', 'o.id', 'op.org_id')
        .select(['f.id', 'f.opinion_id', 'f.body', 'f.day', 'f.status', 'f.answer', 'op.content', 'o.name as org_name'])
        .orderBy('f.day', 'desc')
        .orderBy('f.id')
        .limit(500);
      const scope = opinionsPolicy.scope(actor, 'opinion.publish');
      if (scope) q = q.where(underAny(sql.ref('o.path'), scope));
      if (req.query.status) q = q.where('f.status', '=', req.query.status);
      const rows = await q.execute();
      return { items: rows.map((f) => ({ id: f.id, opinionId: f.opinion_id, opinionContent: f.content, orgName: f.org_name, body: f.body, day: f.day, status: f.status as 'open', answer: f.answer })) };
    });

    app.post('/api/opinion-flags/:id/answer', { schema: { tags: ['opinions'], summary: '处理或驳回纠错', params: IdParams, body: FlagAnswerBody, response: { 200: z.object({ id: z.string() }), ...errors } } }, async (req) => {
      return unwrap(await answerFlag(deps, await authenticate(req), req.params.id, req.body));
    });

    await app.register(async (pub) => {
      const open = pub.withTypeProvider<ZodTypeProvider>();
      const limit = await registerPublicRateLimit(open, deps.config.publicRateLimit);

      open.get('/api/public/opinions', { logLevel: 'silent', schema: { tags: ['public'], summary: '公开的群众意见及答复（不显示反映人）', security: [], querystring: PublicOpinionQuery, response: { 200: PublicOpinionPage, ...errors } } }, async (req) => {
        let q = deps.db
          .selectFrom('opinions as op')
          .innerJoin('orgs as o', 'o.id', 'op.org_id')
          .select(['op.id', 'op.category', 'op.content', 'op.day', 'op.status', 'op.handling', 'o.name as org_name'])
          .where('op.published', '=', 1);
        if (req.query.orgId) {
          const org = await deps.db.selectFrom('orgs').select('path').where('id', '=', req.query.orgId).executeTakeFirst();
          if (!org) throw new HttpError('not_found');
          q = q.where(underAny(sql.ref('o.path'), [org.path]));
        }
        if (req.query.cursor) {
          const [day, id] = decodeCursor(req.query.cursor);
          q = q.where((eb) => eb(eb.refTuple('op.day', 'op.id'), '<', eb.tuple(day, id)));
        }
        const rows = await q.orderBy('op.day', 'desc').orderBy('op.id', 'desc').limit(req.query.limit + 1).execute();
        const page = rows.slice(0, req.query.limit);
        // Only public staff answers: private ones are for the sender's receipt alone.
        const answers = page.length
          ? await deps.db.selectFrom('opinion_messages').select(['opinion_id', 'body', 'day']).where('opinion_id', 'in', page.map((r) => r.id)).where('author', '=', 'staff').where('public', '=', 1).orderBy('day').orderBy('seq').execute()
          : [];
        const last = page[page.length - 1];
        return {
          items: page.map((r) => ({
            id: r.id, orgName: r.org_name, category: r.category as never, content: r.content, day: r.day, status: r.status as never, handling: r.handling as never,
            answers: answers.filter((a) => a.opinion_id === r.id).map((a) => ({ body: a.body, day: a.day })),
          })),
          nextCursor: rows.length > req.query.limit ? encodeCursor(last.day, last.id) : null,
        };
      });

      open.post('/api/public/opinions/:id/flags', { logLevel: 'silent', config: limit, schema: { tags: ['public'], summary: '纠错：指出公开内容中的错误', security: [], params: IdParams, body: FlagBody, response: { 201: z.object({ ok: z.literal(true) }), ...errors } } }, async (req, reply) => {
        return reply.status(201).send(unwrap(await flagOpinion(deps, req.params.id, req.body.body)));
      });
    });
  };
}
