import { ErrorResponse, IdParams, MAX_READING_FILE_BYTES, Reading, ReadingFileQuery, readingFileTypes } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { removeReadingFile, setReadingFile } from './commands/readings.js';
import { readingFile } from './queries.js';
import { loadReading } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const tags = ['study'];
const TYPES = [...readingFileTypes, 'application/octet-stream'];
const upload = { contentType: 'application/octet-stream', description: '书目文件：PDF 或 Word（.docx），不超过 10 MB；按文件内容识别类型，替换原有文件' };

/** A reading's file: uploaded (or replaced) by the campaign's office, downloaded by the campaign's readers. */
export function fileRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    for (const type of TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/api/study/readings/:id/file', { bodyLimit: MAX_READING_FILE_BYTES, config: { upload }, schema: { tags, summary: '上传或替换书目文件', params: IdParams, querystring: ReadingFileQuery, response: { 200: Reading, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      unwrap(await setReadingFile(deps, actor, req.params.id, req.query.name, body));
      return loadReading(deps.db, actor, req.params.id);
    });

    app.delete('/api/study/readings/:id/file', { schema: { tags, summary: '删除书目文件', params: IdParams, response: { 200: Reading, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await removeReadingFile(deps, actor, req.params.id));
      return loadReading(deps.db, actor, req.params.id);
    });

    app.get('/api/study/readings/:id/file', { schema: { tags, summary: '下载书目文件', params: IdParams } }, async (req, reply) => {
      const actor = await authenticate(req);
      // Who may read it first: the bytes are fetched only for them.
      await loadReading(deps.db, actor, req.params.id);
      const f = await readingFile(deps.db, req.params.id);
      if (!f?.file_data || !f.file_name || !f.file_mime) throw new HttpError('not_found');
      return reply
        .type(f.file_mime)
        .header('content-disposition', `attachment; filename="${f.file_mime === 'application/pdf' ? 'reading.pdf' : 'reading.docx'}"; filename*=UTF-8''${encodeURIComponent(f.file_name)}`)
        .send(Buffer.from(f.file_data));
    });
  };
}
