import { generateKeyPairSync } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Witnessed audit heads (issue 13, section 7). The installation gets an Ed25519 key pair, kept in
 * `secrets` (the private key as PKCS#8 PEM; the public key is derived from it), to sign the head
 * of the audit chain once a day. `audit_heads` keeps the signed heads that were published: the
 * copies that count are the ones outside the installation (the office above, anyone who read
 * the public page); these rows are what is handed out. Made only if absent, so a restored backup
 * or a second run keeps its key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const existing = await db.selectFrom('secrets').select('name').where('name', '=', 'audit_signing_key').executeTakeFirst();
  if (!existing) {
    const { privateKey } = generateKeyPairSync('ed25519');
    await db.insertInto('secrets').values({ name: 'audit_signing_key', value: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }).execute();
  }
  await db.schema
    .createTable('audit_heads')
    .ifNotExists()
    // The campaign day the head was taken on: one head a day.
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_heads').execute();
  await db.deleteFrom('secrets').where('name', '=', 'audit_signing_key').execute();
}
