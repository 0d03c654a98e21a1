import {
  AttachmentQuery, AttachmentResult, CampaignProgress, ProblemTrail, ErrorResponse, IdParams, MAX_ATTACHMENT_BYTES, ProgressBody, ProgressQuery, PublishBody, RectificationCreateBody,
  RectificationDetail, RectificationListQuery, RectificationPage, RectificationUpdateBody, ReleaseBody, StatusBody,
} from '@massline/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../database.js';
import { VersionedCache } from '../../kernel/cache.js';
import { ATTACHMENT_BODY_TYPES, fileDisposition, FileSizeQuery, fileVariant } from '../../kernel/attachments.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate, changeCounters } from '../../kernel/http.js';
import { attachEvidence } from './commands/evidence.js';
import { createRectification, readableItem, updateRectification } from './commands/items.js';
import { addProgress, moveStatus, publishItem, releaseAttachment } from './commands/moves.js';
import { canReadItem } from './policy.js';
import { listItems, loadItem } from './read.js';
import { rectificationPlanRoutes } from './plan-routes.js';
import { rectificationPublicRoutes } from './public-routes.js';
import { campaignProgress, progressOrg } from './rollup.js';
import { problemTrail } from './trail.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const tags = ['rectification'];
const upload = { contentType: 'application/octet-stream', description: '图片（JPG、PNG、WebP）或 PDF，不超过 10 MB；按文件内容识别类型，图片重新编码，定位等信息全部清除' };
const EvidenceQuery = AttachmentQuery.extend({ updateId: IdParams.shape.id.optional() });
const FileParams = z.strictObject({ id: IdParams.shape.id, attachmentId: IdParams.shape.id });

/** The staff side of rectification items: list, detail, create, edit, progress, moves, evidence, roll-up. */
export function rectificationRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    await fastify.register(rectificationPlanRoutes(deps));
    await fastify.register(rectificationPublicRoutes(deps));
    for (const type of ATTACHMENT_BODY_TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const detail = (actor: Awaited<ReturnType<typeof authenticate>>, id: string) => loadItem(deps.db, actor, id, today());
    const rollups = new VersionedCache(500);

    app.get('/api/rectifications', { schema: { tags, summary: '整改事项列表（按组织、问题、状态、逾期、本人负责、公示筛选；按时限排序）', querystring: RectificationListQuery, response: { 200: RectificationPage, ...errors } } }, async (req) => {
      return listItems(deps.db, await authenticate(req), req.query, today());
    });

    app.get('/api/rectifications/progress', { schema: { tags, summary: '整改进度汇总（事项 → 组织 → 全局，加权）及拖后腿的事项', querystring: ProgressQuery, response: { 200: CampaignProgress, ...errors } } }, async (req, reply) => {
      const org = await progressOrg(deps.db, await authenticate(req), req.query.orgId);
      // Counters move with every item, verdict or plan (the disclosure counter), units with the
      // org tree (directory); overdue with the day. Until one does, the roll-up is one string.
      const versions = await changeCounters(req, deps.db);
      const key = `${today()}|${versions.directory}|${org.id}`;
      let json = rollups.get(versions.disclosure, key);
      if (json === undefined) {
        json = JSON.stringify(await campaignProgress(deps.db, org, today()));
        rollups.set(versions.disclosure, key, json);
      }
      // Already JSON: sent as is (a string with a JSON content type skips serialization).
      const raw: FastifyReply = reply;
      return raw.type('application/json; charset=utf-8').send(json);
    });

    app.get('/api/problems/:id/trail', { schema: { tags, summary: '问题的后续追溯：整改事项、群众评议、建立的制度', params: IdParams, response: { 200: ProblemTrail, ...errors } } }, async (req) => {
      return problemTrail(deps.db, await authenticate(req), req.params.id, today());
    });

    app.get('/api/rectifications/:id', { schema: { tags, summary: '整改事项详情（节点、进展时间线、佐证材料）', params: IdParams, response: { 200: RectificationDetail, ...errors } } }, async (req) => {
      return detail(await authenticate(req), req.params.id);
    });

    app.post('/api/rectifications', { schema: { tags, summary: '为问题制定整改事项（或立行立改）', body: RectificationCreateBody, response: { 201: RectificationDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createRectification(deps, actor, req.body));
      return reply.status(201).send(await detail(actor, id));
    });

    app.patch('/api/rectifications/:id', { schema: { tags, summary: '修改整改事项（措施、承诺、责任、时限、节点）', params: IdParams, body: RectificationUpdateBody, response: { 200: RectificationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateRectification(deps, actor, req.params.id, req.body));
      return detail(actor, req.params.id);
    });

    app.post('/api/rectifications/:id/progress', { schema: { tags, summary: '报告整改进展（可同时完成节点）', params: IdParams, body: ProgressBody, response: { 201: RectificationDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      unwrap(await addProgress(deps, actor, req.params.id, req.body));
      return reply.status(201).send(await detail(actor, req.params.id));
    });

    app.post('/api/rectifications/:id/status', { schema: { tags, summary: '推进、验收或退回整改事项（退回须写明原因）', params: IdParams, body: StatusBody, response: { 200: RectificationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await moveStatus(deps, actor, req.params.id, req.body));
      return detail(actor, req.params.id);
    });

    app.post('/api/rectifications/:id/publish', { schema: { tags, summary: '公示或撤回整改事项（领导小组办公室）', params: IdParams, body: PublishBody, response: { 200: RectificationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await publishItem(deps, actor, req.params.id, req.body.published));
      return detail(actor, req.params.id);
    });

    app.post('/api/rectifications/:id/attachments', { bodyLimit: MAX_ATTACHMENT_BYTES, config: { upload }, schema: { tags, summary: '上传佐证材料（照片或 PDF）', params: IdParams, querystring: EvidenceQuery, response: { 201: AttachmentResult, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError('attachment_type');
      return reply.status(201).send(unwrap(await attachEvidence(deps, actor, req.params.id, req.query.updateId, req.query.name, req.body)));
    });

    app.get('/api/rectifications/:id/attachments/:attachmentId', { schema: { tags, summary: '下载佐证材料（size=thumb 取照片缩略图）', params: FileParams, querystring: FileSizeQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const item = await readableItem(deps, actor, req.params.id, canReadItem);
      const file = await deps.db.selectFrom('rectification_attachments').select(['name', 'mime', 'data', 'thumb']).where('id', '=', req.params.attachmentId).where('rectification_id', '=', item.id).executeTakeFirst();
      const sent = file && fileVariant(file, req.query.size);
      if (!file || !sent) throw new HttpError('not_found');
      return reply.type(sent.mime).header('content-disposition', fileDisposition(sent.mime, 'evidence', file.name)).send(sent.data);
    });

    app.post('/api/rectifications/:id/attachments/:attachmentId/release', { schema: { tags, summary: '向群众公开或撤回佐证材料（领导小组办公室）', params: FileParams, body: ReleaseBody, response: { 200: RectificationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await releaseAttachment(deps, actor, req.params.id, req.params.attachmentId, req.body.released));
      return detail(actor, req.params.id);
    });
  };
}
