import {
  ErrorResponse, IdParams, Opinion, OpinionAssignBody, OpinionDetail, OpinionHandleBody, OpinionListQuery, OpinionMergeBody, OpinionPage, OpinionRecordBody,
  OpinionCallbackBody, OpinionCounts, OpinionReplyBody, OpinionVerdictResult, PublicOpinionBody, PublicOpinionResult, PublicOrg, ReceiptBody, ReceiptOpinionVerdictBody, ReceiptReplyBody, ReceiptView,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { registerPublicRateLimit } from '../../kernel/anonymous-key.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { writeXlsx } from '../../kernel/xlsx-stream.js';
import type { Deps } from '../../database.js';
import { viewByReceipt, replyByReceipt } from './commands/receipt.js';
import { callbackOpinionVerdict, receiptOpinionVerdict } from './commands/verdict.js';
import { recordOpinion, submitPublicOpinion } from './commands/record.js';
import { assignOpinion, handleOnSpot, mergeOpinion, publishOpinion, replyToOpinion } from './commands/triage.js';
import { exportRows, listOpinions } from './list.js';
import { opinionCounts } from './counts.js';
import { opinionModerationRoutes } from './moderation-routes.js';
import { opinionAttachmentRoutes } from './attachment-routes.js';
import { problemsBySource } from '../problems/index.js';
import { canReadOpinion, opinionsPolicy } from './policy.js';
import { presentOpinion } from './presenters.js';
import { findOpinion } from './queries.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };
const tags = ['opinions'];
const Ok = z.object({ ok: z.literal(true) });

export function opinionsRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  const readable = async (actor: Actor, id: string) => {
    const o = await findOpinion(deps.db, id);
    if (!o || !canReadOpinion(actor, o)) throw new HttpError('not_found');
    return o;
  };
  const detail = async (actor: Actor, id: string) => {
    const o = await readable(actor, id);
    const messages = await deps.db.selectFrom('opinion_messages').select(['id', 'author', 'public', 'body', 'day']).where('opinion_id', '=', id).orderBy('day').orderBy('seq').execute();
    const merged = await deps.db.selectFrom('opinions').select(['id', 'content', 'day']).where('merged_into', '=', id).orderBy('day').execute();
    const problems = (await problemsBySource(deps.db, { opinionIds: [id, ...merged.map((m) => m.id)] })).map((p) => ({ id: p.problemId, title: p.title }));
    const attachments = await deps.db.selectFrom('opinion_attachments').select(['id', 'name', 'mime', 'size']).where('opinion_id', '=', id).orderBy('name').execute();
    return {
      ...presentOpinion(o, actor, today()),
      attachments: attachments.map((a) => ({ ...a, size: Number(a.size) })),
      messages: messages.map((m) => ({ id: m.id, author: m.author as 'sender' | 'staff', public: m.public === 1, body: m.body, day: m.day })),
      merged,
      problems: [...new Map(problems.map((p) => [p.id, p])).values()],
    };
  };

  return async (fastify: FastifyInstance) => {
    await fastify.register(opinionModerationRoutes(deps));
    await fastify.register(opinionAttachmentRoutes(deps));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/opinions', { schema: { tags, summary: '意见建议列表（按组织、渠道、类别、状态、逾期、日期、关键词筛选；键集分页）', querystring: OpinionListQuery, response: { 200: OpinionPage, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const day = today();
      const { rows, nextCursor } = await listOpinions(deps.db, actor, req.query, day);
      return { items: rows.map((o) => presentOpinion(o, actor, day)), nextCursor };
    });

    app.get('/api/opinions/counts', { schema: { tags, summary: '各组织意见统计（收到、分渠道、分类别、已答复、逾期、转为问题）', querystring: z.strictObject({ orgId: IdParams.shape.id.optional() }), response: { 200: OpinionCounts, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const scope = opinionsPolicy.scope(actor, 'opinion.read');
      // Without an org: the reader's own (the first they read from), or the first root for an admin.
      const orgs = deps.db.selectFrom('orgs').select(['id', 'name', 'path']);
      const org = req.query.orgId
        ? await orgs.where('id', '=', req.query.orgId).executeTakeFirst()
        : scope === null
          ? await orgs.where('parent_id', 'is', null).orderBy('sort_order').orderBy('path').executeTakeFirst()
          : scope.length ? await orgs.where('path', '=', scope[0]).executeTakeFirst() : undefined;
      if (!org || !opinionsPolicy.can(actor, 'opinion.read', atOrg(org.path))) throw new HttpError('not_found');
      return { items: await opinionCounts(deps.db, org, today()) };
    });

    app.get('/api/opinions.xlsx', { schema: { tags, summary: '导出筛选后的意见列表（.xlsx）', querystring: OpinionListQuery.omit({ cursor: true, limit: true }) } }, async (req, reply) => {
      const actor = await authenticate(req);
      if (!opinionsPolicy.canSomewhere(actor, 'opinion.read') && !(await deps.db.selectFrom('opinions').select('id').where('assignee_person_id', '=', actor.personId).executeTakeFirst())) throw new HttpError('forbidden');
      const out = new PassThrough();
      writeXlsx(out, '意见建议', exportRows(deps.db, actor, req.query, today()), [12, 16, 10, 12, 60, 16, 10, 12, 12]).catch((err) => out.destroy(err));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="opinions.xlsx"; filename*=UTF-8''${encodeURIComponent('意见建议.xlsx')}`)
        .send(out);
    });

    app.post('/api/opinions', { schema: { tags, summary: '记录群众意见（座谈会、走访、电话、会议等）', body: OpinionRecordBody, response: { 201: Opinion, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await recordOpinion(deps, actor, req.body));
      return reply.status(201).send(presentOpinion((await findOpinion(deps.db, id))!, actor, today()));
    });

    app.get('/api/opinions/:id', { schema: { tags, summary: '意见详情（含往来答复、合并的意见、转成的问题）', params: IdParams, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
      return detail(await authenticate(req), req.params.id);
    });

    app.post('/api/opinions/:id/assign', { schema: { tags, summary: '交办（到组织或个人，可改答复时限）', params: IdParams, body: OpinionAssignBody, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await assignOpinion(deps, actor, req.params.id, req.body));
      return detail(actor, req.params.id);
    });

    app.post('/api/opinions/:id/callback', { schema: { tags, summary: '记录回访：实名反映人对答复的评价（上级办公室或督导组）', params: IdParams, body: OpinionCallbackBody, response: { 201: OpinionVerdictResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await callbackOpinionVerdict(deps, await authenticate(req), req.params.id, req.body)));
    });

    app.post('/api/opinions/:id/reply', { schema: { tags, summary: '答复（公开或仅反映人可见）', params: IdParams, body: OpinionReplyBody, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await replyToOpinion(deps, actor, req.params.id, req.body));
      return detail(actor, req.params.id);
    });

    app.post('/api/opinions/:id/handle', { schema: { tags, summary: '主动答疑或边查边改', params: IdParams, body: OpinionHandleBody, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await handleOnSpot(deps, actor, req.params.id, req.body));
      return detail(actor, req.params.id);
    });

    app.post('/api/opinions/:id/merge', { schema: { tags, summary: '合并重复意见（被合并的意见仍可凭查询码查看答复）', params: IdParams, body: OpinionMergeBody, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await mergeOpinion(deps, actor, req.params.id, req.body.intoId));
      return detail(actor, id);
    });

    for (const [verb, published] of [['publish', true], ['unpublish', false]] as const) {
      app.post(`/api/opinions/:id/${verb}`, { schema: { tags, summary: published ? '公开到群众可见的答复列表（不显示反映人）' : '撤回公开', params: IdParams, response: { 200: OpinionDetail, ...errors } } }, async (req) => {
        const actor = await authenticate(req);
        unwrap(await publishOpinion(deps, actor, req.params.id, published));
        return detail(actor, req.params.id);
      });
    }

    // Residents' side: no session, no request log, no audit entry; senders counted only under a
    // rotating salted hash, in memory.
    await app.register(async (pub) => {
      const open = pub.withTypeProvider<ZodTypeProvider>();
      const limit = await registerPublicRateLimit(open, deps.config.publicRateLimit);

      // Where an opinion can be sent: an org (from a poster's QR code) and the units below it, by name.
      open.get('/api/public/orgs/:id', { logLevel: 'silent', schema: { tags: ['public'], summary: '意见征集页：组织名称及其下级单位', security: [], params: IdParams, response: { 200: PublicOrg, ...errors } } }, async (req) => {
        const org = await deps.db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', req.params.id).where('archived_at', 'is', null).executeTakeFirst();
        if (!org) throw new HttpError('not_found');
        const children = await deps.db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', org.id).where('archived_at', 'is', null).orderBy('sort_order').orderBy('name').execute();
        return { id: org.id, name: org.name, children };
      });

      open.post('/api/public/opinions', { logLevel: 'silent', config: limit, schema: { tags: ['public'], summary: '群众提交意见建议（可匿名；返回只显示一次的查询码）', security: [], body: PublicOpinionBody, response: { 201: PublicOpinionResult, 200: PublicOpinionResult, ...errors } } }, async (req, reply) => {
        const result = unwrap(await submitPublicOpinion(deps, req.body));
        return reply.status(result.duplicate ? 200 : 201).send(result);
      });

      // The receipt travels in the body, never in an address that proxies and browsers keep.
      open.post('/api/public/receipts/view', { logLevel: 'silent', config: limit, schema: { tags: ['public'], summary: '凭查询码查看意见的办理情况和答复', security: [], body: ReceiptBody, response: { 200: ReceiptView, ...errors } } }, async (req) => {
        return unwrap(await viewByReceipt(deps, req.body.receipt)) as z.infer<typeof ReceiptView>;
      });

      open.post('/api/public/receipts/opinion-verdict', { logLevel: 'silent', config: limit, schema: { tags: ['public'], summary: '凭查询码评价意见的办理：解决了吗、满意吗（可以改）', security: [], body: ReceiptOpinionVerdictBody, response: { 201: OpinionVerdictResult, ...errors } } }, async (req, reply) => {
        const { receipt, ...answer } = req.body;
        return reply.status(201).send(unwrap(await receiptOpinionVerdict(deps, receipt, answer)));
      });

      open.post('/api/public/receipts/reply', { logLevel: 'silent', config: limit, schema: { tags: ['public'], summary: '凭查询码补充情况或回复', security: [], body: ReceiptReplyBody, response: { 201: Ok, ...errors } } }, async (req, reply) => {
        unwrap(await replyByReceipt(deps, req.body.receipt, req.body.body));
        return reply.status(201).send({ ok: true as const });
      });
    });
  };
}
