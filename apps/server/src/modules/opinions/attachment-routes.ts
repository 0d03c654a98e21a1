import { AttachmentQuery, AttachmentResult, ErrorResponse, MAX_ATTACHMENT_BYTES } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_BODY_TYPES, FileSizeQuery, fileVariant } from '../../kernel/attachments.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { atOrg } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { attach } from './attachments.js';
import { canReadOpinion, opinionsPolicy } from './policy.js';
import { findOpinion } from './queries.js';
import { receiptHash } from './receipt.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const upload = { contentType: 'application/octet-stream', description: '图片（JPG、PNG、WebP）或 PDF，不超过 10 MB；按文件内容识别类型，图片重新编码，定位等信息全部清除' };
const senderUpload = { contentType: 'application/octet-stream', description: '照片（JPG、PNG、WebP），不超过 10 MB；不收 PDF 等文档（文档中会留有作者姓名）；照片重新编码，定位等信息全部清除' };
const Params = z.strictObject({ id: z.string().min(1).max(64) });
const FileParams = z.strictObject({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) });

/** Files with an opinion: added by staff or, with the receipt, by the sender; read by staff who may read the opinion. */
export function opinionAttachmentRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    for (const type of ATTACHMENT_BODY_TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const bodyOf = (body: unknown) => {
      if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError('attachment_type');
      return body;
    };

    app.post('/api/opinions/:id/attachments', { bodyLimit: MAX_ATTACHMENT_BYTES, config: { upload }, schema: { tags: ['opinions'], summary: '为意见添加附件', params: Params, querystring: AttachmentQuery, response: { 201: AttachmentResult, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const o = await findOpinion(deps.db, req.params.id);
      if (!o || !canReadOpinion(actor, o)) throw new HttpError('not_found');
      if (!opinionsPolicy.can(actor, 'opinion.record', atOrg(o.org_path))) throw new HttpError('forbidden');
      return reply.status(201).send(unwrap(await attach(deps, o.id, req.query.name, bodyOf(req.body), 'staff')));
    });

    app.get('/api/opinions/:id/attachments/:attachmentId', { schema: { tags: ['opinions'], summary: '下载附件（size=thumb 取照片缩略图）', params: FileParams, querystring: FileSizeQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const o = await findOpinion(deps.db, req.params.id);
      if (!o || !canReadOpinion(actor, o)) throw new HttpError('not_found');
      const file = await deps.db.selectFrom('opinion_attachments').select(['name', 'mime', 'data', 'thumb']).where('id', '=', req.params.attachmentId).where('opinion_id', '=', o.id).executeTakeFirst();
      const sent = file && fileVariant(file, req.query.size);
      if (!file || !sent) throw new HttpError('not_found');
      return reply
        .type(sent.mime)
        .header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(sent.data);
    });

    // The sender adds a photo or document with their receipt, sent in a header, never in the address.
    app.post('/api/public/receipts/attachments', { logLevel: 'silent', bodyLimit: MAX_ATTACHMENT_BYTES, config: { upload: senderUpload }, schema: { tags: ['public'], summary: '凭查询码补充照片（查询码放在 x-receipt 请求头中）', security: [], querystring: AttachmentQuery, response: { 201: AttachmentResult, ...errors } } }, async (req, reply) => {
      const typed = String(req.headers['x-receipt'] ?? '');
      const o = await deps.db.selectFrom('opinions').select('id').where('receipt_hash', '=', receiptHash(typed)).executeTakeFirst();
      if (!o) throw new HttpError('receipt_unknown');
      return reply.status(201).send(unwrap(await attach(deps, o.id, req.query.name, bodyOf(req.body), 'sender')));
    });
  };
}
