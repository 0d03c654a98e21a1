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

type Walked = { ok: true; entries: number; last: string } | Extract<VerifyResult, { ok: false }>;

/** Walk entries #1..#upTo (all without it) in order; stop at the first one changed, removed or reordered. */
async function walkChain(d: Kysely<AuditTables>, upTo = Infinity): Promise<Walked> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  while (expectedSeq <= upTo) {
    let q = d.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq);
    if (Number.isFinite(upTo)) q = q.where('seq', '<=', upTo);
    const batch = await q.orderBy('seq').limit(1000).execute();
    for (const row of batch) {
      const entries = expectedSeq - 1;
      if (row.seq !== expectedSeq) {
        return { ok: false, entries, seq: expectedSeq, problem: `entry #${expectedSeq} is missing: it was removed (the next entry is #${row.seq})` };
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return { ok: false, entries, seq: row.seq, problem: `entry #${row.seq} was changed or reordered: its content no longer matches its hash` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries, seq: row.seq - 1, problem: `entry #${row.seq - 1} was changed or replaced: entry #${row.seq} links to a different hash` };
      }
      prevHash = hash;
      expectedSeq++;
    }
    if (batch.length < 1000) break;
  }
  return { ok: true, entries: expectedSeq - 1, last: prevHash };
}

/** Walk the chain in order and name the first entry that was changed, removed or reordered. */
export async function verifyAuditChain(db: Kysely<AuditTables> | Kysely<any>): Promise<VerifyResult> {
  const d = db as Kysely<AuditTables>;
  const walked = await walkChain(d);
  if (!walked.ok) return walked;
  const head = await d.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const lastSeq = walked.entries;
  if ((head?.seq ?? 0) !== lastSeq || (head && head.hash !== walked.last)) {
    return { ok: false, entries: lastSeq, seq: lastSeq + 1, problem: `entries after #${lastSeq} were removed (the chain head records #${head?.seq ?? 0})` };
  }
  return { ok: true, entries: lastSeq, head: walked.last };
}

/** A head as a witness keeps it: the number of entries and the hash of the last of them. */
export interface WitnessedHead {
  entries: number;
  hash: string;
}

/** Parse `<count>:<hash>` as printed by `audit verify` and published daily; null if malformed. */
export function parseWitnessedHead(text: string): WitnessedHead | null {
  const m = /^(\d{1,10}):([0-9a-f]{64})$/i.exec(text.trim());
  if (!m) return null;
  const entries = Number(m[1]);
  if (!Number.isSafeInteger(entries) || entries > 2 ** 31 - 1) return null;
  return { entries, hash: m[2].toLowerCase() };
}

/**
 * Check the first `head.entries` entries against a head kept outside the installation. Whoever
 * holds the database can change an entry and recompute every hash after it, which
 * verifyAuditChain cannot see; but the recomputed hash of entry #n then differs from the one a
 * witness received before the change. Entries after #n are not looked at (verifyAuditChain does).
 */
export async function verifyAuditPrefix(db: Kysely<AuditTables> | Kysely<any>, head: WitnessedHead): Promise<VerifyResult> {
  const walked = await walkChain(db as Kysely<AuditTables>, head.entries);
  if (!walked.ok) return walked;
  const seen = walked.entries;
  if (seen < head.entries) {
    return { ok: false, entries: seen, seq: seen + 1, problem: `the witnessed head has ${head.entries} entries but the log has only ${seen}: entries from #${seen + 1} were removed` };
  }
  if (walked.last !== head.hash) {
    return {
      ok: false, entries: seen, seq: head.entries,
      problem: `entry #${head.entries} no longer hashes to the witnessed head ${head.hash} (now ${walked.last}): entries up to #${head.entries} were changed and the chain recomputed after the head was witnessed`,
    };
  }
  return { ok: true, entries: seen, head: walked.last };
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
