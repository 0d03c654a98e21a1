import { Campaign, CampaignCreateBody, CampaignList, CampaignListQuery, CampaignUpdateBody, CurrentCampaign, ErrorResponse, IdParams } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../database.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { createCampaign, updateCampaign } from './commands/manage.js';
import { canReadCampaign } from './policy.js';
import { currentCampaign, listCampaigns, loadCampaign } from './read.js';
import { summaryRoutes } from './summaries/routes.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['campaigns'];

/** Campaigns and their phases: start one from the three-phase template, read the one running now. */
export function campaignsRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/campaigns', { schema: { tags, summary: '教育实践活动列表（本级、上级与下级的，含已结束的）', querystring: CampaignListQuery, response: { 200: CampaignList, ...errors } } }, async (req) => {
      return { items: await listCampaigns(deps.db, await authenticate(req), req.query.orgId, today()) };
    });

    app.get('/api/campaigns/current', { schema: { tags, summary: '某组织今天所处的活动和阶段', querystring: z.strictObject({ orgId: IdParams.shape.id }), response: { 200: CurrentCampaign, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const org = await deps.db.selectFrom('orgs').select('path').where('id', '=', req.query.orgId).executeTakeFirst();
      if (!org || !canReadCampaign(actor, org.path)) throw new HttpError('not_found');
      return { campaign: await currentCampaign(deps.db, actor, org.path, today()) };
    });

    app.get('/api/campaigns/:id', { schema: { tags, summary: '活动详情及各阶段', params: IdParams, response: { 200: Campaign, ...errors } } }, async (req) => {
      return loadCampaign(deps.db, await authenticate(req), req.params.id, today());
    });

    app.post('/api/campaigns', { schema: { tags, summary: '启动教育实践活动（三个阶段模板或自定阶段）', body: CampaignCreateBody, response: { 201: Campaign, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createCampaign(deps, actor, req.body));
      return reply.status(201).send(await loadCampaign(deps.db, actor, id, today()));
    });

    app.patch('/api/campaigns/:id', { schema: { tags, summary: '修改活动名称或阶段安排', params: IdParams, body: CampaignUpdateBody, response: { 200: Campaign, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateCampaign(deps, actor, req.params.id, req.body));
      return loadCampaign(deps.db, actor, req.params.id, today());
    });

    summaryRoutes(fastify, deps);
  };
}
