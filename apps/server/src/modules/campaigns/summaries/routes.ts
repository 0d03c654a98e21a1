import { ErrorResponse, IdParams, Summary, SummaryList, SummaryQuery, SummarySaveBody } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../../database.js';
import { unwrap } from '../../../kernel/errors.js';
import { authenticate } from '../../../kernel/http.js';
import { saveSummary } from '../commands/summary.js';
import { summaryDocx } from './export.js';
import { listSummaries, loadSummary, summaryScope } from './read.js';
import { campaignDay } from '../../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['campaigns'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 阶段总结: drafted from the data, edited, saved, exported to Word. */
export function summaryRoutes(app: FastifyInstance, deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/campaigns/:id/summaries', { schema: { tags, summary: '活动已保存的阶段总结', params: IdParams, response: { 200: SummaryList, ...errors } } }, async (req) => {
    return listSummaries(deps.db, await authenticate(req), req.params.id);
  });

  api.get('/api/campaigns/:id/summary', { schema: { tags, summary: '某组织某阶段（或全程）的总结：已保存的，或由数据起草的初稿', params: IdParams, querystring: SummaryQuery, response: { 200: Summary, ...errors } } }, async (req) => {
    const actor = await authenticate(req);
    return loadSummary(deps.db, actor, await summaryScope(deps.db, actor, req.params.id, req.query, 'summary.read'), today());
  });

  api.get('/api/campaigns/:id/summary/draft', { schema: { tags, summary: '按当前数据重新起草总结（不保存）', params: IdParams, querystring: SummaryQuery, response: { 200: Summary, ...errors } } }, async (req) => {
    const actor = await authenticate(req);
    return loadSummary(deps.db, actor, await summaryScope(deps.db, actor, req.params.id, req.query, 'summary.read'), today(), true);
  });

  api.post('/api/campaigns/:id/summary', { schema: { tags, summary: '保存总结（各部分文字按编辑后的保存）', params: IdParams, body: SummarySaveBody, response: { 200: Summary, ...errors } } }, async (req) => {
    const actor = await authenticate(req);
    unwrap(await saveSummary(deps, actor, req.params.id, req.body));
    const scope = await summaryScope(deps.db, actor, req.params.id, { orgId: req.body.orgId, phaseId: req.body.phaseId ?? undefined }, 'summary.read');
    return loadSummary(deps.db, actor, scope, today());
  });

  api.get('/api/campaigns/:id/summary.docx', { schema: { tags, summary: '导出总结（Word，GB/T 9704 公文格式）', params: IdParams, querystring: SummaryQuery } }, async (req, reply) => {
    const actor = await authenticate(req);
    const summary = await loadSummary(deps.db, actor, await summaryScope(deps.db, actor, req.params.id, req.query, 'summary.read'), today());
    const name = `${summary.title}.docx`;
    return reply.type(DOCX).header('content-disposition', `attachment; filename="summary.docx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(await summaryDocx(summary, today()));
  });
}
