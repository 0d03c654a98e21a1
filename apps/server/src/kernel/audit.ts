import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { lockForWrite, type Dialect } from './db.js';

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** Path of the organisation the change concerns: scopes who may read the entry. */
  org_path: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}
/** The last link, so that cutting entries off the end of the chain is detected too. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export interface AuditActor {
  id: string | null;
  label: string;
}
export const systemActor: AuditActor = { id: null, label: 'system' };

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath?: string | null;
  summary: string;
}

export const GENESIS = '0'.repeat(64);

export function entryHash(e: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    e.seq, e.at, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.org_path, e.summary, e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Append one entry to the hash chain, inside the caller's transaction. */
export async function appendAudit(
  trx: Transaction<AuditTables> | Transaction<any>,
  dialect: Dialect,
  at: Date,
  actor: AuditActor,
  input: AuditInput,
): Promise<void> {
  const t = trx as Transaction<AuditTables>;
  await lockForWrite(t, dialect, 'audit');
  const head = await t.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const entry = {
    seq: (head?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor_id: actor.id,
    actor_label: actor.label,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    org_path: input.orgPath ?? null,
    summary: input.summary,
    prev_hash: head?.hash ?? GENESIS,
  };
  const hash = entryHash(entry);
  await t.insertInto('audit_log').values({ ...entry, hash }).execute();
  if (head) await t.updateTable('audit_head').set({ seq: entry.seq, hash }).where('id', '=', 1).execute();
  else await t.insertInto('audit_head').values({ id: 1, seq: entry.seq, hash }).execute();
}

export type VerifyResult = { ok: true; entries: number; head: string } | { ok: false; entries: number; seq: number; problem: string };

/** Walk the chain in order and name the first entry that was changed, removed or reordered. */
export async function verifyAuditChain(db: Kysely<AuditTables> | Kysely<any>): Promise<VerifyResult> {
  const d = db as Kysely<AuditTables>;
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let count = 0;
  for (;;) {
    const batch = await d.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(1000).execute();
    for (const row of batch) {
      count++;
      if (row.seq !== expectedSeq) {
        return { ok: false, entries: count, seq: expectedSeq, problem: `entry #${expectedSeq} is missing: it was removed (the next entry is #${row.seq})` };
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return { ok: false, entries: count, seq: row.seq, problem: `entry #${row.seq} was changed or reordered: its content no longer matches its hash` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries: count, seq: row.seq - 1, problem: `entry #${row.seq - 1} was changed or replaced: entry #${row.seq} links to a different hash` };
      }
      prevHash = hash;
      expectedSeq++;
    }
    if (batch.length < 1000) break;
  }
  const head = await d.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const lastSeq = expectedSeq - 1;
  if ((head?.seq ?? 0) !== lastSeq || (head && head.hash !== prevHash)) {
    return { ok: false, entries: count, seq: lastSeq + 1, problem: `entries after #${lastSeq} were removed (the chain head records #${head?.seq ?? 0})` };
  }
  return { ok: true, entries: count, head: prevHash };
}

/** How an account appears in the audit log: readable, and stable even if the person is renamed later. */
export const auditActorOf = (actor: { accountId: string; username: string; name: string }): AuditActor => ({
  id: actor.accountId,
  label: `${actor.username}（${actor.name}）`,
});

/** Append an entry on behalf of a signed-in actor, at the deps' current time. */
export function recordAudit(
  trx: Transaction<any>,
  deps: { dialect: Dialect; clock: { now(): Date } },
  actor: { accountId: string; username: string; name: string },
  input: AuditInput,
): Promise<void> {
  return appendAudit(trx, deps.dialect, deps.clock.now(), auditActorOf(actor), input);
}
