import {
  ErrorResponse, HoursQuery, HoursReport, IdParams, MyHours, MyHoursQuery, MyNotes, MyNotesQuery, NoteCreateBody, NoteDetail, NoteListQuery, NotePage,
  NoteReviewBody, NoteUpdateBody, Reading, ReadingCreateBody, ReadingList, ReadingListQuery, ReadingReorderBody, ReadingUpdateBody,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { createNote, reviewNote, updateNote } from './commands/notes.js';
import { addReading, deleteReading, reorderReadings, updateReading } from './commands/readings.js';
import { exportHours } from './export.js';
import { fileRoutes } from './file-routes.js';
import { hoursScope, loadHoursReport, loadMyHours, membersHours } from './hours-read.js';
import { loadMyNotes, loadNote, loadNotePage, loadReading, loadReadingList } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['study'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 学习教育: the reading list, study notes and their review, study hours. */
export function studyRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // ---------------------------------------------------------------- reading list (必学书目)
    app.get('/api/study/readings', { schema: { tags, summary: '活动的必学书目', querystring: ReadingListQuery, response: { 200: ReadingList, ...errors } } }, async (req) => {
      return loadReadingList(deps.db, await authenticate(req), req.query.campaignId);
    });

    app.post('/api/study/readings', { schema: { tags, summary: '增加必学书目（活动所属组织的领导小组办公室）', body: ReadingCreateBody, response: { 201: Reading, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await addReading(deps, actor, req.body));
      return reply.status(201).send(await loadReading(deps.db, actor, id));
    });

    app.patch('/api/study/readings/:id', { schema: { tags, summary: '修改必学书目', params: IdParams, body: ReadingUpdateBody, response: { 200: Reading, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateReading(deps, actor, req.params.id, req.body));
      return loadReading(deps.db, actor, req.params.id);
    });

    app.post('/api/study/readings/reorder', { schema: { tags, summary: '调整必学书目的顺序（列出全部书目）', body: ReadingReorderBody, response: { 200: ReadingList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await reorderReadings(deps, actor, req.body));
      return loadReadingList(deps.db, actor, req.body.campaignId);
    });

    app.delete('/api/study/readings/:id', { schema: { tags, summary: '删除必学书目（已在集中学习中学过的不能删除）', params: IdParams, response: { 200: ReadingList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const { campaignId } = unwrap(await deleteReading(deps, actor, req.params.id));
      return loadReadingList(deps.db, actor, campaignId);
    });

    // ---------------------------------------------------------------- study notes (心得体会)
    app.get('/api/study/notes', { schema: { tags, summary: '本级及下级的心得体会（审核、督导用；按状态、组织、活动筛选）', querystring: NoteListQuery, response: { 200: NotePage, ...errors } } }, async (req) => {
      return loadNotePage(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/study/notes/mine', { schema: { tags, summary: '我在某次活动中的心得体会，以及可以署名的组织', querystring: MyNotesQuery, response: { 200: MyNotes, ...errors } } }, async (req) => {
      return loadMyNotes(deps.db, await authenticate(req), req.query.campaignId);
    });

    app.get('/api/study/notes/:id', { schema: { tags, summary: '心得体会全文', params: IdParams, response: { 200: NoteDetail, ...errors } } }, async (req) => {
      return loadNote(deps.db, await authenticate(req), req.params.id);
    });

    app.post('/api/study/notes', { schema: { tags, summary: '提交心得体会（正文不少于规定字数）', body: NoteCreateBody, response: { 201: NoteDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createNote(deps, actor, req.body));
      return reply.status(201).send(await loadNote(deps.db, actor, id));
    });

    app.patch('/api/study/notes/:id', { schema: { tags, summary: '修改自己的心得体会（审核通过后不能修改；退回的修改后重新提交）', params: IdParams, body: NoteUpdateBody, response: { 200: NoteDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateNote(deps, actor, req.params.id, req.body));
      return loadNote(deps.db, actor, req.params.id);
    });

    app.post('/api/study/notes/:id/review', { schema: { tags, summary: '审核心得体会：通过，或写明意见退回', params: IdParams, body: NoteReviewBody, response: { 200: NoteDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await reviewNote(deps, actor, req.params.id, req.body));
      return loadNote(deps.db, actor, req.params.id);
    });

    // ---------------------------------------------------------------- study hours (学时)
    app.get('/api/study/hours', { schema: { tags, summary: '学时统计：某组织（含下级）每人学时、平均学时、学时不足者及下级组织', querystring: HoursQuery, response: { 200: HoursReport, ...errors } } }, async (req) => {
      return loadHoursReport(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/study/hours.xlsx', { schema: { tags, summary: '导出每人学时（.xlsx）', querystring: HoursQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { campaign, org } = await hoursScope(deps.db, actor, req.query);
      const people = await membersHours(deps.db, campaign.id, org, req.query.minHours);
      return reply
        .type(xlsxType)
        .header('content-disposition', `attachment; filename="study-hours.xlsx"; filename*=UTF-8''${encodeURIComponent(`${org.name}学时统计.xlsx`)}`)
        .send(exportHours(people, req.query.minHours ?? null));
    });

    app.get('/api/study/hours/mine', { schema: { tags, summary: '我在某次活动中的学时', querystring: MyHoursQuery, response: { 200: MyHours, ...errors } } }, async (req) => {
      return loadMyHours(deps.db, await authenticate(req), req.query.campaignId);
    });

    // Uploads take raw bytes: their content-type parsers stay in a context of their own.
    await fastify.register(fileRoutes(deps));
  };
}
