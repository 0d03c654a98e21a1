import { answerErrorMessage, AssignBody, AssignmentList, AssignmentSummary, AssignResult, ErrorResponse, IdParams, NamedSubmitBody, SubmitResult, type AnswerError, type Assignment } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { atOrg } from '../../kernel/policy.js';
import type { Db, Deps } from '../../database.js';
import { readableForm } from './access.js';
import { answerAssignment } from './commands/answer.js';
import { createAssignments } from './commands/assign.js';
import { formsPolicy } from './policy.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['forms'];

/** Assignments with their form, org, respondent and subject, as one list query. */
const assignments = (db: Db) =>
  db
    .selectFrom('form_assignments as a')
    .innerJoin('forms as f', 'f.id', 'a.form_id')
    .innerJoin('orgs as o', 'o.id', 'a.org_id')
    .innerJoin('people as r', 'r.id', 'a.respondent_id')
    .leftJoin('people as s', 's.id', 'a.subject_id')
    .select([
      'a.id', 'a.form_id', 'a.org_id', 'a.respondent_id', 'a.subject_id', 'a.repeatable', 'a.done',
      'f.title', 'f.kind', 'f.status', 'o.name as org_name', 'o.path as org_path', 'r.name as respondent_name', 's.name as subject_name',
    ]);

type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignments>['execute']>>[number];

const present = (a: AssignmentRow): Assignment => ({
  id: a.id,
  formId: a.form_id,
  formTitle: a.title,
  formKind: a.kind as Assignment['formKind'],
  formStatus: a.status,
  orgId: a.org_id,
  orgName: a.org_name,
  respondent: { id: a.respondent_id, name: a.respondent_name },
  subject: a.subject_id ? { id: a.subject_id, name: a.subject_name ?? '' } : null,
  repeatable: a.repeatable === 1,
  done: Number(a.done),
});

export function formAnsweringRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/api/forms/:id/assignments', { schema: { tags, summary: '分派实名填写（自查、互查、指定互评、入户走访）', params: IdParams, body: AssignBody, response: { 201: AssignResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await createAssignments(deps, await authenticate(req), req.params.id, req.body)));
    });

    app.get('/api/forms/:id/assignments', { schema: { tags, summary: '实名填写的分派与完成情况', params: IdParams, response: { 200: AssignmentSummary, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const form = await readableForm(deps, actor, req.params.id);
      const rows = await assignments(deps.db).where('a.form_id', '=', form.id).orderBy('o.path').orderBy('r.name').orderBy('s.name').execute();
      // Who has answered is visible; what they answered is not, here (anonymous forms keep no link).
      const items = rows.filter((r) => formsPolicy.can(actor, 'form.read', atOrg(r.org_path))).map(present);
      return { items, total: items.length, done: items.filter((i) => i.done > 0).length };
    });

    app.get('/api/my/assignments', { schema: { tags, summary: '我的填写任务（自查、互查、入户走访）', response: { 200: AssignmentList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const rows = await assignments(deps.db).where('a.respondent_id', '=', actor.personId).where('f.status', '=', 'open').orderBy('f.created_at', 'desc').orderBy('s.name').execute();
      return { items: rows.map(present) };
    });

    app.post('/api/my/assignments/:id/responses', { schema: { tags, summary: '提交我的填写（重复提交同一幂等键返回首次结果）', params: IdParams, body: NamedSubmitBody, response: { 201: SubmitResult, 200: SubmitResult, ...errors } } }, async (req, reply) => {
      const outcome = await answerAssignment(deps, await authenticate(req), req.params.id, req.body);
      if (!outcome.ok && outcome.reason === 'answers_invalid') {
        const details = (outcome.details as AnswerError[]).map((e) => ({ question: e.question, code: e.code, message: answerErrorMessage(e, req.lang) }));
        throw new HttpError('answers_invalid', outcome.params, details);
      }
      const { duplicate } = unwrap(outcome);
      return reply.status(duplicate ? 200 : 201).send({ ok: true as const, duplicate });
    });
  };
}
