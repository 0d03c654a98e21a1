import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditHead } from '@massline/shared';
import type { Kysely } from 'kysely';
import type { AuditTables } from '../../kernel/audit.js';
import { campaignDay } from '../../kernel/clock.js';
import type { AuditHeadsTable, AuditWitnessTables } from './tables.js';

type Db = Kysely<AuditWitnessTables & AuditTables> | Kysely<any>;

/**
 * What is signed: a fixed text naming what the numbers mean, so a witness can check it with any
 * Ed25519 tool (`openssl pkeyutl -verify -rawin`), and a signature cannot be taken for another.
 */
export const headMessage = (day: string, entries: number, hash: string): string => `massline-audit-head v1\nday ${day}\nentries ${entries}\nhash ${hash}\n`;

export interface SigningKey {
  privateKey: KeyObject;
  /** SPKI PEM, as published. */
  publicKeyPem: string;
}

const keys = new WeakMap<object, Promise<SigningKey>>();

/** The installation's Ed25519 key (made by migration 0017), read once per database handle. */
export function signingKey(db: Db): Promise<SigningKey> {
  let k = keys.get(db);
  if (!k) {
    k = (db as Kysely<AuditWitnessTables>).selectFrom('secrets').select('value').where('name', '=', 'audit_signing_key').executeTakeFirstOrThrow()
      .then((r) => {
        const privateKey = createPrivateKey(r.value);
        return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
      });
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

/** Check a head's signature against a public key (PEM): what a witness does with what it received. */
export function verifyHeadSignature(publicKeyPem: string, head: Pick<AuditHead, 'day' | 'entries' | 'hash' | 'signature'>): boolean {
  try {
    return verify(null, Buffer.from(headMessage(head.day, head.entries, head.hash)), createPublicKey(publicKeyPem), Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

export const presentHead = (r: AuditHeadsTable): AuditHead => ({
  day: r.day, entries: r.entries, hash: r.hash, madeAt: r.made_at, message: headMessage(r.day, r.entries, r.hash), signature: r.signature,
});

/**
 * Take today's head: the chain's current length and last hash, signed. One head per campaign day;
 * a second run on the same day keeps the first (what was published stays what it was). Reads the
 * kernel's head row, which appends update in the same transaction as each entry.
 */
export async function takeHead(db: Db, now: Date): Promise<{ head: AuditHead; created: boolean }> {
  const d = db as Kysely<AuditWitnessTables & AuditTables>;
  const day = campaignDay(now);
  const existing = await d.selectFrom('audit_heads').selectAll().where('day', '=', day).executeTakeFirst();
  if (existing) return { head: presentHead(existing), created: false };
  const key = await signingKey(db);
  const chain = await d.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const entries = chain?.seq ?? 0;
  const hash = chain?.hash ?? '0'.repeat(64);
  const row: AuditHeadsTable = {
    day, entries, hash, made_at: now.toISOString(),
    signature: sign(null, Buffer.from(headMessage(day, entries, hash)), key.privateKey).toString('base64'),
  };
  // Another process may take the same day's head at the same moment: the first insert wins.
  await d.insertInto('audit_heads').values(row).onConflict((oc) => oc.column('day').doNothing()).execute();
  const kept = await d.selectFrom('audit_heads').selectAll().where('day', '=', day).executeTakeFirstOrThrow();
  return { head: presentHead(kept), created: kept.signature === row.signature && kept.made_at === row.made_at };
}

/** The latest signed head, or null before the first. */
export async function latestHead(db: Db): Promise<AuditHead | null> {
  const r = await (db as Kysely<AuditWitnessTables>).selectFrom('audit_heads').selectAll().orderBy('day', 'desc').limit(1).executeTakeFirst();
  return r ? presentHead(r) : null;
}
