import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBurst, COMMON_TERM, ctidRank, kendallS, orderVerdict, type Burst, type OrderVerdict, type Sent } from '../test/attack-ballot-box.js';
import { createTestApp, type TestApp } from '../test/factories.js';

/**
 * Attacks on the ballot box (docs/SECURITY.md, "The ballot box") by an operator who holds the
 * database, its WAL and the audit log after the fact and wants to pair an anonymous submission
 * with who sent it or when. One realistic burst — 24 batches of 10–30 simultaneous submissions
 * through the public routes, staff actions between them — then each attack reads what it can.
 * Each must fail if a writer stored rows one by one in arrival order or in a transaction each.
 */

const BATCHES = 24;
const pg = process.env.MASSLINE_TEST_DB === 'postgres';

/** Asserts a stored order says nothing within batches (see orderVerdict); returns it for the message. */
function expectShuffled(what: string, v: OrderVerdict, expectedRows: number) {
  expect(v.rows, `${what}: rows`).toBe(expectedRows);
  expect(v.batchTaus.length, `${what}: batches`).toBeGreaterThanOrEqual(20);
  // Across batches the order follows the batches (public); a writer in arrival order gives τ = 1.
  expect(v.tauAll, `${what}: τ over all rows ${v.tauAll.toFixed(3)} (fair shuffles give ${v.tauAllIfShuffled.toFixed(3)})`).toBeLessThan(v.tauAllIfShuffled + (1 - v.tauAllIfShuffled) / 2);
  // Within batches: the signed τ summed over batches against its exact variance under fair shuffles.
  expect(Math.abs(v.z), `${what}: z of within-batch τ ${v.z.toFixed(2)}`).toBeLessThan(4.5);
  // And their size: a fair shuffle of k has E|τ| ≈ 0.13 (k = 20); consistently ordered batches, either way, approach 1.
  expect(v.meanAbsTau, `${what}: mean |τ| within batches ${v.meanAbsTau.toFixed(3)} (fair: ${v.meanAbsTauIfShuffled.toFixed(3)})`).toBeLessThan(v.meanAbsTauIfShuffled + 0.1);
}

describe('the ballot box against an operator holding the database, its WAL and the audit log', () => {
  let t: TestApp;
  let burst: Burst;
  const responses = () => burst.sent.filter((s) => s.kind === 'response');
  const opinions = () => burst.sent.filter((s) => s.kind === 'opinion');
  /** Stored rows, in the order given, mapped back to what was sent: the pairing the operator is after. */
  const toSent = (keys: string[]) => {
    const byKey = new Map(burst.sent.map((s) => [s.key, s]));
    return keys.filter((k) => byKey.has(k)).map((k) => byKey.get(k)!);
  };

  beforeAll(async () => {
    // A window long enough for a whole wave (and its two staff actions) to enter on a loaded machine.
    t = await createTestApp({ ballotWindowMs: 400, ballotBatchSize: 1000 });
    burst = await castBurst(t, { batches: BATCHES });
  }, 180_000);
  afterAll(() => t?.close());

  it.runIf(pg)('xmin: every batch is one transaction id shared by all its rows and codes; no code pairs with one ballot by xmin; cmin is one per table and batch', async () => {
    const rows = async (q: RawBuilder<{ key: string; x: string; c: string }>) => (await q.execute(t.deps.db)).rows;
    const resp = await rows(sql`select id as key, xmin::text as x, cmin::text as c from responses where form_id = ${burst.formId}`);
    const ops = await rows(sql`select receipt_hash as key, xmin::text as x, cmin::text as c from opinions where receipt_hash is not null`);
    const codes = await rows(sql`select code_hash as key, xmin::text as x, cmin::text as c from form_codes where form_id = ${burst.formId} and used = 1`);
    const terms = await rows(sql`select opinion_id as key, xmin::text as x, cmin::text as c from opinion_terms`);
    const audit = await rows(sql`select seq::text as key, xmin::text as x, cmin::text as c from audit_log where action = 'ballot_box.batch'`);
    expect(resp).toHaveLength(responses().length);
    expect(codes).toHaveLength(responses().length);
    expect(ops).toHaveLength(opinions().length);

    // The operator groups rows by xmin: there are as many groups as batches, not as submissions.
    const sentOf = new Map(burst.sent.map((s) => [s.key, s]));
    const groups = (rs: { x: string }[]) => {
      const m = new Map<string, number>();
      for (const r of rs) m.set(r.x, (m.get(r.x) ?? 0) + 1);
      return m;
    };
    const batchOfXmin = new Map<string, Set<number>>();
    for (const r of [...resp, ...ops]) batchOfXmin.set(r.x, (batchOfXmin.get(r.x) ?? new Set()).add(sentOf.get(r.key)!.batch));
    expect(batchOfXmin.size, 'distinct xmin of anonymous rows').toBe(BATCHES);
    for (const [, b] of batchOfXmin) expect(b.size, 'an xmin spans one batch').toBe(1);
    const perBatch = (kind: Sent['kind']) => burst.sizes.map((_, b) => burst.sent.filter((s) => s.batch === b && s.kind === kind).length).sort((a, b) => a - b);
    expect([...groups(resp).values()].sort((a, b) => a - b), 'responses per xmin').toEqual(perBatch('response'));
    expect([...groups(ops).values()].sort((a, b) => a - b), 'opinions per xmin').toEqual(perBatch('opinion'));
    expect(Math.min(...groups(resp).values())).toBeGreaterThanOrEqual(5);

    // Used codes: each xmin group of codes is exactly a group of ballots of the same size, so a code
    // is paired with 1 of k ballots at best, never with one.
    const codeGroups = groups(codes);
    const respGroups = groups(resp);
    expect([...codeGroups.keys()].sort()).toEqual([...respGroups.keys()].sort());
    for (const [x, n] of codeGroups) expect(n, `codes vs ballots of xmin ${x}`).toBe(respGroups.get(x));
    // ...and the ground truth agrees: a code's xmin is its own ballot's (consumed in the same batch).
    const respX = new Map(resp.map((r) => [r.key, r.x]));
    const codeX = new Map(codes.map((c) => [c.key, c.x]));
    for (const s of responses()) expect(codeX.get(s.codeHash!)).toBe(respX.get(s.key));

    // Every opinion's terms carry its batch's xmin, and each batch's audit entry (the batch's only time) does too.
    const opX = new Map(ops.map((o) => [o.key, o.x]));
    const opIdX = new Map((await sql<{ id: string; x: string }>`select id, xmin::text as x from opinions where receipt_hash is not null`.execute(t.deps.db)).rows.map((r) => [r.id, r.x]));
    for (const term of terms) expect(opIdX.get(term.key), 'term row xmin').toBe(term.x);
    expect(new Set(audit.map((a) => a.x))).toEqual(new Set(batchOfXmin.keys()));
    expect(opX.size).toBe(opinions().length);

    // cmin: within a batch each table was written by one statement, so the command id says nothing either.
    for (const [table, rs] of Object.entries({ responses: resp, opinions: ops, form_codes: codes, opinion_terms: terms })) {
      const cmins = new Map<string, Set<string>>();
      for (const r of rs) cmins.set(r.x, (cmins.get(r.x) ?? new Set()).add(r.c));
      for (const [x, c] of cmins) expect(c.size, `${table}: cmin values in the batch of xmin ${x}`).toBe(1);
    }
  });

  it.runIf(pg)('physical order: ctid of responses, opinions and their term rows follows the batches, not the order of sending', async () => {
    const read = async (q: RawBuilder<{ key: string; ctid: string }>) => (await q.execute(t.deps.db)).rows.sort((a, b) => ctidRank(a.ctid) - ctidRank(b.ctid)).map((r) => r.key);
    expectShuffled('responses by ctid', orderVerdict(toSent(await read(sql`select id as key, ctid::text from responses`))), responses().length);
    expectShuffled('opinions by ctid', orderVerdict(toSent(await read(sql`select receipt_hash as key, ctid::text from opinions where receipt_hash is not null`))), opinions().length);
    const receiptOf = new Map((await sql<{ id: string; r: string }>`select id, receipt_hash as r from opinions where receipt_hash is not null`.execute(t.deps.db)).rows.map((o) => [o.id, o.r]));
    const terms = await read(sql`select opinion_id as key, ctid::text from opinion_terms where term = ${COMMON_TERM}`);
    expectShuffled('opinion_terms by ctid', orderVerdict(toSent(terms.map((id) => receiptOf.get(id)!))), opinions().length);
  });

  it.runIf(!pg)('physical order: SQLite rowid, full-scan order and the WITHOUT ROWID term index follow the batches, not the order of sending', async () => {
    const db = t.deps.db;
    const byRowid = (await sql<{ key: string }>`select id as key from responses order by rowid`.execute(db)).rows.map((r) => r.key);
    const scan = (await sql<{ key: string }>`select id as key, answers from responses not indexed`.execute(db)).rows.map((r) => r.key);
    expectShuffled('responses by rowid', orderVerdict(toSent(byRowid)), responses().length);
    expectShuffled('responses in full-scan order', orderVerdict(toSent(scan)), responses().length);
    const opinionRows = (await sql<{ key: string; id: string }>`select receipt_hash as key, id from opinions not indexed where receipt_hash is not null`.execute(db)).rows;
    expectShuffled('opinions in full-scan order', orderVerdict(toSent(opinionRows.map((r) => r.key))), opinions().length);
    const opByRowid = (await sql<{ key: string }>`select receipt_hash as key from opinions where receipt_hash is not null order by rowid`.execute(db)).rows.map((r) => r.key);
    expectShuffled('opinions by rowid', orderVerdict(toSent(opByRowid)), opinions().length);
    // opinion_terms has no rowid: its rows sit in primary-key order (term, day, opinion id), so
    // within a day the order is that of the random opinion ids.
    const info = (await sql<{ sql: string }>`select sql from sqlite_master where name = 'opinion_terms'`.execute(db)).rows[0].sql;
    expect(info).toMatch(/without rowid/i);
    const receiptOf = new Map(opinionRows.map((o) => [o.id, o.key]));
    const terms = (await sql<{ term: string; opinion_id: string }>`select term, opinion_id from opinion_terms`.execute(db)).rows.filter((r) => r.term === COMMON_TERM);
    expectShuffled('opinion_terms in key order', orderVerdict(toSent(terms.map((r) => receiptOf.get(r.opinion_id)!))), opinions().length);
  });

  it('audit interleaving: staff actions between submissions do not place any submission closer than its batch, and anonymous rows keep no time but the day', async () => {
    // One entry per batch and per staff action, none per submission; each wave was one batch.
    expect(burst.batchAudit.map((e) => e.size), 'sizes the batch entries state').toEqual(burst.sizes);
    expect(burst.auditDuring).toBe(BATCHES + burst.staff.length);
    expect(burst.staff).toHaveLength(2 * BATCHES);
    for (let b = 0; b < BATCHES; b++) {
      const own = burst.staff.filter((s) => s.batch === b);
      const entry = burst.batchAudit[b];
      // The batch's entry comes after every staff action of its window and before the next
      // window's, in order and in time: its submissions, sent before, between and after those
      // actions, all appear after the last of them.
      for (const s of own) {
        expect(entry.seq).toBeGreaterThan(s.auditSeq);
        expect(entry.at > s.at).toBe(true);
      }
      const next = burst.staff.find((s) => s.batch === b + 1);
      if (next) expect(entry.seq).toBeLessThan(next.auditSeq);
    }
    if (pg) {
      // The staff entries are transactions of their own; none of them shares a transaction id with any anonymous row.
      const anon = new Set((await sql<{ x: string }>`select xmin::text as x from responses union select xmin::text from opinions where receipt_hash is not null`.execute(t.deps.db)).rows.map((r) => r.x));
      const staffX = (await sql<{ x: string }>`select xmin::text as x from audit_log where action = 'form.create'`.execute(t.deps.db)).rows.map((r) => r.x);
      for (const x of staffX) expect(anon.has(x)).toBe(false);
      // Rows sent before the first staff action of a batch and after its last share one xmin and one batch.
      const xOf = new Map((await sql<{ k: string; x: string }>`select id as k, xmin::text as x from responses union all select receipt_hash, xmin::text from opinions where receipt_hash is not null`.execute(t.deps.db)).rows.map((r) => [r.k, r.x]));
      for (let b = 0; b < BATCHES; b++) {
        const xs = new Set(burst.sent.filter((s) => s.batch === b).map((s) => xOf.get(s.key)));
        expect(xs.size, `batch ${b}: xmin values across its three segments`).toBe(1);
      }
    }
    // Column scan: the clock moved 137 ms between submissions; nothing finer than the day may show.
    const day = '2026-03-01';
    const timeLike = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\b1[6-9]\d{8}(\d{3})?\b/;
    const scan = async (table: string, where = sql`true`) => {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${where}`.execute(t.deps.db)).rows;
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows) {
        for (const [col, value] of Object.entries(row)) {
          const v = value instanceof Date ? value.toISOString() : String(value);
          // A day, or that day's midnight (an opinion's update stamp), is all a row may say of time.
          const stripped = v.replaceAll(`${day}T00:00:00.000Z`, day);
          expect(timeLike.test(stripped), `${table}.${col} = ${v}`).toBe(false);
          if (/^\d{4}-\d{2}-\d{2}$/.test(v) && col !== 'due_day') expect(v, `${table}.${col}`).toBe(day);
        }
      }
    };
    await scan('responses');
    await scan('opinions', sql`receipt_hash is not null`);
    await scan('opinion_terms');
    await scan('form_codes', sql`used = 1`);
  });

  it.runIf(pg)('WAL: between the LSNs before and after the burst, the commit records touching anonymous tables are one per batch (pg_walinspect)', async () => {
    const db = t.deps.db;
    // Must run on CI's PostgreSQL 15 with contrib: an error here fails the test, it never skips.
    await sql`create extension if not exists pg_walinspect schema public`.execute(db);
    const ns = (await sql<{ n: string }>`select n.nspname as n from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_walinspect'`.execute(db)).rows[0].n;
    // The anonymous tables and their indexes, by the file names the WAL uses.
    const files = (await sql<{ f: string }>`
      select pg_relation_filenode(c.oid)::text as f from pg_class c
      where c.oid in (select to_regclass(t) from unnest(array['responses', 'opinions', 'opinion_terms', 'form_codes']) t)
         or c.oid in (select indexrelid from pg_index where indrelid in (select to_regclass(t) from unnest(array['responses', 'opinions', 'opinion_terms', 'form_codes']) t))`.execute(db)).rows.map((r) => r.f);
    expect(files.length).toBeGreaterThanOrEqual(8);
    const dbOid = (await sql<{ o: string }>`select oid::text as o from pg_database where datname = current_database()`.execute(db)).rows[0].o;
    const records = (await sql<{ xid: string; rm: string; type: string; blocks: string | null }>`
      select xid::text as xid, resource_manager as rm, record_type as type, block_ref as blocks
      from ${sql.id(ns, 'pg_get_wal_records_info')}(${burst.lsn!.before}::pg_lsn, ${burst.lsn!.after}::pg_lsn)`.execute(db)).rows;
    const touching = new Set<string>();
    for (const r of records) {
      for (const m of (r.blocks ?? '').matchAll(new RegExp(`rel \\d+/${dbOid}/(\\d+)`, 'g'))) if (files.includes(m[1]) && r.xid !== '0') touching.add(r.xid);
    }
    const commits = records.filter((r) => r.rm === 'Transaction' && r.type.startsWith('COMMIT') && touching.has(r.xid));
    expect(touching.size, 'transactions writing anonymous tables').toBe(BATCHES);
    expect(commits.length, 'their commit records').toBe(BATCHES);
  });

  it('ids: anonymous ids are random (UUID v4, not time-ordered v7) and sorting by id does not give the order of sending', async () => {
    const db = t.deps.db;
    const ids = (await db.selectFrom('responses').select('id').where('form_id', '=', burst.formId).orderBy('id').execute()).map((r) => r.id);
    const ops = await db.selectFrom('opinions').select(['id', 'receipt_hash']).where('receipt_hash', 'is not', null).orderBy('id').execute();
    for (const id of [...ids, ...ops.map((o) => o.id), ...(await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'ballot_box.batch').execute()).map((e) => e.entity_id!)]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const [what, sorted] of [['responses by id', toSent(ids)], ['opinions by id', toSent(ops.map((o) => o.receipt_hash!))]] as const) {
      const v = orderVerdict(sorted);
      // Ids are not even ordered by batch: τ over all rows is about 0, within batches too.
      expect(Math.abs(v.tauAll), `${what}: τ over all rows ${v.tauAll.toFixed(3)}`).toBeLessThan(0.25);
      expect(Math.abs(v.z), `${what}: z within batches ${v.z.toFixed(2)}`).toBeLessThan(4.5);
    }
  });

  it('the statistics have power: arrival order, or every batch reversed, is flagged at these batch sizes', () => {
    const inOrder = orderVerdict([...burst.sent]);
    expect(inOrder.tauAll).toBe(1);
    expect(inOrder.z).toBeGreaterThan(20);
    const reversed = orderVerdict(burst.sizes.flatMap((_, b) => burst.sent.filter((s) => s.batch === b).reverse()));
    expect(reversed.meanAbsTau).toBe(1);
    expect(kendallS([3, 2, 1])).toBe(-3);
  });
});
