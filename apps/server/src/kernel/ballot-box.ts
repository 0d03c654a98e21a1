import { randomInt, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../database.js';
import { appendAudit, systemActor } from './audit.js';
import { campaignDay } from './clock.js';

/**
 * The ballot box (票箱): every anonymous write passes through it. Submissions wait in memory and
 * are committed together, in shuffled order, one transaction a batch; a batch is sealed when it
 * holds `ballotBatchSize` submissions or `ballotWindowMs` after its first one. So whatever the
 * database keeps of a write — its transaction id (PostgreSQL `xmin`), its command id, the commit
 * record and its time in the WAL, its physical place (`ctid`, SQLite rowid, in-page order) — is
 * shared by every submission of its batch and says nothing about which one it was. An
 * acknowledgment is sent only after the batch committed, so an acknowledged submission survives
 * a crash; one that did not commit was never acknowledged, and the phone sends it again.
 *
 * The kernel knows no domain: each module defines its kinds with a writer for its own rows.
 */

export interface BallotContext {
  deps: Deps;
  now: Date;
  /** The campaign's local day of this batch: what anonymous rows keep of time. */
  day: string;
}

/**
 * Writes one kind's share of a sealed batch, already shuffled, in the batch's transaction, and
 * returns one result per item (same index). It must be set-based — one statement per table for
 * the whole share, rows in the given order, no savepoints, nothing per item that carries an id,
 * a time or an order (audit entries, notifications, counters: sum them per batch). Expected
 * refusals are results; a throw fails the batch and rejects every submission in it.
 */
export type BallotWriter<In, Out> = (trx: Transaction<Database>, items: In[], ctx: BallotContext) => Promise<Out[]>;

export interface BallotKind<In, Out> {
  readonly name: string;
  /** What the batch's audit entry calls this kind, e.g. 问卷答卷. */
  readonly label: string;
  readonly write: BallotWriter<In, Out>;
  /** Whether a result stored something: refusals are not counted, and a batch of refusals leaves no trace. */
  readonly stored: (out: Out) => boolean;
}

const kinds = new Map<string, BallotKind<unknown, unknown>>();

/** Defines a kind of anonymous write; called once per kind, when its module loads. */
export function defineBallotKind<In, Out>(name: string, label: string, write: BallotWriter<In, Out>, stored: (out: Out) => boolean = () => true): BallotKind<In, Out> {
  const kind = { name, label, write, stored };
  kinds.set(name, kind as BallotKind<unknown, unknown>);
  return kind;
}

interface Pending {
  kind: BallotKind<unknown, unknown>;
  item: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** What a committed batch held: counts per kind only, for the log and the audit entry. */
export interface BatchReport {
  size: number;
  kinds: Record<string, number>;
}

type BatchListener = (report: BatchReport) => void;
const listeners = new Set<BatchListener>();

/** Be told of every committed batch (counts only): the request log's duty to keep counts. */
export function onBallotBatch(listener: BatchListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Rows in parts of `size`: a batch's one statement split only where a driver's parameter limit needs it. */
export const chunks = <T>(rows: T[], size: number): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Fisher–Yates with a cryptographic source: no order of arrival survives. */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

class Box {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();

  private deps: Deps;

  constructor(deps: Deps) {
    this.deps = deps;
  }

  /** The caller's config decides when to seal (the demo loader, say, waits for nobody). */
  cast(deps: Deps, kind: BallotKind<unknown, unknown>, item: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.pending.length) this.deps = deps;
      this.pending.push({ kind, item, resolve, reject });
      if (this.pending.length >= Math.max(1, deps.config.ballotBatchSize)) this.seal();
      else this.timer ??= setTimeout(() => this.seal(), deps.config.ballotWindowMs);
    });
  }

  seal(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    const run = this.commit(batch).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async commit(batch: Pending[]): Promise<void> {
    const deps = this.deps;
    const groups = new Map<BallotKind<unknown, unknown>, Pending[]>();
    for (const p of batch) groups.set(p.kind, [...(groups.get(p.kind) ?? []), p]);
    const now = deps.clock.now();
    const ctx: BallotContext = { deps, now, day: campaignDay(now) };
    const report: BatchReport = { size: batch.length, kinds: {} };
    const results = new Map<Pending, unknown>();
    try {
      await deps.db.transaction().execute(async (trx) => {
        results.clear();
        for (const [kind, share] of shuffle([...groups.entries()])) {
          const shuffled = shuffle(share);
          const out = await kind.write(trx, shuffled.map((p) => p.item), ctx);
          if (out.length !== shuffled.length) throw new Error(`ballot writer ${kind.name} returned ${out.length} results for ${shuffled.length} items`);
          shuffled.forEach((p, i) => results.set(p, out[i]));
          const n = out.filter((o) => kind.stored(o)).length;
          if (n) report.kinds[kind.name] = n;
        }
        report.size = Object.values(report.kinds).reduce((a, b) => a + b, 0);
        if (!report.size) return;
        const summary = Object.entries(report.kinds).map(([name, n]) => `${kinds.get(name)?.label ?? name} ${n}`).join('，');
        await appendAudit(trx, deps.dialect, now, systemActor, {
          action: 'ballot_box.batch', entityType: 'ballot_box', entityId: randomUUID(), orgPath: null, summary: `票箱封存一批，共 ${report.size} 份（${summary}）`,
        });
      });
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    for (const p of batch) p.resolve(results.get(p));
    if (report.size) for (const l of listeners) l(report);
  }

  async drain(): Promise<void> {
    this.seal();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

const boxes = new WeakMap<object, Box>();

function boxOf(deps: Deps): Box {
  let box = boxes.get(deps.db);
  if (!box) boxes.set(deps.db, (box = new Box(deps)));
  return box;
}

/** Put one anonymous write in the box; resolves with its writer's result once its batch committed. */
export function castBallot<In, Out>(deps: Deps, kind: BallotKind<In, Out>, item: In): Promise<Out> {
  return boxOf(deps).cast(deps, kind as BallotKind<unknown, unknown>, item) as Promise<Out>;
}

/** Seal what waits and wait for every batch in flight (shutdown, and tests that read right after). */
export function drainBallotBox(deps: Pick<Deps, 'db'>): Promise<void> {
  return boxes.get(deps.db)?.drain() ?? Promise.resolve();
}
