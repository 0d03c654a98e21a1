import { z } from 'zod';
import { Id, pageOf } from '../common.js';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: Id.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = pageOf(AuditEntry);
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  entityType: z.string().max(50).optional(),
  entityId: Id.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
