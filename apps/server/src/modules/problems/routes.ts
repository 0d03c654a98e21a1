import {
  ErrorResponse, IdParams, LowAnswerPage, LowAnswersQuery, ProblemCounts, ProblemCountsQuery, ProblemCreateBody, ProblemDetail, ProblemExportQuery, ProblemFromAnswerBody,
  ProblemListQuery, ProblemPage, ProblemSourcesBody, ProblemStatusBody, ProblemUpdateBody, RuleCreateBody, Rule, RuleList, RuleListQuery, RuleUpdateBody,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Actor } from '../../kernel/policy.js';
import { createRule, updateRule } from './commands/rules.js';
import { addSources, createProblem, raiseFromAnswer, setProblemStatus, updateProblem } from './commands/manage.js';
import { exportProblems } from './export.js';
import { loadLowAnswers } from './low-answers.js';
import { presentRule, presentRules } from './presenters.js';
import { findRule, listRules } from './queries.js';
import { filterFor, loadCounts, loadProblem, loadProblemPage } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['problems'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function problemsRoutes(deps: Deps) {
  const reload = (actor: Actor, id: string) => loadProblem(deps.db, actor, id);

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // ------------------------------------------------------------ rules (制度规定)
    app.get('/api/rules', { schema: { tags, summary: '制度规定目录（制度及其条款）', querystring: RuleListQuery, response: { 200: RuleList, ...errors } } }, async (req) => {
      await authenticate(req);
      return { items: presentRules(await listRules(deps.db, req.query.includeArchived === 'true')) };
    });

    app.post('/api/rules', { schema: { tags, summary: '新增制度或条款（领导小组办公室）', body: RuleCreateBody, response: { 201: Rule, ...errors } } }, async (req, reply) => {
      const { id } = unwrap(await createRule(deps, await authenticate(req), req.body));
      return reply.status(201).send(presentRule((await findRule(deps.db, id))!));
    });

    app.patch('/api/rules/:id', { schema: { tags, summary: '修改或停用制度规定（不删除）', params: IdParams, body: RuleUpdateBody, response: { 200: Rule, ...errors } } }, async (req) => {
      unwrap(await updateRule(deps, await authenticate(req), req.params.id, req.body));
      return presentRule((await findRule(deps.db, req.params.id))!);
    });

    // ------------------------------------------------------------ problems (问题清单)
    app.get('/api/problems', { schema: { tags, summary: '问题清单（筛选、关键词、按登记时间倒序分页）', querystring: ProblemListQuery, response: { 200: ProblemPage, ...errors } } }, async (req) => {
      return loadProblemPage(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/problems.xlsx', { schema: { tags, summary: '导出筛选后的问题清单（.xlsx，流式）', querystring: ProblemExportQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const filter = await filterFor(deps.db, actor, req.query);
      return reply
        .type(xlsxType)
        .header('content-disposition', `attachment; filename="problems.xlsx"; filename*=UTF-8''${encodeURIComponent('问题清单.xlsx')}`)
        .send(exportProblems(deps.db, filter));
    });

    app.get('/api/problems/counts', { schema: { tags, summary: '各组织问题数（按类别、状态）及转为问题的意见数', querystring: ProblemCountsQuery, response: { 200: ProblemCounts, ...errors } } }, async (req) => {
      return loadCounts(deps.db, await authenticate(req), req.query.orgId);
    });

    app.get('/api/problems/low-answers', { schema: { tags, summary: '问卷某道评分或评价题的低评价回答（可逐条列为问题；按填写日期倒序分页，阅读权限同统计结果）', querystring: LowAnswersQuery, response: { 200: LowAnswerPage, ...errors } } }, async (req) => {
      return loadLowAnswers(deps, await authenticate(req), req.query);
    });

    app.get('/api/problems/:id', { schema: { tags, summary: '问题详情及其来源追溯', params: IdParams, response: { 200: ProblemDetail, ...errors } } }, async (req) => {
      return reload(await authenticate(req), req.params.id);
    });

    app.post('/api/problems', { schema: { tags, summary: '登记问题（至少一个来源）', body: ProblemCreateBody, response: { 201: ProblemDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createProblem(deps, actor, req.body));
      return reply.status(201).send(await reload(actor, id));
    });

    app.post('/api/problems/from-answer', { schema: { tags, summary: '把一条文字回答或低评价一键列为问题', body: ProblemFromAnswerBody, response: { 201: ProblemDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await raiseFromAnswer(deps, actor, req.body));
      return reply.status(201).send(await reload(actor, id));
    });

    app.patch('/api/problems/:id', { schema: { tags, summary: '修改问题', params: IdParams, body: ProblemUpdateBody, response: { 200: ProblemDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateProblem(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/problems/:id/sources', { schema: { tags, summary: '为问题增加来源（如归并更多意见）', params: IdParams, body: ProblemSourcesBody, response: { 200: ProblemDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await addSources(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/problems/:id/status', { schema: { tags, summary: '更改问题状态（待整改、整改中、已整改）', params: IdParams, body: ProblemStatusBody, response: { 200: ProblemDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await setProblemStatus(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });
  };
}
