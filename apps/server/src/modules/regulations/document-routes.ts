import { ErrorResponse, IdParams, MAX_REGULATION_DOCUMENT_BYTES, RegulationDetail, RegulationDocumentQuery, regulationDocumentTypes } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { setDocument } from './commands/document.js';
import { findDocument } from './queries.js';
import { loadRegulation, readableRegulation } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const tags = ['regulations'];
const TYPES = [...regulationDocumentTypes, 'application/octet-stream'];
const upload = { contentType: 'application/octet-stream', description: '制度文件：PDF 或 Word（.docx），不超过 10 MB；按文件内容识别类型，替换原有文件' };

/** A rule's document: uploaded (or replaced) by those who manage the rule, downloaded by its readers. */
export function documentRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    for (const type of TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/api/regulations/:id/document', { bodyLimit: MAX_REGULATION_DOCUMENT_BYTES, config: { upload }, schema: { tags, summary: '上传或替换制度文件', params: IdParams, querystring: RegulationDocumentQuery, response: { 200: RegulationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      unwrap(await setDocument(deps, actor, req.params.id, req.query.name, body));
      return loadRegulation(deps.db, actor, req.params.id);
    });

    app.get('/api/regulations/:id/document', { schema: { tags, summary: '下载制度文件', params: IdParams } }, async (req, reply) => {
      const actor = await authenticate(req);
      await readableRegulation(deps.db, actor, req.params.id);
      const doc = await findDocument(deps.db, req.params.id);
      if (!doc?.doc_data || !doc.doc_name || !doc.doc_mime) throw new HttpError('not_found');
      return reply
        .type(doc.doc_mime)
        .header('content-disposition', `attachment; filename="${doc.doc_mime === 'application/pdf' ? 'document.pdf' : 'document.docx'}"; filename*=UTF-8''${encodeURIComponent(doc.doc_name)}`)
        .send(Buffer.from(doc.doc_data));
    });
  };
}
