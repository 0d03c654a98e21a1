import { AuditHeadsPage, AuditHeadsQuery, AuditPage, AuditQuery, ErrorResponse, PublicAuditHead } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Deps } from '../../database.js';
import { auditPolicy } from './policy.js';
import type { AuditWitnessTables } from './tables.js';
import { latestHead, presentHead, signingKey } from './witness.js';

export function auditRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志（最新在前）', querystring: AuditQuery, response: { 200: AuditPage, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse } } }, async (req) => {
      const actor = await authenticate(req);
      if (!auditPolicy.canSomewhere(actor, 'audit.read')) throw new HttpError('forbidden');
      const scope = auditPolicy.scope(actor, 'audit.read');
      const { limit, cursor, entityType, entityId } = req.query;
      let q = deps.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit + 1);
      if (scope) q = q.where(underAny(sql.ref('org_path'), scope));
      if (cursor) {
        const before = Number(cursor);
        // Sequence numbers are positive 32-bit integers (PostgreSQL's integer column).
        if (!Number.isInteger(before) || before < 1 || before > 2 ** 31 - 1) throw new HttpError('validation_failed', {}, [{ path: 'cursor', message: 'invalid cursor' }]);
        q = q.where('seq', '<', before);
      }
      if (entityType) q = q.where('entity_type', '=', entityType);
      if (entityId) q = q.where('entity_id', '=', entityId);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          seq: r.seq, at: r.at, actorId: r.actor_id, actorLabel: r.actor_label, action: r.action,
          entityType: r.entity_type, entityId: r.entity_id, summary: r.summary,
        })),
        next: rows.length > limit ? String(page[page.length - 1].seq) : null,
      };
    });

    // The latest signed head, for anyone: the disclosure pages show it, and whoever copies it
    // (the office above, a resident, a journalist) becomes a witness. Counts and hashes only,
    // nothing about anyone. No session, no request log, like the other public reads.
    app.get('/api/public/audit/head', { logLevel: 'silent', schema: { tags: ['public'], summary: '审计日志最新见证点（每日签名的条数与哈希）', security: [], response: { 200: PublicAuditHead } } }, async (_req, reply) => {
      const key = await signingKey(deps.db);
      reply.header('cache-control', 'no-cache');
      return { algorithm: 'Ed25519' as const, publicKey: key.publicKeyPem, head: await latestHead(deps.db) };
    });

    // Every signed head, newest first, for staff who read the audit log: the office of the level
    // above downloads them and keeps its own copy, which is what makes it a witness.
    app.get('/api/audit/heads', { schema: { tags: ['audit'], summary: '审计日志每日见证点（供上级留存）', querystring: AuditHeadsQuery, response: { 200: AuditHeadsPage, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse } } }, async (req) => {
      const actor = await authenticate(req);
      if (!auditPolicy.canSomewhere(actor, 'audit.read')) throw new HttpError('forbidden');
      const { limit, cursor } = req.query;
      let q = (deps.db as unknown as Kysely<AuditWitnessTables>).selectFrom('audit_heads').selectAll().orderBy('day', 'desc').limit(limit + 1);
      if (cursor) q = q.where('day', '<', cursor);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      const key = await signingKey(deps.db);
      return {
        algorithm: 'Ed25519' as const,
        publicKey: key.publicKeyPem,
        items: page.map(presentHead),
        next: rows.length > limit ? page[page.length - 1].day : null,
      };
    });
  };
}
