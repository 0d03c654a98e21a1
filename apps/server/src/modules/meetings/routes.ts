import {
  AttendanceBody, CommentBody, CriticismBody, CriticismRaiseBody, CriticismSheet, CriticismUpdateBody, EntryParams, ErrorResponse, ForumOpinionBody, IdParams,
  MakeupBody, MeetingCreateBody, MeetingDetail, MeetingListQuery, MeetingPage, MeetingUpdateBody, SigninBody, SigninOpened, SigninResult,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../database.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { addCriticism, raiseCriticism, updateCriticism } from './commands/criticism.js';
import { createMeeting, setAttendance, updateMeeting } from './commands/meetings.js';
import { addComment, closeSignin, openSignin, recordForumOpinion, recordMakeup, signIn } from './commands/participation.js';
import { fileRoutes } from './file-routes.js';
import { listMeetings, loadCriticism, loadMeeting } from './read.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['meetings'];

/** Meetings of the programme: record, attendance and QR sign-in, minutes, make-up study, comments, forum opinions, criticism. */
export function meetingsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/meetings', { schema: { tags, summary: '会议列表（本组织及下级，或本人参加的）', querystring: MeetingListQuery, response: { 200: MeetingPage, ...errors } } }, async (req) => {
      return listMeetings(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/meetings/:id', { schema: { tags, summary: '会议详情（出席、记录、附件、点评、座谈意见）', params: IdParams, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      return loadMeeting(deps.db, await authenticate(req), req.params.id);
    });

    app.post('/api/meetings', { schema: { tags, summary: '记录会议（动员大会、集中学习、座谈会、民主生活会、组织生活会、专题讨论）', body: MeetingCreateBody, response: { 201: MeetingDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createMeeting(deps, actor, req.body));
      return reply.status(201).send(await loadMeeting(deps.db, actor, id));
    });

    app.patch('/api/meetings/:id', { schema: { tags, summary: '修改会议信息或填写会议记录', params: IdParams, body: MeetingUpdateBody, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateMeeting(deps, actor, req.params.id, req.body));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.put('/api/meetings/:id/attendance', { schema: { tags, summary: '登记出席情况（出席、请假、缺席，发言）', params: IdParams, body: AttendanceBody, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await setAttendance(deps, actor, req.params.id, req.body.entries));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.post('/api/meetings/:id/makeups', { schema: { tags, summary: '登记补学', params: IdParams, body: MakeupBody, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await recordMakeup(deps, actor, req.params.id, req.body));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.post('/api/meetings/:id/comments', { schema: { tags, summary: '督导点评', params: IdParams, body: CommentBody, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await addComment(deps, actor, req.params.id, req.body.body));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.post('/api/meetings/:id/opinions', { schema: { tags, summary: '记录座谈会上群众提出的意见（直接进入意见建议）', params: IdParams, body: ForumOpinionBody, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await recordForumOpinion(deps, actor, req.params.id, req.body));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.post('/api/meetings/:id/signin', { schema: { tags, summary: '开启扫码签到（生成新的签到码）', params: IdParams, response: { 200: SigninOpened, ...errors } } }, async (req) => {
      const { token } = unwrap(await openSignin(deps, await authenticate(req), req.params.id));
      return { token, url: `/signin/${token}` };
    });

    app.delete('/api/meetings/:id/signin', { schema: { tags, summary: '结束扫码签到', params: IdParams, response: { 200: MeetingDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await closeSignin(deps, actor, req.params.id));
      return loadMeeting(deps.db, actor, req.params.id);
    });

    app.post('/api/meeting-signin', { schema: { tags, summary: '扫描会议二维码签到', body: SigninBody, response: { 200: SigninResult, ...errors } } }, async (req) => {
      return unwrap(await signIn(deps, await authenticate(req), req.body.token));
    });

    app.get('/api/meetings/:id/criticism', { schema: { tags, summary: '批评和自我批评记录及完整性（仅与会人员、办公室、督导组可见）', params: IdParams, response: { 200: CriticismSheet, ...errors } } }, async (req) => {
      return loadCriticism(deps.db, await authenticate(req), req.params.id);
    });

    app.post('/api/meetings/:id/criticism', { schema: { tags, summary: '记录一条批评或自我批评', params: IdParams, body: CriticismBody, response: { 200: CriticismSheet, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await addCriticism(deps, actor, req.params.id, req.body));
      return loadCriticism(deps.db, actor, req.params.id);
    });

    app.patch('/api/meetings/:id/criticism/:entryId', { schema: { tags, summary: '修改批评内容或记录表态', params: EntryParams, body: CriticismUpdateBody, response: { 200: CriticismSheet, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateCriticism(deps, actor, req.params.id, req.params.entryId, req.body));
      return loadCriticism(deps.db, actor, req.params.id);
    });

    app.post('/api/meetings/:id/criticism/:entryId/problem', { schema: { tags, summary: '将批评意见列为问题', params: EntryParams, body: CriticismRaiseBody, response: { 201: z.object({ problemId: IdParams.shape.id }), ...errors } } }, async (req, reply) => {
      const { id } = unwrap(await raiseCriticism(deps, await authenticate(req), req.params.id, req.params.entryId, req.body));
      return reply.status(201).send({ problemId: id });
    });

    await fastify.register(fileRoutes(deps));
  };
}
