import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { verifyPassword } from './kernel/passwords.js';

/**
 * The `massline` command against a real SQLite file in a temporary DATA_DIR. The CLI reads its
 * configuration from process.env when each command runs, so the environment is set per test.
 */
describe.skipIf(process.env.MASSLINE_TEST_DB === 'postgres')('massline CLI (SQLite)', () => {
  const envKeys = ['DATA_DIR', 'DATABASE_URL', 'MASSLINE_ADMIN_PASSWORD', 'MASSLINE_DEMO', 'NODE_ENV'] as const;
  let saved: Partial<Record<(typeof envKeys)[number], string>>;
  let dir: string;
  let dbFile: string;
  let out: ReturnType<typeof vi.spyOn>;
  let err: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    saved = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
    for (const k of envKeys) delete process.env[k];
    dir = mkdtempSync(path.join(tmpdir(), 'massline-cli-'));
    process.env.DATA_DIR = dir;
    dbFile = path.join(dir, 'massline.db');
    out = vi.spyOn(console, 'log').mockImplementation(() => {});
    err = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const k of envKeys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Run one command; what it printed since the last run comes back with its exit code. */
  async function run(...argv: string[]) {
    out.mockClear();
    err.mockClear();
    const code = await main(argv);
    const text = (spy: typeof out) => spy.mock.calls.map((c: unknown[]) => c.join(' ')).join('\n');
    return { code, stdout: text(out), stderr: text(err) };
  }

  /** Read the database file directly, as an operator's sqlite3 shell would. */
  function query<T = Record<string, unknown>>(file: string, sqlText: string, ...params: unknown[]): T[] {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sqlText).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const count = (file: string, table: string) => query<{ n: number }>(file, `select count(*) as n from ${table}`)[0].n;
  function write(file: string, sqlText: string, ...params: unknown[]) {
    const db = new SQLite(file, { fileMustExist: true });
    try {
      return db.prepare(sqlText).run(...params).changes;
    } finally {
      db.close();
    }
  }

  it('migrate: creates the database in DATA_DIR and exits 0', async () => {
    expect(existsSync(dbFile)).toBe(false);
    const r = await run('migrate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('database schema is up to date');
    expect(r.stderr).toBe('');
    expect(existsSync(dbFile)).toBe(true);
    const tables = query<{ name: string }>(dbFile, "select name from sqlite_master where type = 'table' order by name").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'audit_head', 'audit_log', 'grants', 'kysely_migration', 'memberships', 'orgs', 'people', 'sessions']));
    const applied = count(dbFile, 'kysely_migration');
    expect(applied).toBeGreaterThan(0);
    // Running it again changes nothing.
    expect((await run('migrate')).code).toBe(0);
    expect(count(dbFile, 'kysely_migration')).toBe(applied);
  });

  it('create-admin: creates a usable administrator; refuses a weak password or a taken name', async () => {
    const r = await run('create-admin', '--username', 'boss', '--password', 'Abc12345');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('boss');
    expect(r.stdout).not.toContain('Abc12345');
    const [account] = query<{ id: string; person_id: string; password_hash: string; must_change_password: number }>(dbFile, 'select * from accounts where username = ?', 'boss');
    expect(account).toBeDefined();
    expect(account.must_change_password).toBe(0);
    expect(await verifyPassword('Abc12345', account.password_hash)).toBe(true);
    expect(query(dbFile, 'select role, org_id from grants where person_id = ?', account.person_id)).toEqual([{ role: 'admin', org_id: null }]);
    expect(query(dbFile, 'select action, entity_id from audit_log')).toEqual([{ action: 'account.create_admin', entity_id: account.id }]);

    const weak = await run('create-admin', '--username', 'weakling', '--password', 'abc');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password needs 8+ characters of three kinds');
    const noDigits = await run('create-admin', '--username', 'weakling', '--password', 'abcdefghij');
    expect(noDigits.code).toBe(1);
    const taken = await run('create-admin', '--username', 'BOSS', '--password', 'Xyz98765');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('username already taken');
    expect(query(dbFile, 'select username from accounts order by username')).toEqual([{ username: 'boss' }]);
    expect(count(dbFile, 'people')).toBe(1);
    expect(count(dbFile, 'audit_log')).toBe(1);
  });

  it('create-admin without a password: generates one that must be changed', async () => {
    const r = await run('create-admin', '--username', 'chief');
    expect(r.code).toBe(0);
    const generated = /initial password: (\S+?)（/.exec(r.stdout)?.[1];
    expect(generated).toMatch(/^[A-Za-z2-9]{12}$/);
    const [account] = query<{ password_hash: string; must_change_password: number }>(dbFile, 'select * from accounts where username = ?', 'chief');
    expect(account.must_change_password).toBe(1);
    expect(await verifyPassword(generated!, account.password_hash)).toBe(true);
  });

  it('demo: loads the demo township once, and refuses a second time', async () => {
    const r = await run('demo');
    expect(r.code).toBe(0);
    expect(count(dbFile, 'orgs')).toBe(10);
    const people = count(dbFile, 'people');
    expect(people).toBeGreaterThanOrEqual(190);
    expect(people).toBeLessThanOrEqual(220);
    expect(r.stdout).toContain(`loaded: 10 orgs, ${people} people`);
    const usernames = query<{ username: string }>(dbFile, 'select username from accounts order by username').map((a) => a.username);
    expect(usernames).toEqual(['admin', 'cadre', 'inspector', 'office', 'secretary', 'surveyor']);
    // A living campaign: forms in every state, answered through the real commands.
    const forms = query<{ kind: string; status: string; response_count: number }>(dbFile, 'select kind, status, response_count from forms order by kind');
    expect(forms.map((f) => [f.kind, f.status])).toEqual([['evaluation', 'open'], ['field_visit', 'open'], ['mutual_check', 'draft'], ['resident_survey', 'open'], ['self_check', 'open']]);
    expect(forms.find((f) => f.kind === 'evaluation')!.response_count).toBe(query<{ n: number }>(dbFile, 'select count(*) as n from form_codes where used = 1')[0].n);
    expect(forms.find((f) => f.kind === 'resident_survey')!.response_count).toBeGreaterThan(30);
    expect(query<{ n: number }>(dbFile, "select count(*) as n from form_assignments a join accounts c on c.person_id = a.respondent_id where c.username in ('cadre', 'surveyor')")[0].n).toBe(2);
    // The township's campaign is in its second phase today, which opens rectification: every demo item was made.
    expect(query(dbFile, "select p.key from campaigns c join campaign_phases p on p.campaign_id = c.id where p.start_day <= date('now') and p.end_day >= date('now')")).toEqual([{ key: 'find_criticize' }]);
    expect(count(dbFile, 'rectifications')).toBe(4);

    const again = await run('demo');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the database already has organisations; demo not loaded');
    expect(count(dbFile, 'orgs')).toBe(10);
    expect(count(dbFile, 'people')).toBe(people);
  });

  it('audit verify: 0 on an intact chain, 1 naming the entry after tampering', async () => {
    expect((await run('demo')).code).toBe(0);
    expect((await run('create-admin', '--username', 'boss', '--password', 'Abc12345')).code).toBe(0);
    const entries = count(dbFile, 'audit_log');
    expect(entries).toBeGreaterThanOrEqual(2);

    const ok = await run('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`audit chain intact: ${entries} entries`);
    expect(ok.stderr).toBe('');

    expect(write(dbFile, "update audit_log set summary = '被改过' where seq = 2")).toBe(1);
    const bad = await run('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('audit chain broken at entry #2');
    expect(bad.stdout).toBe('');

    const missing = await run('audit');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: massline audit verify');
  });

  it('backup: writes a copy that is a database with the same people', async () => {
    expect((await run('demo')).code).toBe(0);
    const people = count(dbFile, 'people');
    const file = path.join(dir, 'backups', '..', 'copy.db');
    const r = await run('backup', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`backed up to ${file}`);
    expect(count(file, 'people')).toBe(people);
    expect(count(file, 'orgs')).toBe(10);
    expect(query(file, 'select name from people order by id')).toEqual(query(dbFile, 'select name from people order by id'));
    expect(count(file, 'kysely_migration')).toBe(count(dbFile, 'kysely_migration'));

    const noFile = await run('backup');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('Usage: massline backup <file>');
  });

  it('backup: refuses when there is no database yet', async () => {
    const r = await run('backup', path.join(dir, 'copy.db'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no database at');
    expect(existsSync(path.join(dir, 'copy.db'))).toBe(false);
  });

  it('restore: brings the data back as it was at the backup', async () => {
    expect((await run('demo')).code).toBe(0);
    const file = path.join(dir, 'before.db');
    expect((await run('backup', file)).code).toBe(0);
    const people = query(dbFile, 'select id, name, phone from people order by id');
    const audit = count(dbFile, 'audit_log');

    // Change the data: rename everyone, remove a membership, and add an administrator.
    expect(write(dbFile, "update people set name = '改名'")).toBe(people.length);
    expect(write(dbFile, 'delete from memberships where rowid = (select min(rowid) from memberships)')).toBe(1);
    expect((await run('create-admin', '--username', 'boss', '--password', 'Abc12345')).code).toBe(0);
    expect(count(dbFile, 'audit_log')).toBe(audit + 1);

    const r = await run('restore', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`restored into ${dbFile}`);
    expect(query(dbFile, 'select id, name, phone from people order by id')).toEqual(people);
    expect(count(dbFile, 'memberships')).toBe(count(file, 'memberships'));
    expect(query(dbFile, "select id from accounts where username = 'boss'")).toEqual([]);
    expect(count(dbFile, 'audit_log')).toBe(audit);
    // The restored database works for the CLI as before.
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('restore: refuses a missing file or a file that is not a Massline database', async () => {
    expect((await run('migrate')).code).toBe(0);
    const missing = await run('restore', path.join(dir, 'nope.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');

    const foreign = path.join(dir, 'foreign.db');
    const db = new SQLite(foreign);
    db.exec('create table t (x integer)');
    db.close();
    const notOurs = await run('restore', foreign);
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain('not a Massline database');

    const text = path.join(dir, 'text.db');
    writeFileSync(text, 'hello');
    expect((await run('restore', text)).code).toBe(1);
    // The live database is untouched.
    expect(count(dbFile, 'kysely_migration')).toBeGreaterThan(0);
  });

  it('--help: every command prints its usage and exits 0 without touching the database', async () => {
    const usage: Record<string, string> = {
      serve: 'Usage: massline serve',
      migrate: 'Usage: massline migrate',
      'create-admin': 'Usage: massline create-admin',
      demo: 'Usage: massline demo',
      audit: 'Usage: massline audit verify',
      backup: 'Usage: massline backup <file>',
      restore: 'Usage: massline restore <file>',
    };
    for (const [command, text] of Object.entries(usage)) {
      for (const flag of ['--help', '-h']) {
        const r = await run(...command.split(' '), flag);
        expect({ command, flag, code: r.code }).toEqual({ command, flag, code: 0 });
        expect(r.stdout.startsWith(text)).toBe(true);
        expect(r.stderr).toBe('');
      }
      const viaHelp = await run('help', command);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout.startsWith(text)).toBe(true);
    }
    for (const argv of [[], ['--help'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: massline <command> [options]');
      for (const command of Object.keys(usage)) expect(r.stdout).toContain(command);
    }
    // Help never runs the command: the demo was not loaded and no database was even created.
    expect((await run('demo', '--help')).code).toBe(0);
    expect(existsSync(dbFile)).toBe(false);
  });

  it('unknown commands and options', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command: frobnicate');
    await expect(main(['migrate', '--no-such-flag'])).rejects.toThrow(/no-such-flag/);
  });
});
