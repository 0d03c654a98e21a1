import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { buildApp } from './app.js';
import { createAdmin, hasAccounts, openDeps, sqliteFileOf } from './bootstrap.js';
import { demoAccounts, DEMO_PASSWORD, loadDemoTownship } from './demo/township.js';
import { createScheduler } from './jobs.js';
import { parseWitnessedHead, verifyAuditChain, verifyAuditPrefix } from './kernel/audit.js';
import { loadConfig } from './kernel/config.js';

const help: Record<string, string> = {
  '': `Usage: massline <command> [options]

Commands:
  serve                 run the server (API and web app); migrates the database first
  migrate               bring the database schema up to date
  create-admin          create a system administrator account
  demo                  load the demo township 示范镇 into an empty database
  audit verify          check the audit log's hash chain (--against <count>:<hash>: against a witnessed head)
  backup <file>         copy the SQLite database to <file> while it is in use
  restore <file>        replace the SQLite database with <file> (stop the server first)

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, MASSLINE_DEMO,
MASSLINE_ADMIN_PASSWORD, MASSLINE_SCHEDULER, MASSLINE_ESCALATION_GRACE_DAYS. Run "massline <command> --help" for each command.`,
  serve: `Usage: massline serve

Migrates the database, then serves the API and the web app on $HOST:$PORT (default 0.0.0.0:8080).
On an empty database it loads the demo township (unless MASSLINE_DEMO=0 or NODE_ENV=production,
where it creates the "admin" account from MASSLINE_ADMIN_PASSWORD, or prints a generated password once).
Also runs the scheduled jobs (overdue reminders, escalation, daily digest) unless MASSLINE_SCHEDULER=0;
several processes on one database run each job once.`,
  migrate: `Usage: massline migrate

Applies pending migrations to the database named by DATABASE_URL (PostgreSQL) or $DATA_DIR/massline.db (SQLite).`,
  'create-admin': `Usage: massline create-admin [--username NAME] [--password PASSWORD] [--name 姓名]

Creates a system administrator. Without --password (or MASSLINE_ADMIN_PASSWORD) a password is
generated, printed once, and must be changed at first login.`,
  demo: `Usage: massline demo

Loads the demo township 示范镇 (a committee, 9 branches, ~200 people, one account per role).
Refuses if the database already has organisations.`,
  audit: `Usage: massline audit verify [--against <count>:<hash>]

Walks the audit log's SHA-256 chain. Exits 0 if intact; otherwise exits 1 and names the first
entry that was changed, removed or reordered.

--against <count>:<hash>  a head kept outside this installation (the daily signed head from
    GET /api/public/audit/head or GET /api/audit/heads, or a line printed by an earlier
    "audit verify"): proves that the first <count> entries still hash to <hash>, which holds
    even if whoever holds the database changed an entry and recomputed the whole chain.`,
  backup: `Usage: massline backup <file>

SQLite: writes a consistent copy of the live database to <file> (online backup; the server may
keep running). PostgreSQL: use pg_dump, e.g. pg_dump "$DATABASE_URL" > massline.sql`,
  restore: `Usage: massline restore <file>

SQLite: replaces the database in $DATA_DIR with the backup <file>. Stop every server process
first. PostgreSQL: use psql or pg_restore with the dump made by pg_dump.`,
};

function printDemoLogins(url: string) {
  console.log(`\n示范镇演示数据已载入 / demo township loaded. 打开 ${url} 登录 / sign in:`);
  for (const a of demoAccounts) console.log(`  ${a.username.padEnd(10)} ${DEMO_PASSWORD}   ${a.label}`);
  console.log('');
}

async function serve() {
  const started = Date.now();
  const config = loadConfig();
  const deps = await openDeps(config);
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  let demoLoaded = false;
  if (!(await hasAccounts(deps))) {
    if (config.demo) {
      await loadDemoTownship(deps);
      demoLoaded = true;
    } else {
      const r = await createAdmin(deps, 'admin', config.adminPassword);
      if (!r.created) throw new Error(`MASSLINE_ADMIN_PASSWORD is too weak: use at least 8 characters of three kinds (upper-case, lower-case, digits, symbols)`);
      console.log(r.generated
        ? `\n管理员账号 / admin account: admin  初始密码 / initial password: ${r.password}\n（只显示这一次，首次登录须修改 / shown once; change it at first login）\n`
        : '\n管理员账号 admin 已按 MASSLINE_ADMIN_PASSWORD 创建 / admin account created from MASSLINE_ADMIN_PASSWORD\n');
    }
  }
  const app = await buildApp({ ...deps, logger: true, serveWeb: true });
  if (!existsSync(`${config.webDist}/index.html`)) console.warn('网页端尚未构建 / the web app is not built: run "npm run build"');
  await app.listen({ port: config.port, host: config.host });
  console.log(`Massline ${config.version} (${deps.dialect}) ready at ${url} in ${Date.now() - started} ms`);
  if (demoLoaded) printDemoLogins(url);
  const scheduler = config.scheduler ? createScheduler(deps, app.log) : null;
  scheduler?.start();
  const stop = async () => {
    // The scheduler first: a job in progress stops at its next batch and leaves its run to be taken again.
    await scheduler?.stop();
    await app.close();
    await deps.handle.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function withDeps<T>(fn: (deps: Awaited<ReturnType<typeof openDeps>>) => Promise<T>): Promise<T> {
  const deps = await openDeps();
  try {
    return await fn(deps);
  } finally {
    await deps.handle.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { help: { type: 'boolean', short: 'h' }, username: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, against: { type: 'string' } },
  });
  const [command = '', sub, ...rest] = positionals;
  if (values.help || command === '' || command === 'help') {
    console.log(help[command === 'help' ? (sub ?? '') : command] ?? help['']);
    return 0;
  }
  switch (command) {
    case 'serve':
      await serve();
      return -1; // keeps running
    case 'migrate':
      return withDeps(async () => {
        console.log('数据库结构已是最新 / database schema is up to date');
        return 0;
      });
    case 'create-admin':
      return withDeps(async (deps) => {
        const r = await createAdmin(deps, values.username ?? 'admin', values.password ?? deps.config.adminPassword, values.name);
        if (!r.created) {
          console.error(r.reason === 'username_taken' ? `用户名已存在 / username already taken: ${values.username ?? 'admin'}` : '密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三种 / password needs 8+ characters of three kinds (upper-case, lower-case, digits, symbols)');
          return 1;
        }
        console.log(`管理员 / admin: ${r.username}${r.generated ? `  初始密码 / initial password: ${r.password}（首次登录须修改 / change at first login）` : ''}`);
        return 0;
      });
    case 'demo':
      return withDeps(async (deps) => {
        if (await deps.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst()) {
          console.error('数据库中已有组织，未载入演示数据 / the database already has organisations; demo not loaded');
          return 1;
        }
        const r = await loadDemoTownship(deps);
        console.log(`载入 / loaded: ${r.orgs} orgs, ${r.people} people`);
        printDemoLogins(`http://localhost:${deps.config.port}`);
        return 0;
      });
    case 'audit':
      if (sub !== 'verify') {
        console.error(help.audit);
        return 2;
      }
      if (values.against !== undefined) {
        const head = parseWitnessedHead(values.against);
        if (!head) {
          console.error(`见证点格式应为 <条数>:<哈希> / --against takes <count>:<hash> (64 hex digits), e.g. 120:${'0'.repeat(64)}`);
          return 2;
        }
        return withDeps(async (deps) => {
          const r = await verifyAuditPrefix(deps.db, head);
          if (r.ok) {
            console.log(`与见证点一致 / matches the witnessed head: the first ${r.entries} entries still hash to ${r.head}`);
            return 0;
          }
          console.error(`与见证点不符 / does not match the witnessed head ${head.entries}:${head.hash}, broken at entry #${r.seq}: ${r.problem}`);
          return 1;
        });
      }
      return withDeps(async (deps) => {
        const r = await verifyAuditChain(deps.db);
        if (r.ok) {
          // Printed as count:hash so that it can be kept somewhere else and given back to --against.
          console.log(`审计日志完整 / audit chain intact: ${r.entries} entries, head ${r.head} (witness: ${r.entries}:${r.head})`);
          return 0;
        }
        console.error(`审计日志被篡改 / audit chain broken at entry #${r.seq}: ${r.problem}`);
        return 1;
      });
    case 'backup':
    case 'restore':
      return backupOrRestore(command, sub ?? rest[0]);
    default:
      console.error(`未知命令 / unknown command: ${command}\n\n${help['']}`);
      return 2;
  }
}

async function backupOrRestore(command: 'backup' | 'restore', file: string | undefined): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    console.error(command === 'backup'
      ? 'PostgreSQL: 请使用 pg_dump / use pg_dump, e.g. pg_dump "$DATABASE_URL" > massline.sql'
      : 'PostgreSQL: 请使用 psql 或 pg_restore / use psql or pg_restore with your pg_dump file');
    return 2;
  }
  if (!file) {
    console.error(help[command]);
    return 2;
  }
  const dbFile = sqliteFileOf(config);
  if (command === 'backup') {
    if (!existsSync(dbFile)) {
      console.error(`数据库不存在 / no database at ${dbFile}`);
      return 1;
    }
    const source = new SQLite(dbFile, { readonly: true });
    await source.backup(file);
    source.close();
    console.log(`已备份到 / backed up to ${file}`);
    return 0;
  }
  if (!existsSync(file)) {
    console.error(`找不到备份文件 / no such file: ${file}`);
    return 1;
  }
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    source.prepare('select count(*) from kysely_migration').get();
  } catch {
    source.close();
    console.error(`不是 Massline 的数据库备份 / not a Massline database: ${file}`);
    return 1;
  }
  // The backup API writes through SQLite itself, so the target's WAL stays consistent.
  await source.backup(dbFile);
  source.close();
  console.log(`已从 ${file} 恢复 / restored into ${dbFile}`);
  return 0;
}
