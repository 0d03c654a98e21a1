import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';

/**
 * `schema` (PostgreSQL only): where Kysely keeps its own bookkeeping tables. Needed when several
 * schemas share a database (tests), because Kysely looks for those tables across all schemas.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
