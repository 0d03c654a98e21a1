import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { main } from '../../cli.js';
import type { Database } from '../../database.js';
import { createScheduler } from '../../jobs.js';
import { appendAudit, entryHash, GENESIS, parseWitnessedHead, systemActor, verifyAuditChain, verifyAuditPrefix } from '../../kernel/audit.js';
import { openDb } from '../../kernel/db.js';
import { headMessage, takeHead, verifyHeadSignature } from './witness.js';

const DAY = 86_400_000;

async function write(db: Kysely<any>, dialect: 'sqlite' | 'postgres', now: Date, n: number, from = 1) {
  for (let i = from; i < from + n; i++) {
    await db.transaction().execute((trx) => appendAudit(trx, dialect, now, systemActor, { action: 'test.write', entityType: 'thing', entityId: `t${i}`, summary: `第 ${i} 条` }));
  }
}

/**
 * What an operator with the database in hand would do: change an old entry, then recompute every
 * hash after it and the head row, so that the chain is consistent again.
 */
async function rewriteAndRecompute(db: Kysely<any>, seq: number, summary: string) {
  await db.updateTable('audit_log').set({ summary }).where('seq', '=', seq).execute();
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS;
  for (const row of rows) {
    const { hash: _old, ...rest } = { ...row, prev_hash: prev };
    const hash = entryHash(rest);
    await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ seq: rows.length, hash: prev }).where('id', '=', 1).execute();
}

describe('witnessed audit heads', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 5);
  });
  afterEach(() => t.close());

  const chainHead = async () => t.deps.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();

  it('the daily job signs the head once a campaign day, and a later day adds a head', async () => {
    const scheduler = createScheduler(t.deps);
    const first = (await scheduler.tick()).find((r) => r.job === 'audit.head');
    const chain = await chainHead();
    expect(first).toEqual({ job: 'audit.head', runKey: '2026-03-01', outcome: 'ran', result: `signed head 2026-03-01: ${chain.seq}:${chain.hash}` });
    const rows = await t.deps.db.selectFrom('audit_heads' as any).selectAll().execute() as { day: string; entries: number; hash: string; signature: string }[];
    expect(rows).toEqual([{ day: '2026-03-01', entries: chain.seq, hash: chain.hash, made_at: t.deps.clock.now().toISOString(), signature: expect.any(String) }]);
    // Signed with the installation's key, over the published message.
    const pub = (await t.as(null, { method: 'GET', url: '/api/public/audit/head' })).json().publicKey;
    expect(verify(null, Buffer.from(headMessage('2026-03-01', chain.seq, chain.hash)), createPublicKey(pub), Buffer.from(rows[0].signature, 'base64'))).toBe(true);
    expect(verifyHeadSignature(pub, { ...rows[0], entries: chain.seq + 1 })).toBe(false);

    // The same day again: taken, the head stays what was published even though the chain grew.
    await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 2, 6);
    expect((await scheduler.tick()).find((r) => r.job === 'audit.head')?.outcome).toBe('taken');
    expect(await takeHead(t.deps.db, t.deps.clock.now())).toMatchObject({ created: false, head: { entries: chain.seq } });
    t.deps.clock.advance(DAY);
    expect((await scheduler.tick()).find((r) => r.job === 'audit.head')).toMatchObject({ runKey: '2026-03-02', outcome: 'ran' });
    const later = await t.deps.db.selectFrom('audit_heads' as any).select(['day', 'entries']).orderBy('day').execute();
    expect(later).toEqual([{ day: '2026-03-01', entries: chain.seq }, { day: '2026-03-02', entries: chain.seq + 2 }]);
  });

  it('verification against a witnessed head passes, also after more entries were added', async () => {
    const { head } = await takeHead(t.deps.db, t.deps.clock.now());
    expect(await verifyAuditPrefix(t.deps.db, head)).toEqual({ ok: true, entries: head.entries, head: head.hash });
    await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 3, 6);
    expect(await verifyAuditPrefix(t.deps.db, head)).toEqual({ ok: true, entries: head.entries, head: head.hash });
    // An empty prefix is the genesis hash.
    expect(await verifyAuditPrefix(t.deps.db, { entries: 0, hash: GENESIS })).toMatchObject({ ok: true, entries: 0 });
  });

  it('an old entry changed and the whole chain recomputed passes the plain check but not the witnessed head', async () => {
    const { head } = await takeHead(t.deps.db, t.deps.clock.now());
    await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 2, 6);
    await rewriteAndRecompute(t.deps.db, 2, '被改过');
    // The chain alone cannot tell: it is consistent again.
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, entries: head.entries + 2 });
    // The head kept outside can.
    const r = await verifyAuditPrefix(t.deps.db, head);
    expect(r).toEqual({ ok: false, entries: head.entries, seq: head.entries, problem: expect.stringContaining('were changed and the chain recomputed') });
    // A change after the witnessed head is not the head's business (the plain check and the next head are).
    expect(await verifyAuditPrefix(t.deps.db, { entries: 1, hash: (await t.deps.db.selectFrom('audit_log').select('hash').where('seq', '=', 1).executeTakeFirstOrThrow()).hash })).toMatchObject({ ok: true });
  });

  it('names an entry changed without recomputing, and entries cut off before the head', async () => {
    const { head } = await takeHead(t.deps.db, t.deps.clock.now());
    await t.deps.db.updateTable('audit_log').set({ summary: '被改过' }).where('seq', '=', 3).execute();
    expect(await verifyAuditPrefix(t.deps.db, head)).toMatchObject({ ok: false, seq: 3, problem: expect.stringContaining('changed') });
    await t.deps.db.updateTable('audit_log').set({ summary: '第 3 条' }).where('seq', '=', 3).execute();
    expect((await verifyAuditPrefix(t.deps.db, head)).ok).toBe(true);
    // Cut the last two entries off and make the chain's own head agree: only the witness notices.
    await t.deps.db.deleteFrom('audit_log').where('seq', '>', head.entries - 2).execute();
    const last = await t.deps.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.deps.db.updateTable('audit_head').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).execute();
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
    expect(await verifyAuditPrefix(t.deps.db, head)).toMatchObject({ ok: false, seq: head.entries - 1, problem: expect.stringContaining('were removed') });
  });

  it('the public route shows the latest signed head with its key, and nothing about anyone', async () => {
    let res = await t.as(null, { method: 'GET', url: '/api/public/audit/head' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ algorithm: 'Ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY'), head: null });
    await takeHead(t.deps.db, t.deps.clock.now());
    t.deps.clock.advance(DAY);
    await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 1, 6);
    await takeHead(t.deps.db, t.deps.clock.now());
    const chain = await chainHead();
    res = await t.as(null, { method: 'GET', url: '/api/public/audit/head' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      algorithm: 'Ed25519',
      publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
      head: { day: '2026-03-02', entries: chain.seq, hash: chain.hash, madeAt: t.deps.clock.now().toISOString(), message: headMessage('2026-03-02', chain.seq, chain.hash), signature: expect.any(String) },
    });
    expect(verifyHeadSignature(body.publicKey, body.head)).toBe(true);
    // No private key, no names, no accounts.
    expect(res.body).not.toMatch(/PRIVATE/);
    for (const u of Object.values(t.tree.users)) expect(res.body).not.toContain(u.username);
    expect(res.body).not.toContain('用户');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('staff who read the audit log list every signed head, newest first, to keep their own copy', async () => {
    for (let d = 0; d < 3; d++) {
      await write(t.deps.db, t.deps.dialect, t.deps.clock.now(), 1, 10 + d);
      await takeHead(t.deps.db, t.deps.clock.now());
      t.deps.clock.advance(DAY);
    }
    let res = await t.as('office', { method: 'GET', url: '/api/audit/heads?limit=2' });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items.map((h: { day: string }) => h.day)).toEqual(['2026-03-03', '2026-03-02']);
    expect(page.next).toBe('2026-03-02');
    for (const h of page.items) expect(verifyHeadSignature(page.publicKey, h)).toBe(true);
    res = await t.as('inspector', { method: 'GET', url: `/api/audit/heads?limit=2&cursor=${page.next}` });
    expect(res.json()).toMatchObject({ items: [{ day: '2026-03-01' }], next: null });
    expect((await t.as('cadre', { method: 'GET', url: '/api/audit/heads' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/audit/heads' })).statusCode).toBe(401);
    expect((await t.as('office', { method: 'GET', url: '/api/audit/heads?cursor=yesterday' })).statusCode).toBe(422);
  });

  it('audit summaries keep no names, phones or usernames of the people they concern', async () => {
    const admin = (method: string, url: string, payload?: object) => t.as('admin', { method, url, payload });
    const name = '张三丰';
    const phone = '13912345678';
    let res = await admin('POST', '/api/people', { name, phone, orgIds: [t.tree.orgs.own.id] });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect((await admin('PATCH', `/api/people/${id}`, { name: '张三', phone: '13987654321' })).statusCode).toBe(200);
    expect((await admin('POST', `/api/people/${id}/account`, { username: 'zhangsan', password: 'Chang-cheng-2026-qiang' })).statusCode).toBe(201);
    expect((await admin('POST', `/api/people/${id}/password-reset`, { password: 'Huang-he-2026-liu-kuai' })).statusCode).toBe(200);
    res = await admin('POST', '/api/grants', { personId: id, role: 'cadre', orgId: t.tree.orgs.own.id });
    expect(res.statusCode).toBe(201);
    expect((await admin('DELETE', `/api/grants/${res.json().id}`)).statusCode).toBe(200);
    // A sign-in attempt with a phone number typed as the username.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { username: '13700001111', password: 'wrong-1' } })).statusCode).toBe(401);
    const entries = await t.deps.db.selectFrom('audit_log').select(['action', 'summary']).where('seq', '>', 5).orderBy('seq').execute();
    expect(entries.map((e) => e.action)).toEqual(['person.create', 'person.update', 'account.create', 'account.password_reset', 'grant.create', 'grant.revoke', 'auth.login_failed']);
    for (const e of entries) {
      for (const secret of [name, '张三', phone, '13987654321', 'zhangsan', '13700001111']) expect(e.summary, e.action).not.toContain(secret);
    }
    expect(entries.map((e) => e.summary)).toEqual(['新增人员（红旗村党支部）', '修改人员：姓名、手机号', '开通账号', '重置账号密码', '授予人员在“红旗村党支部”的角色：党员干部', '撤销人员在“红旗村党支部”的角色：党员干部', '登录失败']);
  });

  it('parses a witnessed head given as <count>:<hash>', () => {
    const hash = 'ab'.repeat(32);
    expect(parseWitnessedHead(` 12:${hash.toUpperCase()} `)).toEqual({ entries: 12, hash });
    for (const bad of ['12', `x:${hash}`, `12:${hash.slice(1)}`, `-1:${hash}`, `99999999999:${hash}`, `12:${hash}:1`]) expect(parseWitnessedHead(bad)).toBeNull();
  });
});

describe.skipIf(process.env.MASSLINE_TEST_DB === 'postgres')('massline audit verify --against (SQLite file)', () => {
  const envKeys = ['DATA_DIR', 'DATABASE_URL', 'MASSLINE_ADMIN_PASSWORD', 'MASSLINE_DEMO', 'NODE_ENV'] as const;
  let saved: Partial<Record<(typeof envKeys)[number], string>>;
  let dir: string;
  let out: ReturnType<typeof vi.spyOn>;
  let err: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    saved = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
    for (const k of envKeys) delete process.env[k];
    dir = mkdtempSync(path.join(tmpdir(), 'massline-witness-'));
    process.env.DATA_DIR = dir;
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
  async function run(...argv: string[]) {
    out.mockClear();
    err.mockClear();
    const code = await main(argv);
    const text = (spy: typeof out) => spy.mock.calls.map((c: unknown[]) => c.join(' ')).join('\n');
    return { code, stdout: text(out), stderr: text(err) };
  }

  it('exits 0 against the signed head, 1 after a rewrite with the chain recomputed, 2 on a malformed head', async () => {
    expect((await run('migrate')).code).toBe(0);
    const file = path.join(dir, 'massline.db');
    const handle = openDb<Database>({ sqliteFile: file });
    try {
      await write(handle.db, 'sqlite', new Date(), 4);
      // The head the daily job signs and publishes, as the office above received it.
      const { head } = await takeHead(handle.db, new Date());
      expect(head.entries).toBe(4);
      await write(handle.db, 'sqlite', new Date(), 2, 5);
      const against = `${head.entries}:${head.hash}`;

      let r = await run('audit', 'verify', '--against', against);
      expect(r).toEqual({ code: 0, stdout: `与见证点一致 / matches the witnessed head: the first 4 entries still hash to ${head.hash}`, stderr: '' });
      // The plain check prints a head in the same form, to be kept elsewhere.
      r = await run('audit', 'verify');
      const printed = /\(witness: (\d+:[0-9a-f]{64})\)/.exec(r.stdout)?.[1];
      expect(printed).toMatch(/^6:/);
      expect((await run('audit', 'verify', '--against', printed!)).code).toBe(0);

      await rewriteAndRecompute(handle.db, 2, '被改过');
      expect((await run('audit', 'verify')).code).toBe(0);
      r = await run('audit', 'verify', '--against', against);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`does not match the witnessed head ${against}, broken at entry #4`);
      expect(r.stdout).toBe('');
    } finally {
      await handle.close();
    }
    // Deleting an entry before the head, directly in the file.
    const db = new SQLite(file);
    db.prepare('delete from audit_log where seq = 2').run();
    db.close();
    expect(await run('audit', 'verify', '--against', `4:${'0'.repeat(64)}`)).toMatchObject({ code: 1, stderr: expect.stringContaining('entry #2 is missing') });

    for (const bad of ['4', `4:${'g'.repeat(64)}`, '']) {
      const m = await run('audit', 'verify', '--against', bad);
      expect([m.code, m.stderr]).toEqual([2, expect.stringContaining('--against takes <count>:<hash>')]);
    }
    expect((await run('audit', 'verify', '--help')).stdout).toContain('--against <count>:<hash>');
  });
});
