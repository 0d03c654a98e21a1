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

/**
 * A witnessed head of the audit chain: on `day` the log held `entries` entries and the last one
 * hashed to `hash`. `signature` is Ed25519 (base64) over `message` by the installation's key
 * `publicKey` (SPKI PEM): it shows which installation published the head, while the copies kept
 * outside the installation are what make a rewrite of the chain before it detectable.
 */
export const AuditHead = z.object({
  day: z.string(),
  entries: z.number().int(),
  hash: z.string(),
  madeAt: z.string(),
  message: z.string(),
  signature: z.string(),
});
export type AuditHead = z.infer<typeof AuditHead>;
export const PublicAuditHead = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string(),
  head: AuditHead.nullable(),
});
export type PublicAuditHead = z.infer<typeof PublicAuditHead>;
export const AuditHeadsPage = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string(),
  items: z.array(AuditHead),
  next: z.string().nullable(),
});
export type AuditHeadsPage = z.infer<typeof AuditHeadsPage>;
export const AuditHeadsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(400).default(60),
  /** The day (YYYY-MM-DD) to list before, from the previous page's `next`. */
  cursor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type AuditHeadsQuery = z.infer<typeof AuditHeadsQuery>;
