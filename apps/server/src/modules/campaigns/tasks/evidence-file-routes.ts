import { CellDetail, ErrorResponse, EvidenceFileQuery, EvidenceOrgQuery, MAX_EVIDENCE_FILE_BYTES, TaskParams } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../../database.js';
import { FILE_BODY_TYPES, FileSize, fileVariant } from '../../../kernel/attachments.js';
import { HttpError, unwrap } from '../../../kernel/errors.js';
import { authenticate } from '../../../kernel/http.js';
import { attachEvidenceFile, removeEvidenceFile } from './evidence-file.js';
import { campaignRef, cellDetail, evidenceFile } from './read.js';
import { campaignDay } from '../../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const tags = ['campaigns'];
const upload = { contentType: 'application/octet-stream', description: '完成情况的附件：图片、PDF 或 Word（.docx），不超过 10 MB；按文件内容识别类型，照片重新编码，位置等信息全部清除' };

/** The file given with an org's evidence for a task: raw bytes in, typed by content; read by whoever sees the cell. */
export function evidenceFileRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    for (const type of FILE_BODY_TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const path = '/api/campaigns/:id/tasks/:taskId/evidence/file';

    app.post(path, { bodyLimit: MAX_EVIDENCE_FILE_BYTES, config: { upload }, schema: { tags, summary: '上传完成情况的附件（替换已有附件）', params: TaskParams, querystring: EvidenceFileQuery, response: { 200: CellDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      unwrap(await attachEvidenceFile(deps, actor, req.params.id, req.params.taskId, req.query.orgId, req.query.name, body));
      return cellDetail(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.params.taskId, req.query.orgId, today());
    });

    app.get(path, { schema: { tags, summary: '下载完成情况的附件（size=thumb 取照片缩略图）', params: TaskParams, querystring: EvidenceOrgQuery.extend({ size: FileSize }) } }, async (req, reply) => {
      const actor = await authenticate(req);
      const file = await evidenceFile(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.params.taskId, req.query.orgId);
      const sent = fileVariant(file, req.query.size);
      if (!sent) throw new HttpError('not_found');
      return reply.type(sent.mime).header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(file.name)}`).send(sent.data);
    });

    app.delete(path, { schema: { tags, summary: '删除完成情况的附件', params: TaskParams, querystring: EvidenceOrgQuery, response: { 200: CellDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await removeEvidenceFile(deps, actor, req.params.id, req.params.taskId, req.query.orgId));
      return cellDetail(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.params.taskId, req.query.orgId, today());
    });
  };
}
