import {
  ErrorResponse, FlagBody, IdParams, OrgIdParams, PublicOrgList, PublicRectificationDetail, PublicVerdictBody, ReceiptAsks, ReceiptBody, ReceiptVerdictBody, VerdictResult,
} from '@massline/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Deps } from '../../database.js';
import { registerPublicRateLimit } from '../../kernel/anonymous-key.js';
import { VersionedCache } from '../../kernel/cache.js';
import { fileDisposition, FileSizeQuery, fileVariant } from '../../kernel/attachments.js';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { changeCounters } from '../../kernel/http.js';
import { flagItem } from './commands/flags.js';
import { publicVerdict, receiptAsks, receiptVerdict } from './commands/verdicts.js';
import { publicItem, publicOrgList, publicPhoto } from './public.js';
import { campaignDay } from '../../kernel/clock.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };
const tags = ['public'];
const PhotoParams = z.strictObject({ id: IdParams.shape.id, attachmentId: IdParams.shape.id });

/**
 * Residents' side of rectification: published lists and items (公示), released evidence, the
 * verdict (群众评议) and 纠错. No session, no request log; what is not published is 404 whatever
 * the id. Writes are limited per sender under the rotating anonymous key.
 */
export function rectificationPublicRoutes(deps: Deps) {
  const today = () => campaignDay(deps.clock.now());
  return async (fastify: FastifyInstance) => {
    const open = fastify.withTypeProvider<ZodTypeProvider>();
    const limit = await registerPublicRateLimit(open, deps.config.publicRateLimit);
    // The public pages' JSON, kept until any disclosed data changes (in any process) or the day
    // turns (overdue moves with the calendar), with its gzip made once: a village's whole list is
    // then a few KB sent as is to a phone on a slow network.
    const cache = new VersionedCache<{ json: string; gzip: Buffer }>(2000);
    const cached = async (req: FastifyRequest, reply: FastifyReply, key: string, build: () => Promise<unknown>) => {
      const version = (await changeCounters(req, deps.db)).disclosure;
      const full = `${today()}|${key}`;
      let hit = cache.get(version, full);
      if (hit === undefined) {
        const json = JSON.stringify(await build());
        hit = { json, gzip: gzipSync(json) };
        cache.set(version, full, hit);
      }
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(hit.gzip);
      return reply.send(hit.json);
    };

    open.get('/api/public/rectification/orgs/:orgId', { logLevel: 'silent', schema: { tags, summary: '组织整改清单公示', security: [], params: OrgIdParams, response: { 200: PublicOrgList, ...errors } } }, async (req, reply) =>
      cached(req, reply, `org:${req.params.orgId}`, () => publicOrgList(deps.db, req.params.orgId, today())));

    open.get('/api/public/rectification/items/:id', { logLevel: 'silent', schema: { tags, summary: '整改事项公示：承诺、进展、佐证照片、评议', security: [], params: IdParams, response: { 200: PublicRectificationDetail, ...errors } } }, async (req, reply) =>
      cached(req, reply, `item:${req.params.id}`, () => publicItem(deps.db, req.params.id, today())));

    open.get('/api/public/rectification/items/:id/photos/:attachmentId', { logLevel: 'silent', schema: { tags, summary: '已公开的佐证材料（size=thumb 取照片缩略图）', security: [], params: PhotoParams, querystring: FileSizeQuery } }, async (req, reply) => {
      const file = await publicPhoto(deps.db, req.params.id, req.params.attachmentId);
      const sent = fileVariant(file, req.query.size);
      if (!sent) throw new HttpError('not_found');
      return reply.type(sent.mime).header('cache-control', 'public, max-age=300').header('content-disposition', fileDisposition(sent.mime, 'evidence', file.name)).send(sent.data);
    });

    open.post('/api/public/rectification/items/:id/verdicts', { logLevel: 'silent', config: limit, schema: { tags, summary: '群众评议：解决了吗、满意吗（凭查询码、凭评议码，或公开参考：每处每天一票）', security: [], params: IdParams, body: PublicVerdictBody, response: { 201: VerdictResult, ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await publicVerdict(deps, req.params.id, req.body, req.ip)));
    });

    open.post('/api/public/rectification/items/:id/flags', { logLevel: 'silent', config: limit, schema: { tags, summary: '对整改公示纠错', security: [], params: IdParams, body: FlagBody, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (req, reply) => {
      return reply.status(201).send(unwrap(await flagItem(deps, req.params.id, req.body.body)));
    });

    open.post('/api/public/receipts/verdicts/view', { logLevel: 'silent', config: limit, schema: { tags, summary: '凭查询码查看待评议的整改事项', security: [], body: ReceiptBody, response: { 200: ReceiptAsks, ...errors } } }, async (req) => {
      return unwrap(await receiptAsks(deps, req.body.receipt));
    });

    open.post('/api/public/receipts/verdicts', { logLevel: 'silent', config: limit, schema: { tags, summary: '凭查询码评议整改是否到位', security: [], body: ReceiptVerdictBody.extend({ receipt: z.string().max(64) }), response: { 201: VerdictResult, ...errors } } }, async (req, reply) => {
      const { receipt, ...verdict } = req.body;
      return reply.status(201).send(unwrap(await receiptVerdict(deps, receipt, verdict)));
    });
  };
}
