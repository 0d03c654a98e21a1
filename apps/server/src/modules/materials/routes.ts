import {
  ErrorResponse, IdParams, MaterialApproveBody, MaterialCommentBody, MaterialCompare, MaterialCompareQuery, MaterialCreateBody, MaterialDetail, MaterialExportQuery,
  MaterialListQuery, MaterialPage, MaterialReturnBody, MaterialSaveBody, MaterialSubmitBody, MaterialVersion, MaterialVersionParams, MyMaterials,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Actor } from '../../kernel/policy.js';
import { approveMaterial, commentMaterial, returnMaterial } from './commands/review.js';
import { createMaterial, saveMaterial, submitMaterial } from './commands/write.js';
import { materialDocx } from './export.js';
import { loadCompare, loadMaterial, loadMaterialPage, loadMyMaterials, loadVersion, readableMaterial } from './read.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['materials'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 对照检查材料: the author writes and submits, reviewers return or approve, inspectors comment. */
export function materialsRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  const reload = (actor: Actor, id: string) => loadMaterial(deps.db, actor, id, today());

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/my/materials', { schema: { tags, summary: '我的对照检查材料：我所在组织的各次活动、可撰写的组织及我的材料', response: { 200: MyMaterials, ...errors } } }, async (req) => {
      return loadMyMaterials(deps.db, await authenticate(req), today());
    });

    app.get('/api/materials', { schema: { tags, summary: '对照检查材料列表（本级及下级，按最近变动倒序分页）', querystring: MaterialListQuery, response: { 200: MaterialPage, ...errors } } }, async (req) => {
      return loadMaterialPage(deps.db, await authenticate(req), req.query);
    });

    app.get('/api/materials/:id', { schema: { tags, summary: '材料详情：当前稿、关联问题、未回应问题提醒、审核记录、各稿', params: IdParams, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      return reload(await authenticate(req), req.params.id);
    });

    app.get('/api/materials/:id/versions/:version', { schema: { tags, summary: '材料的某一稿', params: MaterialVersionParams, response: { 200: MaterialVersion, ...errors } } }, async (req) => {
      return loadVersion(deps.db, await authenticate(req), req.params.id, req.params.version);
    });

    app.get('/api/materials/:id/compare', { schema: { tags, summary: '两稿对照（并排比较，由页面逐行比对）', params: IdParams, querystring: MaterialCompareQuery, response: { 200: MaterialCompare, ...errors } } }, async (req) => {
      return loadCompare(deps.db, await authenticate(req), req.params.id, req.query.from, req.query.to);
    });

    app.get('/api/materials/:id/export.docx', { schema: { tags, summary: '导出 Word（GB/T 9704 公文版式；默认当前稿）', params: IdParams, querystring: MaterialExportQuery } }, async (req, reply) => {
      const actor = await authenticate(req);
      const m = await readableMaterial(deps.db, actor, req.params.id);
      const v = await loadVersion(deps.db, actor, m.id, req.query.version ?? Number(m.version));
      const day = campaignDay(m.status === 'approved' && v.version === Number(m.version) ? m.approved_at ?? v.createdAt : v.createdAt);
      const buffer = await materialDocx({ title: m.title, author: m.person_name, orgName: m.org_name, day, sections: v.sections });
      const name = `${m.title}（第${v.version}稿）.docx`;
      return reply.type(DOCX).header('content-disposition', `attachment; filename="material.docx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(buffer);
    });

    app.post('/api/materials', { schema: { tags, summary: '开始撰写本人在某次活动中的对照检查材料', body: MaterialCreateBody, response: { 201: MaterialDetail, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createMaterial(deps, actor, req.body));
      return reply.status(201).send(await reload(actor, id));
    });

    app.put('/api/materials/:id', { schema: { tags, summary: '保存材料全文（仅撰写人；退回后的首次保存另起一稿）', params: IdParams, body: MaterialSaveBody, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await saveMaterial(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/materials/:id/submit', { schema: { tags, summary: '提交审核（仅撰写人）', params: IdParams, body: MaterialSubmitBody, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await submitMaterial(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/materials/:id/return', { schema: { tags, summary: '退回修改并写明意见（所在组织或上级的书记、领导小组办公室；不能审核本人材料）', params: IdParams, body: MaterialReturnBody, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await returnMaterial(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/materials/:id/approve', { schema: { tags, summary: '审核通过（不能审核本人材料）', params: IdParams, body: MaterialApproveBody, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await approveMaterial(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });

    app.post('/api/materials/:id/comments', { schema: { tags, summary: '督导组等提出审阅意见', params: IdParams, body: MaterialCommentBody, response: { 200: MaterialDetail, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await commentMaterial(deps, actor, req.params.id, req.body));
      return reload(actor, req.params.id);
    });
  };
}
