import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export interface DbHandle<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string | null;
  sqliteFile?: string;
  /** PostgreSQL: run every query in this schema (tests isolate themselves this way). */
  pgSchema?: string;
  pgPoolSize?: number;
}

// PostgreSQL returns BIGINT and NUMERIC as strings by default; our counters fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openDb<DB>(opts: DbOptions): DbHandle<DB> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.pgPoolSize ?? 10,
      // No parallel workers: for our short indexed queries starting them costs more than the
      // query (an opinion search took 16 ms with two workers, 0.6 ms without).
      options: `-c max_parallel_workers_per_gather=0${opts.pgSchema ? ` -c search_path=${opts.pgSchema}` : ''}`,
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // A deleted or rewritten row is overwritten with zeros, not left in a free block of the file.
  database.pragma('secure_delete = ON');
  database.pragma('busy_timeout = 5000');
  // WAL + NORMAL is durable against application crashes; only a power cut can lose the last commits.
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; preparing costs more than running our small queries.
 * Statements are reused by SQL text. Kysely runs one query at a time on the connection, and a
 * statement still being iterated (a streamed query) is never handed out again.
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt && !stmt.busy) return stmt;
      stmt = cachedStatement(database.prepare(sql));
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

type CachedStatement = Pick<SQLite.Statement, 'reader' | 'busy' | 'run' | 'all' | 'iterate'>;

/**
 * A reading statement returns raw arrays turned into objects by a function compiled once for its
 * columns: better-sqlite3 builds each row object key by key, which costs more than the query
 * itself for a page of wide rows. Same objects as before: duplicate names keep the last value.
 */
function cachedStatement(stmt: SQLite.Statement): CachedStatement {
  if (!stmt.reader) return stmt;
  const names = stmt.columns().map((c) => c.name);
  const toRow = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (r: unknown[]) => unknown;
  stmt.raw(true);
  return {
    reader: true,
    get busy() {
      return stmt.busy;
    },
    run: (...params: unknown[]) => stmt.run(...params),
    all: (...params: unknown[]) => (stmt.all(...params) as unknown[][]).map(toRow),
    *iterate(...params: unknown[]) {
      for (const r of stmt.iterate(...params) as IterableIterator<unknown[]>) yield toRow(r);
    },
  } as CachedStatement;
}


/** Escape a user-typed string for use inside LIKE '%…%' with ESCAPE '\'. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A unique constraint refused the write (a race lost against a concurrent insert). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** `column LIKE 'prefix%'` for each allowed subtree path (an empty scope matches nothing). */
export function underAny(column: Expression<string | null>, scope: string[]): Expression<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(scope.map((p) => sql`${column} like ${likePrefix(p)} escape '\\'`), sql` or `)})`;
}

/**
 * A top-level field of a JSON text column holds one of `values`. SQLite compares JSON numbers as
 * numbers and PostgreSQL's `->>` gives text, so numbers are bound as numbers there and as text here.
 */
export function jsonFieldIn(dialect: Dialect, column: Expression<string>, key: string, values: (string | number)[]): Expression<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return dialect === 'postgres'
    ? sql<SqlBool>`((${column})::jsonb ->> ${key}) in (${sql.join(values.map(String))})`
    : sql<SqlBool>`(${column} ->> ${key}) in (${sql.join(values)})`;
}

/**
 * A JSON object under `key` (a matrix answer: row → grade) has an entry, among `entries` if given,
 * whose text value is one of `values`. Entries are compared as keys, never spliced into a JSON path.
 */
export function jsonEntryIn(dialect: Dialect, column: Expression<string>, key: string, entries: string[] | null, values: string[]): Expression<SqlBool> {
  if (values.length === 0 || entries?.length === 0) return sql<SqlBool>`1 = 0`;
  const source = dialect === 'postgres' ? sql`jsonb_each_text((${column})::jsonb -> ${key})` : sql`json_each(${column} -> ${key})`;
  const which = entries ? sql` and je.key in (${sql.join(entries)})` : sql``;
  return sql<SqlBool>`exists (select 1 from ${source} as je where je.value in (${sql.join(values)})${which})`;
}

/** Which database a Kysely instance talks to (migrations receive only the instance). */
export const dialectOf = (db: Kysely<any>): Dialect => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

export interface CountedTable {
  table: string;
  ops?: ('insert' | 'update' | 'delete')[];
  /** Only updates of these columns count (all columns if omitted). */
  columns?: string[];
}

/**
 * Make every insert, update or delete on the tables bump the counter `name` in `change_counters`,
 * in the same transaction. Readers compare the counter to know whether what they cached is still
 * current, whichever process wrote. Dialect-specific by nature; row triggers on both, so a
 * statement that changes no row bumps nothing.
 */
export async function createChangeCounter(db: Kysely<any>, name: string, tables: CountedTable[]): Promise<void> {
  await db.insertInto('change_counters').values({ name, version: 1 }).execute();
  const postgres = dialectOf(db) === 'postgres';
  const fn = sql.raw(`bump_${name}_version`);
  if (postgres) {
    await sql`create or replace function ${fn}() returns trigger language plpgsql as $$
      begin update change_counters set version = version + 1 where name = ${sql.lit(name)}; return null; end $$`.execute(db);
  }
  for (const { table, ops = ['insert', 'update', 'delete'], columns } of tables) {
    for (const op of ops) {
      const event = sql.raw(op === 'update' && columns ? `update of ${columns.join(', ')}` : op);
      const trigger = sql.raw(`${table}_${name}_${op}`);
      await (postgres
        ? sql`create trigger ${trigger} after ${event} on ${sql.table(table)} for each row execute function ${fn}()`
        : sql`create trigger ${trigger} after ${event} on ${sql.table(table)}
            begin update change_counters set version = version + 1 where name = ${sql.lit(name)}; end`
      ).execute(db);
    }
  }
}

/** Serialise a critical section across processes (PostgreSQL); SQLite already has a single writer. */
export async function lockForWrite(trx: Transaction<any>, dialect: Dialect, key: 'audit' | 'admins'): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${key === 'audit' ? 7270001 : 7270002})`.execute(trx);
}

/** Every change counter in one read: a request needs them all at one point in time. */
export async function readChangeCounters(db: Kysely<any>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('change_counters').select(['name', 'version']).execute();
  return Object.fromEntries(rows.map((r) => [r.name as string, Number(r.version)]));
}
