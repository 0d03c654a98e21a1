import { Distribution, ErrorResponse, Form, FormDefinition, FormKind, Id, IdParams } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, unwrap } from '../../../kernel/errors.js';
import { authenticate } from '../../../kernel/http.js';
import { atOrg } from '../../../kernel/policy.js';
import type { Deps } from '../../../database.js';
import { formsPolicy } from '../policy.js';
import { presentForm } from '../presenters.js';
import { findFormWithOrg } from '../queries.js';
import { importXlsform } from './import.js';
import { writeXlsform } from './write.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSFORM_LIMIT = 10 * 1024 * 1024;
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['forms'];

export const XlsformImportQuery = z.strictObject({
  orgId: Id,
  kind: FormKind.default('custom'),
  /** Instead of the file's settings.form_title. */
  title: z.string().trim().min(1).max(200).optional(),
  /** Default: as the built-in template of the same kind. */
  anonymous: z.enum(['true', 'false']).optional(),
  distribution: Distribution.optional(),
});

/** XLSForm (ODK / KoboToolbox) import and export of forms. */
export function formsXlsformRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/forms/:id/xlsform.xlsx', { schema: { tags, summary: '导出为 XLSForm（.xlsx，可导入 ODK / KoboToolbox；仅领导小组办公室）', params: IdParams } }, async (req, reply) => {
      const actor = await authenticate(req);
      const form = await findFormWithOrg(deps.db, req.params.id);
      if (!form || !formsPolicy.can(actor, 'form.read', atOrg(form.org_path))) throw new HttpError('not_found');
      formsPolicy.authorize(actor, 'form.manage', atOrg(form.org_path));
      const file = await writeXlsform(FormDefinition.parse(JSON.parse(form.definition)), form.title, `massline_${form.id.replace(/[^A-Za-z0-9]/g, '_')}`);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="xlsform.xlsx"; filename*=UTF-8''${encodeURIComponent(`${form.title}-XLSForm.xlsx`)}`)
        .send(file);
    });

    // The file upload takes a body parser of its own, in a scope of its own (as the roster import).
    await app.register(async (scope) => {
      for (const type of [XLSX, 'application/octet-stream']) {
        scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      }
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/api/forms/import/xlsform',
        {
          bodyLimit: XLSFORM_LIMIT,
          config: { upload: { contentType: XLSX, description: 'XLSForm .xlsx 文件（survey、choices、settings 工作表）' } },
          schema: {
            tags,
            summary: '从 XLSForm 导入问卷草稿：请求体为 .xlsx 文件；有任何不支持或有误的行则不导入，并返回每一处问题（工作表、行、列、原因）',
            querystring: XlsformImportQuery,
            response: { 201: Form, ...errors },
          },
        },
        async (req, reply) => {
          const actor = await authenticate(req);
          if (!Buffer.isBuffer(req.body)) throw new HttpError('xlsform_unreadable');
          const { anonymous, ...query } = req.query;
          const { id } = unwrap(await importXlsform(deps, actor, { ...query, ...(anonymous ? { anonymous: anonymous === 'true' } : {}) }, req.body));
          return reply.status(201).send(presentForm((await findFormWithOrg(deps.db, id))!));
        },
      );
    });
  };
}
