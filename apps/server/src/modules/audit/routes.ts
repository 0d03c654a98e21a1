import { AuditPage, AuditQuery, ErrorResponse } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import type { Deps } from '../../database.js';
import { auditPolicy } from './policy.js';

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
  };
}
