import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { drainBallotBox } from '../src/kernel/ballot-box.js';
import { hashCode } from '../src/modules/forms/codes.js';
import { responseIdFor } from '../src/modules/forms/commands/ballots.js';
import { receiptHash } from '../src/modules/opinions/receipt.js';
import type { TestApp } from './factories.js';

/**
 * The operator's side of the ballot box tests (anonymity.test.ts): a realistic burst of anonymous
 * submissions through the public routes, with staff actions in between, and the statistics an
 * operator holding the database, its WAL and the audit log would compute. The burst remembers
 * what the operator must not learn: the order and the moment each submission was sent.
 */

const grades = [{ value: 'good', label: '满意' }, { value: 'fair', label: '基本满意' }, { value: 'bad', label: '不满意' }];
export const attackDefinition = {
  sections: [{ key: 'ballot', title: '民主测评', questions: [
    { key: 'team', type: 'single', label: '领导班子整体', required: true, options: grades },
    { key: 'advice', type: 'text', label: '意见建议' },
  ] }],
};
/** Every anonymous opinion of the burst contains this bigram, so each has one row of it in opinion_terms. */
export const COMMON_TERM = '村里';

export interface Sent {
  /** Global order of sending (what the operator wants). */
  seq: number;
  kind: 'response' | 'opinion';
  /** The wave it was sent in; each wave is checked to have been exactly one batch. */
  batch: number;
  /** Which staff actions of its wave preceded it (0, 1 or 2). */
  segment: number;
  /** responses.id, or opinions.receipt_hash. */
  key: string;
  /** The one-time code's hash a response used. */
  codeHash?: string;
}

export interface StaffAction {
  batch: number;
  /** Sent after this many segments of its wave. */
  afterSegment: number;
  auditSeq: number;
  at: string;
}

export interface Burst {
  formId: string;
  sent: Sent[];
  sizes: number[];
  staff: StaffAction[];
  /** Each batch's audit entry, in order, with the count it states: one per wave when the box works. */
  batchAudit: { seq: number; at: string; size: number }[];
  /** Audit entries appended during the burst. */
  auditDuring: number;
  /** PostgreSQL: the WAL insert position before and the flush position after the burst. */
  lsn?: { before: string; after: string };
}

const json = { host: 'massline.test', origin: 'http://massline.test' };

/**
 * `batches` waves of 10–30 simultaneous anonymous submissions (two thirds ballots with one-time
 * codes, one third opinions), each wave cut in three by an audited staff action, the clock moving
 * on between submissions. The box must be configured so that a wave is one batch (a window long
 * enough for a wave to enter, a batch size above 30); the tests check that against the batches'
 * audit entries, so the batch of every submission is known, not assumed.
 */
export async function castBurst(t: TestApp, opts: { batches: number; min?: number; max?: number; stepMs?: number }): Promise<Burst> {
  const { batches, min = 10, max = 30, stepMs = 137 } = opts;
  const sizes = Array.from({ length: batches }, () => randomInt(min, max + 1));
  const kinds = sizes.map((n) => Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 'opinion' : 'response') as Sent['kind']));
  const ballots = kinds.flat().filter((k) => k === 'response').length;

  const created = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'evaluation', title: '民主测评', anonymous: true, distribution: 'codes', definition: attackDefinition } });
  if (created.statusCode !== 201) throw new Error(`form: ${created.body}`);
  const formId = created.json().id as string;
  await t.as('office', { method: 'POST', url: `/api/forms/${formId}/open`, payload: {} });
  const codes = (await t.as('office', { method: 'POST', url: `/api/forms/${formId}/codes`, payload: { orgId: t.tree.orgs.child.id, count: ballots } })).json().codes as string[];
  if (codes?.length !== ballots) throw new Error('codes were not issued');

  const pg = t.deps.dialect === 'postgres';
  const before = pg ? (await sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(t.deps.db)).rows[0].lsn : '';
  const lastSeq = async () => Number((await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0);
  const auditBefore = await lastSeq();

  const sent: Sent[] = [];
  const staff: StaffAction[] = [];
  let seq = 0;
  let nextCode = 0;
  for (let b = 0; b < batches; b++) {
    const n = sizes[b];
    const cuts = [Math.floor(n / 3), Math.floor((2 * n) / 3)];
    const acks: Promise<{ statusCode: number; body: string }>[] = [];
    for (let i = 0; i < n; i++) {
      const segment = i < cuts[0] ? 0 : i < cuts[1] ? 1 : 2;
      if (i === cuts[0] || i === cuts[1]) {
        // A staff action between submissions: the audit log keeps its moment and its place.
        t.deps.clock.advance(stepMs);
        const res = await t.as('office', { method: 'POST', url: '/api/forms', payload: { orgId: t.tree.orgs.own.id, kind: 'resident_survey', title: `第${b}批间的草稿`, anonymous: true, distribution: 'open', definition: attackDefinition } });
        if (res.statusCode !== 201) throw new Error(`staff action: ${res.body}`);
        const entry = await t.deps.db.selectFrom('audit_log').select(['seq', 'at']).where('entity_id', '=', res.json().id).where('action', '=', 'form.create').executeTakeFirstOrThrow();
        staff.push({ batch: b, afterSegment: segment, auditSeq: Number(entry.seq), at: entry.at });
      }
      t.deps.clock.advance(stepMs);
      const key = `attack-${b}-${i}-${randomInt(1e9)}-key`;
      if (kinds[b][i] === 'response') {
        const code = codes[nextCode++];
        sent.push({ seq: seq++, kind: 'response', batch: b, segment, key: await responseIdFor(t.deps, formId, key), codeHash: hashCode(formId, code) });
        acks.push(t.app.inject({ method: 'POST', url: `/api/public/forms/${formId}/responses`, headers: json, payload: { answers: { team: grades[randomInt(3)].value, advice: `第${seq}份` }, code, idempotencyKey: key } }));
      } else {
        const s: Sent = { seq: seq++, kind: 'opinion', batch: b, segment, key: '' };
        sent.push(s);
        acks.push(t.app.inject({ method: 'POST', url: '/api/public/opinions', headers: json, payload: { orgId: t.tree.orgs.own.id, category: 'livelihood', content: `${COMMON_TERM}反映：第${seq}件事需要解决`, idempotencyKey: key } })
          .then((res) => {
            if (res.statusCode === 201) s.key = receiptHash(res.json().receipt);
            return res;
          }));
      }
    }
    for (const res of await Promise.all(acks)) if (res.statusCode !== 201) throw new Error(`submission refused: ${res.statusCode} ${res.body}`);
  }
  await drainBallotBox(t.deps);
  const after = pg ? (await sql<{ lsn: string }>`select pg_current_wal_flush_lsn()::text as lsn`.execute(t.deps.db)).rows[0].lsn : '';

  const entries = await t.deps.db.selectFrom('audit_log').select(['seq', 'at', 'action', 'summary']).where('seq', '>', auditBefore).orderBy('seq').execute();
  const batchAudit = entries.filter((e) => e.action === 'ballot_box.batch');
  return {
    formId, sent, sizes, staff, auditDuring: entries.length,
    batchAudit: batchAudit.map((e) => ({ seq: Number(e.seq), at: e.at, size: Number(/共 (\d+) 份/.exec(e.summary)?.[1]) })),
    ...(pg ? { lsn: { before, after } } : {}),
  };
}

/** Kendall's S (concordant minus discordant pairs) of a sequence against its own positions. */
export function kendallS(xs: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) s += Math.sign(xs[j] - xs[i]);
  return s;
}
const pairs = (n: number) => (n * (n - 1)) / 2;
export const kendallTau = (xs: number[]) => (xs.length < 2 ? 0 : kendallS(xs) / pairs(xs.length));

export interface OrderVerdict {
  rows: number;
  /** τ between the stored order and the order of sending, over every row. */
  tauAll: number;
  /** What τ over all rows is when batches follow each other and each is a fair shuffle. */
  tauAllIfShuffled: number;
  /** τ within each batch. */
  batchTaus: number[];
  meanAbsTau: number;
  /** What the mean |τ| of fair shuffles of these batch sizes is (normal approximation). */
  meanAbsTauIfShuffled: number;
  /** Σ S over batches divided by its standard deviation under fair shuffles: |z| > 4.5 is an order leak. */
  z: number;
}

/**
 * How much of the order of sending a stored order keeps. `stored` lists the submissions in the
 * order the operator reads them (rowid, ctid, scan order, id order). Across batches the stored
 * order may follow the batches (that much is public); within a batch it must be a fair shuffle.
 */
export function orderVerdict(stored: Sent[]): OrderVerdict {
  const byBatch = new Map<number, number[]>();
  for (const s of stored) byBatch.set(s.batch, [...(byBatch.get(s.batch) ?? []), s.seq]);
  const groups = [...byBatch.values()].filter((g) => g.length >= 2);
  const n = stored.length;
  const within = groups.reduce((a, g) => a + pairs(g.length), 0);
  const sigma = (k: number) => Math.sqrt((2 * (2 * k + 5)) / (9 * k * (k - 1)));
  const sumS = groups.reduce((a, g) => a + kendallS(g), 0);
  const varS = groups.reduce((a, g) => a + (g.length * (g.length - 1) * (2 * g.length + 5)) / 18, 0);
  const batchTaus = groups.map(kendallTau);
  return {
    rows: n,
    tauAll: kendallTau(stored.map((s) => s.seq)),
    tauAllIfShuffled: (pairs(n) - within) / pairs(n),
    batchTaus,
    meanAbsTau: batchTaus.reduce((a, x) => a + Math.abs(x), 0) / batchTaus.length,
    meanAbsTauIfShuffled: groups.reduce((a, g) => a + sigma(g.length) * Math.sqrt(2 / Math.PI), 0) / groups.length,
    z: sumS / Math.sqrt(varS),
  };
}

/** A PostgreSQL ctid `(block,offset)` as a number that sorts like the physical place. */
export const ctidRank = (ctid: string) => {
  const [block, offset] = ctid.slice(1, -1).split(',').map(Number);
  return block * 65536 + offset;
};
