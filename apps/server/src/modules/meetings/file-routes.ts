import { ErrorResponse, FileParams, IdParams, MAX_MEETING_FILE_BYTES, MeetingDetail, MeetingFileQuery } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { FILE_BODY_TYPES, FileSizeQuery, fileVariant } from '../../kernel/attachments.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { addFile, removeFile } from './commands/files.js';
import { canReadMeeting } from './policy.js';
import { findMeeting } from './queries.js';
import { loadMeeting } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };
const tags = ['meetings'];
const upload = { contentType: 'application/octet-stream', description: '会议附件：图片、PDF 或 Word（.docx），不超过 10 MB；按文件内容识别类型，照片重新编码，位置等信息全部清除' };

/** Files of a meeting: raw bytes in, typed by content; read by whoever reads the meeting. */
export function fileRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    for (const type of FILE_BODY_TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/api/meetings/:id/files', { bodyLimit: MAX_MEETING_FILE_BYTES, config: { upload }, schema: { tags, summary: '上传会议附件（签到表、照片、材料）', params: IdParams, querystring: MeetingFileQuery, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      unwrap(await addFile(deps, actor, req.params.id, req.query.name, body));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.get('/api/meetings/:id/files/:fileId', { schema: { tags, summary: '下载会议附件（size=thumb 取照片缩略图）', params: FileParams, querystring: FileSizeQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const m = await findMeeting(deps.db, req.params.id, actor);
      if (!m || !canReadMeeting(actor, m.at)) throw new HttpError('not_found');
      const file = await deps.db.selectFrom('meeting_files').select(['name', 'mime', 'data', 'thumb']).where('id', '=', req.params.fileId).where('meeting_id', '=', m.id).executeTakeFirst();
      const sent = file && fileVariant(file, req.query.size);
      if (!file || !sent) throw new HttpError('not_found');
      return reply.type(sent.mime).header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(file.name)}`).send(sent.data);
    });

    app.delete('/api/meetings/:id/files/:fileId', { schema: { tags, summary: '删除会议附件', params: FileParams, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await removeFile(deps, actor, req.params.id, req.params.fileId));
      return loadMeeting(deps.db, actor, req.params.id);
    });
  };
}
