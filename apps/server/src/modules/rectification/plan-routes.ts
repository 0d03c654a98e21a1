import {
  CallbackVerdictBody, ErrorResponse, FlagAnswerBody, IdParams, OrgIdParams, Plan, PlanDecisionBody, PublishBody, RectificationFlagList, RectificationFlagQuery,
  VerdictCodesBody, VerdictCodesResult, VerdictResult, VerdictRule, ListVerdictRuleBody, ItemVerdictRuleBody, CallbackQuery, CallbackList,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { Deps } from '../../database.js';
import { underAny } from '../../kernel/db.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { writeXlsx } from '../../kernel/xlsx-stream.js';
import { answerItemFlag } from './commands/flags.js';
import { decidePlan, loadPlan, publishPlan, submitPlan } from './commands/plans.js';
import { callbackVerdict, issueVerdictCodes } from './commands/verdicts.js';
import { loadVerdictRule, setItemVerdictRule, setListVerdictRule } from './commands/verdict-rule.js';
import { callbackList } from './callbacks.js';
import { planDocx, planSheet } from './export.js';
import { rectificationPolicy } from './policy.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['rectification'];

/** Each org's rectification list (整改清单): review, approval, publication, verdict codes; call-back verdicts; the 纠错 queue. */
export function rectificationPlanRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/rectification-plans/:orgId', { schema: { tags, summary: '组织的整改清单及其审核、公示状态', params: OrgIdParams, response: { 200: Plan, ...errors } } }, async (req) => {
      return loadPlan(deps.db, await authenticate(req), req.params.orgId, today());
    });

    const attachment = (name: string, ext: string) => `attachment; filename="rectification-list.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}整改清单.${ext}`)}`;

    app.get('/api/rectification-plans/:orgId/export.xlsx', { schema: { tags, summary: '导出整改清单（.xlsx）', params: OrgIdParams } }, async (req, reply) => {
      const plan = await loadPlan(deps.db, await authenticate(req), req.params.orgId, today());
      const out = new PassThrough();
      writeXlsx(out, '整改清单', planSheet(plan), [6, 36, 60, 18, 12, 16]).catch((err) => out.destroy(err));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', attachment(plan.orgName, 'xlsx')).send(out);
    });

    app.get('/api/rectification-plans/:orgId/export.docx', { schema: { tags, summary: '导出整改清单（Word，A4 横向公文表格）', params: OrgIdParams } }, async (req, reply) => {
      const plan = await loadPlan(deps.db, await authenticate(req), req.params.orgId, today());
      const buffer = await planDocx(plan, today());
      return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', attachment(plan.orgName, 'docx')).send(buffer);
    });

    app.post('/api/rectification-plans/:orgId/submit', { schema: { tags, summary: '报送整改清单，请领导小组办公室审核', params: OrgIdParams, response: { 200: Plan, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await submitPlan(deps, actor, req.params.orgId));
      return loadPlan(deps.db, actor, req.params.orgId, today());
    });

    app.post('/api/rectification-plans/:orgId/decide', { schema: { tags, summary: '审核整改清单：通过或退回（退回须写明意见）', params: OrgIdParams, body: PlanDecisionBody, response: { 200: Plan, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await decidePlan(deps, actor, req.params.orgId, req.body));
      return loadPlan(deps.db, actor, req.params.orgId, today());
    });

    app.post('/api/rectification-plans/:orgId/publish', { schema: { tags, summary: '公示或撤回已审核的整改清单', params: OrgIdParams, body: PublishBody, response: { 200: Plan, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await publishPlan(deps, actor, req.params.orgId, req.body.published));
      return loadPlan(deps.db, actor, req.params.orgId, today());
    });

    app.post('/api/rectification-plans/:orgId/verdict-codes', { schema: { tags, summary: '生成群众评议码（每码每项一票，只显示这一次）', params: OrgIdParams, body: VerdictCodesBody, response: { 201: VerdictCodesResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await issueVerdictCodes(deps, await authenticate(req), req.params.orgId, req.body)));
    });

    app.get('/api/rectification-plans/:orgId/verdict-rule', { schema: { tags, summary: '整改评议计票规则（哪些评议计票、退回所需票数）', params: OrgIdParams, response: { 200: VerdictRule, ...errors } } }, async (req) => {
      return unwrap(await loadVerdictRule(deps.db, await authenticate(req), req.params.orgId));
    });

    app.put('/api/rectification-plans/:orgId/verdict-rule', { schema: { tags, summary: '设定整改评议计票规则（由上级决定）', params: OrgIdParams, body: ListVerdictRuleBody, response: { 200: VerdictRule, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await setListVerdictRule(deps, actor, req.params.orgId, req.body));
      return unwrap(await loadVerdictRule(deps.db, actor, req.params.orgId));
    });

    app.put('/api/rectifications/:id/verdict-rule', { schema: { tags, summary: '单个整改事项的评议计票规则（null：按清单；由上级决定）', params: IdParams, body: ItemVerdictRuleBody, response: { 200: z.object({ id: z.string() }), ...errors } } }, async (req) => {
      return unwrap(await setItemVerdictRule(deps, await authenticate(req), req.params.id, req.body.countedKinds));
    });

    app.get('/api/callbacks', { schema: { tags, summary: '回访名单：实名反映人的意见已答复或整改事项已完成（上级办公室、督导组）', querystring: CallbackQuery, response: { 200: CallbackList, ...errors } } }, async (req) => {
      return callbackList(deps.db, await authenticate(req), req.query);
    });

    app.post('/api/rectifications/:id/verdicts', { schema: { tags, summary: '记录回访评议（实名反映人电话或上门回访；上级办公室或督导组）', params: IdParams, body: CallbackVerdictBody, response: { 201: VerdictResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await callbackVerdict(deps, await authenticate(req), req.params.id, req.body)));
    });

    app.get('/api/rectification-flags', { schema: { tags, summary: '整改公示的纠错处理队列', querystring: RectificationFlagQuery, response: { 200: RectificationFlagList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      if (!rectificationPolicy.canSomewhere(actor, 'rect.publish')) throw new HttpError('forbidden');
      let q = deps.db
        .selectFrom('rectification_flags as f')
        .innerJoin('rectifications as r', 'r.id', 'f.rectification_id')
        .innerJoin('orgs as o', 'o.id', 'r.owner_org_id')
        .select(['f.id', 'f.rectification_id', 'f.body', 'f.day', 'f.status', 'f.answer', 'r.title', 'o.name as org_name'])
        .orderBy('f.day', 'desc')
        .orderBy('f.id')
        .limit(500);
      const scope = rectificationPolicy.scope(actor, 'rect.publish');
      if (scope) q = q.where(underAny(sql.ref('o.path'), scope));
      if (req.query.status) q = q.where('f.status', '=', req.query.status);
      const rows = await q.execute();
      return { items: rows.map((f) => ({ id: f.id, rectificationId: f.rectification_id, title: f.title, orgName: f.org_name, body: f.body, day: f.day, status: f.status as 'open', answer: f.answer })) };
    });

    app.post('/api/rectification-flags/:id/answer', { schema: { tags, summary: '答复或驳回对整改公示的纠错', params: IdParams, body: FlagAnswerBody, response: { 200: z.object({ id: z.string() }), ...errors } } }, async (req) => {
      return unwrap(await answerItemFlag(deps, await authenticate(req), req.params.id, req.body));
    });
  };
}
