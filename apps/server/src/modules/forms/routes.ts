import {
  answerErrorMessage, CodesBody, CodesResult, ErrorResponse, Form, FormCreateBody, FormList, FormListQuery, FormUpdateBody, IdParams,
  PublicForm, SubmitBody, SubmitResult, TemplateList, TemplateQuery, Turnout, evaluationBallot, formTemplates, type AnswerError,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { registerPublicRateLimit } from '../../kernel/anonymous-key.js';
import { underAny } from '../../kernel/db.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { generateCodes } from './commands/codes.js';
import { copyForm, createForm, setFormStatus, updateForm } from './commands/manage.js';
import { submitResponse } from './commands/submit.js';
import { formAncestorScope, formsPolicy } from './policy.js';
import { presentForm, presentFormSummary, presentPublicForm } from './presenters.js';
import { findFormWithOrg } from './queries.js';
import { readableForm } from './access.js';
import { formAnsweringRoutes } from './answering-routes.js';
import { formResultsRoutes } from './results-routes.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['forms'];

export function formsRoutes(deps: Deps) {
  const readable = (actor: Actor, id: string) => readableForm(deps, actor, id);
  const reload = async (id: string) => presentForm((await findFormWithOrg(deps.db, id))!);

  return async (fastify: FastifyInstance) => {
    await fastify.register(formResultsRoutes(deps));
    await fastify.register(formAnsweringRoutes(deps));
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    // Senders are counted under an hourly re-salted hash of their address, in memory only: a flood
    // from one place is slowed, and nothing kept can say who sent what (docs/SECURITY.md).
    const publicLimit = await registerPublicRateLimit(app, deps.config.publicRateLimit);

    app.get('/api/forms', { schema: { tags, summary: '问卷与测评票列表', querystring: FormListQuery, response: { 200: FormList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      let q = deps.db.selectFrom('forms as f').innerJoin('orgs as o', 'o.id', 'f.org_id').selectAll('f').select(['o.path as org_path', 'o.name as org_name']).orderBy('f.created_at', 'desc');
      const scope = formsPolicy.scope(actor, 'form.read');
      const above = formAncestorScope(actor);
      if (scope) q = q.where((eb) => (above.length ? eb.or([underAny(sql.ref('o.path'), scope), eb('o.path', 'in', above)]) : underAny(sql.ref('o.path'), scope)));
      if (req.query.orgId) q = q.where('f.org_id', '=', req.query.orgId);
      return { items: (await q.limit(500).execute()).map(presentFormSummary) };
    });

    app.get('/api/forms/templates', { schema: { tags, summary: '内置问卷模板（四类问卷）与民主测评票', querystring: TemplateQuery, response: { 200: TemplateList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      if (!formsPolicy.canSomewhere(actor, 'form.manage')) throw new HttpError('forbidden');
      const cadres = req.query.cadres.split(/[,，、]/).map((s) => s.trim()).filter(Boolean).slice(0, 49);
      return { items: [...formTemplates, evaluationBallot(req.query.team, cadres, req.query.scale)] };
    });

    app.get('/api/forms/:id', { schema: { tags, summary: '问卷详情（含题目）', params: IdParams, response: { 200: Form, ...errors } } }, async (req) => {
      return presentForm(await readable(await authenticate(req), req.params.id));
    });

    app.post('/api/forms', { schema: { tags, summary: '新建问卷草稿', body: FormCreateBody, response: { 201: Form, ...errors } } }, async (req, reply) => {
      const { id } = unwrap(await createForm(deps, await authenticate(req), req.body));
      return reply.status(201).send(await reload(id));
    });

    app.patch('/api/forms/:id', { schema: { tags, summary: '修改问卷草稿（已有回答的问卷只能关闭或复制）', params: IdParams, body: FormUpdateBody, response: { 200: Form, ...errors } } }, async (req) => {
      unwrap(await updateForm(deps, await authenticate(req), req.params.id, req.body));
      return reload(req.params.id);
    });

    for (const [verb, status] of [['open', 'open'], ['close', 'closed']] as const) {
      app.post(`/api/forms/:id/${verb}`, { schema: { tags, summary: verb === 'open' ? '发布问卷' : '关闭问卷', params: IdParams, response: { 200: Form, ...errors } } }, async (req) => {
        unwrap(await setFormStatus(deps, await authenticate(req), req.params.id, status));
        return reload(req.params.id);
      });
    }

    app.post('/api/forms/:id/copy', { schema: { tags, summary: '复制为新草稿', params: IdParams, response: { 201: Form, ...errors } } }, async (req, reply) => {
      const { id } = unwrap(await copyForm(deps, await authenticate(req), req.params.id));
      return reply.status(201).send(await reload(id));
    });

    app.post('/api/forms/:id/codes', { schema: { tags, summary: '为组织生成一次性测评码（只返回这一次）', params: IdParams, body: CodesBody, response: { 201: CodesResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await generateCodes(deps, await authenticate(req), req.params.id, req.body)));
    });

    app.get('/api/forms/:id/turnout', { schema: { tags, summary: '各组织测评码发放与使用数（参与率）', params: IdParams, response: { 200: Turnout, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const form = await readable(actor, req.params.id);
      const rows = await deps.db
        .selectFrom('form_codes as c')
        .innerJoin('orgs as o', 'o.id', 'c.org_id')
        .select((eb) => ['o.id', 'o.name', 'o.path', eb.fn.countAll<number>().as('issued'), eb.fn.sum<number>('c.used').as('used')])
        .where('c.form_id', '=', form.id)
        .groupBy(['o.id', 'o.name', 'o.path'])
        .orderBy('o.path')
        .execute();
      const items = rows.filter((r) => formsPolicy.can(actor, 'form.read', atOrg(r.path)));
      return { items: items.map((r) => ({ orgId: r.id, orgName: r.name, issued: Number(r.issued), used: Number(r.used ?? 0) })) };
    });

    // Residents' side: no session, and no request log, so no address or moment is written anywhere.
    app.get('/api/public/forms/:id', { logLevel: 'silent', schema: { tags: ['public'], summary: '群众填写页获取问卷', security: [], params: IdParams, response: { 200: PublicForm, ...errors } } }, async (req) => {
      const form = await findFormWithOrg(deps.db, req.params.id);
      if (!form || form.status === 'draft') throw new HttpError('not_found');
      if (form.status !== 'open') throw new HttpError('form_not_open');
      return presentPublicForm(form);
    });

    app.post('/api/public/forms/:id/responses', { logLevel: 'silent', config: publicLimit, schema: { tags: ['public'], summary: '提交回答或测评票（匿名；一次性测评码与回答在同一事务中核销）', security: [], params: IdParams, body: SubmitBody, response: { 201: SubmitResult, 200: SubmitResult, ...errors } } }, async (req, reply) => {
      const outcome = await submitResponse(deps, req.params.id, req.body);
      if (!outcome.ok && outcome.reason === 'answers_invalid') {
        const details = (outcome.details as AnswerError[]).map((e) => ({ question: e.question, code: e.code, message: answerErrorMessage(e, req.lang) }));
        throw new HttpError('answers_invalid', outcome.params, details);
      }
      const { duplicate } = unwrap(outcome);
      return reply.status(duplicate ? 200 : 201).send({ ok: true as const, duplicate });
    });
  };
}
