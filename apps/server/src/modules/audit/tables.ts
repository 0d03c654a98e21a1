/** One signed head a campaign day (migration 0017). */
export interface AuditHeadsTable {
  day: string;
  entries: number;
  hash: string;
  made_at: string;
  /** Ed25519 over headMessage(day, entries, hash), base64. */
  signature: string;
}
export interface AuditWitnessTables {
  audit_heads: AuditHeadsTable;
  secrets: { name: string; value: string };
}
