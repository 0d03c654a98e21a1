import path from 'node:path';
import { appendAudit, systemActor } from './kernel/audit.js';
import { systemClock } from './kernel/clock.js';
import { loadConfig, type Config } from './kernel/config.js';
import { openDb, type DbHandle } from './kernel/db.js';
import { newId } from './kernel/ids.js';
import { migrateToLatest } from './kernel/migrate.js';
import { seedRules } from './modules/problems/index.js';
import { generatePassword, hashPassword, isStrongPassword } from './kernel/passwords.js';
import type { Database, Deps } from './database.js';

export const sqliteFileOf = (config: Config) => path.join(config.dataDir, 'massline.db');

/** Open the configured database and bring its schema up to date. */
export async function openDeps(config: Config = loadConfig()): Promise<Deps & { handle: DbHandle<Database> }> {
  const handle = openDb<Database>({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileOf(config) });
  await migrateToLatest(handle.db);
  // Defaults the schema needs, after it exists: the rule catalogue of the source, once.
  await seedRules(handle);
  return { db: handle.db, dialect: handle.dialect, clock: systemClock, config, handle };
}

export const hasAccounts = async (deps: Deps) => Boolean(await deps.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst());

export type AdminOutcome = { created: true; username: string; password: string; generated: boolean } | { created: false; reason: 'username_taken' | 'weak_password' };

/** Create a system administrator (a person, an account, and the admin grant). */
export async function createAdmin(deps: Deps, username: string, password: string | null, name = '系统管理员'): Promise<AdminOutcome> {
  const generated = password === null;
  const pw = password ?? generatePassword();
  if (!isStrongPassword(pw)) return { created: false, reason: 'weak_password' };
  const lower = username.toLowerCase();
  const hash = await hashPassword(pw);
  return deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('accounts').select('id').where('username', '=', lower).executeTakeFirst()) return { created: false, reason: 'username_taken' } as const;
    const now = deps.clock.now().toISOString();
    const personId = newId();
    const accountId = newId();
    await trx.insertInto('people').values({ id: personId, name, gender: null, phone: null, position: '系统管理员', party_member: 0, archived_at: null, created_at: now, updated_at: now }).execute();
    await trx.insertInto('accounts').values({
      id: accountId, person_id: personId, username: lower, password_hash: hash, must_change_password: generated ? 1 : 0, failed_logins: 0,
      locked_until: null, disabled_at: null, last_login_at: null, created_at: now, updated_at: now,
    }).execute();
    await trx.insertInto('grants').values({ id: newId(), person_id: personId, role: 'admin', org_id: null, created_at: now, created_by: null }).execute();
    await appendAudit(trx, deps.dialect, deps.clock.now(), systemActor, {
      action: 'account.create_admin', entityType: 'account', entityId: accountId, summary: `创建系统管理员账号 ${lower}`,
    });
    return { created: true, username: lower, password: pw, generated } as const;
  });
}
