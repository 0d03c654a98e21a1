import {
  ErrorResponse, IdParams, RegulationCreateBody, RegulationDetail, RegulationExportQuery, RegulationLinkBody, RegulationListQuery, RegulationPage,
  RegulationProblemParams, RegulationUpdateBody,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Actor } from '../../kernel/policy.js';
import { createRegulation, linkProblems, unlinkProblem, updateRegulation } from './commands/manage.js';
import { documentRoutes } from './document-routes.js';
import { exportRegulations } from './export.js';
import { filterFor, loadRegulation, loadRegulationPage } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['regulations'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 建章立制: the register of rules made because of problems. */
export function regulationsRoutes(deps: Deps) {
  const reload = (actor: Actor, id: string) => loadRegulation(deps.db, actor, id);

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/regulations', { schema: { tags, summary: '建章立制登记（筛选、关键词、按施行日期倒序分页）', querystring: RegulationListQuery, response: { 200: RegulationPage, ...errors } } }, async (req) => {
      return loadRegulationPage(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/regulations.xlsx', { schema: { tags, summary: '导出筛选后的建章立制登记（.xlsx，流式）', querystring: RegulationExportQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const filter = await filterFor(deps.db, actor, req.query);
      return reply
        .type(xlsxType)
        .header('content-disposition', `attachment; filename="regulations.xlsx"; filename*=UTF-8''${encodeURIComponent('建章立制.xlsx')}`)
        .send(exportRegulations(deps.db, actor, filter));
    });

    app.get('/api/regulations/:id', { schema: { tags, summary: '制度详情及其针对的问题', params: IdParams, response: { 200: RegulationDetail, ...errors } } }, async (req) => {
      return reload(await authenticate(req), req.params.id);
    });

    app.post('/api/regulations', { schema: { tags, summary: '登记新建或修订的制度（可同时关联问题）', body: RegulationCreateBody, response: { 201: RegulationDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createRegulation(deps, actor, req.body));
      return reply.status(201).send(await reload(actor, id));
    });

    app.patch('/api/regulations/:id', { schema: { tags, summary: '修改制度', params: IdParams, body: RegulationUpdateBody, response: { 200: RegulationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateRegulation(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/regulations/:id/problems', { schema: { tags, summary: '为制度关联问题（只能关联您能查看的问题）', params: IdParams, body: RegulationLinkBody, response: { 200: RegulationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await linkProblems(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.delete('/api/regulations/:id/problems/:problemId', { schema: { tags, summary: '取消制度与问题的关联', params: RegulationProblemParams, response: { 200: RegulationDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await unlinkProblem(deps, actor, req.params.id, req.params.problemId));
      return reload(actor, req.params.id);
    });

    // Uploads take raw bytes: their content-type parsers stay in a context of their own.
    await fastify.register(documentRoutes(deps));
  };
}
