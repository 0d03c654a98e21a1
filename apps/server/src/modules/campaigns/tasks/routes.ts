import {
  Board, BoardQuery, CellDetail, CellQuery, ErrorResponse, EvidenceBody, EvidenceReviewBody, IdParams, TaskCreateBody, TaskList, TaskParams, TaskUpdateBody, type CellStatus,
} from '@massline/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { Deps } from '../../../database.js';
import { VersionedCache } from '../../../kernel/cache.js';
import { unwrap } from '../../../kernel/errors.js';
import { authenticate, changeCounters } from '../../../kernel/http.js';
import type { Actor } from '../../../kernel/policy.js';
import { writeXlsx, type Cell } from '../../../kernel/xlsx-stream.js';
import { computeBoard } from './board.js';
import { evidenceFileRoutes } from './evidence-file-routes.js';
import { addTemplateTasks, createTask, deleteTask, reviewEvidence, submitEvidence, updateTask } from './commands.js';
import { boardOrgs, campaignRef, cellDetail, listTasks, rowScope } from './read.js';
import { campaignDay } from '../../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['campaigns'];
const statusText: Record<CellStatus, string> = { done: '已完成', in_progress: '进行中', overdue: '已逾期', not_started: '未开始' };

/** Required tasks (规定动作) of a campaign, the progress board of orgs × tasks, its drill-down and export. */
export function tasksRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    // Its own scope: the raw-body parsers of file uploads stay with the file routes.
    await fastify.register(evidenceFileRoutes(deps));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // The board as JSON, kept until the programme's data (meetings, attendance, materials, tasks,
    // evidence, the org tree), the plans (disclosure), the grants (directory), a form's responses or
    // the rules change, or the day turns. The last two have no counter: one small read each tells.
    const boards = new VersionedCache<{ json: string; gzip: Buffer }>(500);
    const board = async (actor: Actor, req: Parameters<typeof changeCounters>[0], campaignId: string, orgId: string | undefined): Promise<{ json: string; gzip: Buffer }> => {
      const c = await campaignRef(deps.db, actor, campaignId);
      const [versions, forms, rules] = await Promise.all([
        changeCounters(req, deps.db),
        deps.db.selectFrom('forms').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('response_count').as('r')]).executeTakeFirstOrThrow(),
        deps.db.selectFrom('regulations').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('updated_at').as('u')]).executeTakeFirstOrThrow(),
      ]);
      const key = [today(), c.id, orgId ?? '', versions.disclosure, versions.directory, forms.n, forms.r, rules.n, rules.u, (rowScope(actor) ?? ['*']).join(',')].join('|');
      let hit = boards.get(versions.programme, key);
      if (hit === undefined) {
        const { scope, orgs } = await boardOrgs(deps.db, actor, c, orgId);
        const json = JSON.stringify(await computeBoard(deps.db, c, scope, orgs, today()));
        // Made once per version: a board of 100 villages is some 60 KB of JSON, a few KB gzipped.
        hit = { json, gzip: gzipSync(json) };
        boards.set(versions.programme, key, hit);
      }
      return hit;
    };

    app.get('/api/campaigns/:id/board', { schema: { tags, summary: '规定动作进度看板（组织 × 任务，按数据自动判断完成情况）', params: IdParams, querystring: BoardQuery, response: { 200: Board, ...errors } } }, async (req, reply) => {
      const hit = await board(await authenticate(req), req, req.params.id, req.query.orgId);
      // Already JSON: sent as is (a string or buffer with a JSON content type skips serialization).
      const raw: FastifyReply = reply;
      raw.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return raw.header('content-encoding', 'gzip').send(hit.gzip);
      return raw.send(hit.json);
    });

    app.get('/api/campaigns/:id/board.xlsx', { schema: { tags, summary: '导出规定动作进度看板（.xlsx）', params: IdParams, querystring: BoardQuery } }, async (req, reply) => {
      const b = JSON.parse((await board(await authenticate(req), req, req.params.id, req.query.orgId)).json) as Board;
      async function* rows(): AsyncGenerator<Cell[]> {
        yield ['组织', ...b.tasks.map((t) => `${t.title}（${t.dueDay} 前）`), '完成'];
        for (const r of b.rows) {
          yield [
            `${'　'.repeat(r.depth)}${r.orgName}`,
            ...b.tasks.map((t, i) => {
              const cell = r.cells[i];
              if (!cell) return '—';
              return t.rule.kind === 'evidence' || t.rule.kind === 'rectification_plan' ? statusText[cell.status] : `${statusText[cell.status]} ${cell.value}/${cell.target}`;
            }),
            `${r.done}/${r.applicable}`,
          ];
        }
      }
      const out = new PassThrough();
      writeXlsx(out, '规定动作进度', rows(), [28, ...b.tasks.map(() => 18), 10]).catch((err) => out.destroy(err));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="board.xlsx"; filename*=UTF-8''${encodeURIComponent('规定动作进度.xlsx')}`)
        .send(out);
    });

    app.get('/api/campaigns/:id/board/cell', { schema: { tags, summary: '看板单元格的依据（会议、学时、问卷、材料、清单、制度、报送）', params: IdParams, querystring: CellQuery, response: { 200: CellDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return cellDetail(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.query.taskId, req.query.orgId, today());
    });

    app.get('/api/campaigns/:id/tasks', { schema: { tags, summary: '活动的规定动作', params: IdParams, response: { 200: TaskList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return listTasks(deps.db, actor, await campaignRef(deps.db, actor, req.params.id));
    });

    const reload = async (actor: Actor, id: string) => listTasks(deps.db, actor, await campaignRef(deps.db, actor, id));

    app.post('/api/campaigns/:id/tasks', { schema: { tags, summary: '增加规定动作', params: IdParams, body: TaskCreateBody, response: { 201: TaskList, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      unwrap(await createTask(deps, actor, req.params.id, req.body));
      return reply.status(201).send(await reload(actor, req.params.id));
    });

    app.post('/api/campaigns/:id/tasks/template', { schema: { tags, summary: '套用三个阶段的规定动作模板', params: IdParams, response: { 201: TaskList, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      unwrap(await addTemplateTasks(deps, actor, req.params.id));
      return reply.status(201).send(await reload(actor, req.params.id));
    });

    app.patch('/api/campaigns/:id/tasks/:taskId', { schema: { tags, summary: '修改规定动作', params: TaskParams, body: TaskUpdateBody, response: { 200: TaskList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateTask(deps, actor, req.params.id, req.params.taskId, req.body));
      return reload(actor, req.params.id);
    });

    app.delete('/api/campaigns/:id/tasks/:taskId', { schema: { tags, summary: '删除规定动作', params: TaskParams, response: { 200: TaskList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await deleteTask(deps, actor, req.params.id, req.params.taskId));
      return reload(actor, req.params.id);
    });

    app.post('/api/campaigns/:id/tasks/:taskId/evidence', { schema: { tags, summary: '报送规定动作的完成情况（数据无法判断的任务）', params: TaskParams, body: EvidenceBody, response: { 200: CellDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await submitEvidence(deps, actor, req.params.id, req.params.taskId, req.body.orgId, req.body.note));
      return cellDetail(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.params.taskId, req.body.orgId, today());
    });

    app.post('/api/campaigns/:id/tasks/:taskId/evidence/review', { schema: { tags, summary: '确认或退回报送的完成情况', params: TaskParams, body: EvidenceReviewBody, response: { 200: CellDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await reviewEvidence(deps, actor, req.params.id, req.params.taskId, req.body.orgId, req.body.decision, req.body.comment));
      return cellDetail(deps.db, actor, await campaignRef(deps.db, actor, req.params.id), req.params.taskId, req.body.orgId, today());
    });
  };
}
