import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import { campaignDay } from './clock.js';

/** A scheduled job's run, claimed by inserting its key (one process wins). */
export interface JobRunsTable {
  job: string;
  run_key: string;
  started_at: string;
  finished_at: string | null;
  /** The job's summary once finished; `failed: …` or `aborted` while unfinished. */
  result: string | null;
}

export interface SchedulerTables {
  job_runs: JobRunsTable;
}

export interface JobContext {
  /** The time the tick started (the clock is injectable, so tests move it). */
  now: Date;
  runKey: string;
  /** Aborted when the scheduler stops: a long job checks it between batches and stops early. */
  signal: AbortSignal;
}

export interface Job {
  name: string;
  /**
   * The run owed at `now`, as a key (`daily` gives the day): each key runs once across every
   * process sharing the database. Null: nothing is due.
   */
  runKey(now: Date): string | null;
  /** Jobs whose run with the same key must have finished first. */
  after?: readonly string[];
  /** Does the work and returns a short summary (kept in job_runs.result). Must be safe to repeat. */
  run(ctx: JobContext): Promise<string | void>;
}

/** A daily job's key: the campaign's day. */
export const daily = (now: Date): string => campaignDay(now);

export type RunOutcome =
  /** This scheduler claimed the run and finished it. */
  | 'ran'
  /** This scheduler claimed the run and the job threw (retried once the lease has passed). */
  | 'failed'
  /** Another scheduler has run it, or is running it. */
  | 'taken'
  /** A job named in `after` has not finished this key yet. */
  | 'waiting';

export interface TickResult {
  job: string;
  runKey: string;
  outcome: RunOutcome;
  result?: string;
}

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  db: Kysely<any>;
  clock: Clock;
  /** Milliseconds between ticks. */
  tickMs: number;
  /**
   * A run claimed longer ago than this and still unfinished is taken as abandoned (its process
   * crashed, or the job failed) and may be claimed again.
   */
  leaseMs?: number;
  log?: SchedulerLog;
}

const ABORTED = 'aborted';
const silent: SchedulerLog = { info: () => {}, error: () => {} };

class Aborted extends Error {}

/** Throw when the scheduler is stopping (for jobs working in batches). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Aborted('aborted');
}

/**
 * Between two batches of a job: let the server answer waiting requests first (with SQLite every
 * query resolves at once, so a job's loop would otherwise hold the event loop to its end), then
 * stop if the scheduler is stopping.
 */
export async function betweenBatches(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal) throwIfAborted(signal);
}

/**
 * Runs registered jobs inside the server process. Each run is claimed by inserting (job, run key)
 * into `job_runs`: the primary key lets exactly one insert win, so when several processes share one
 * database each run happens once, whichever process ticks first. Ticks never overlap; `stop()`
 * aborts a running job at its next check and waits for it.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private readonly db: Kysely<SchedulerTables>;
  private readonly leaseMs: number;
  private readonly log: SchedulerLog;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private abort = new AbortController();
  private started = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.db = opts.db as Kysely<SchedulerTables>;
    this.leaseMs = opts.leaseMs ?? 10 * 60_000;
    this.log = opts.log ?? silent;
  }

  register(...jobs: Job[]): this {
    for (const job of jobs) {
      if (this.jobs.some((j) => j.name === job.name)) throw new Error(`job "${job.name}" is registered twice`);
      this.jobs.push(job);
    }
    return this;
  }

  get jobNames(): string[] {
    return this.jobs.map((j) => j.name);
  }

  /** Tick now, then every `tickMs` after the previous tick ended. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.abort = new AbortController();
    this.schedule(0);
  }

  /** Stop ticking; a job in progress is asked to stop and awaited. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.current?.catch(() => {});
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick()
        .catch((err) => this.log.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          this.current = null;
          if (this.started) this.schedule(this.opts.tickMs);
        });
    }, delay);
    // The scheduler alone never keeps the process alive (the HTTP server does).
    this.timer.unref();
  }

  /** Look once at every job, in the order registered, and run what is due and unclaimed. */
  async tick(): Promise<TickResult[]> {
    const now = this.opts.clock.now();
    const out: TickResult[] = [];
    for (const job of this.jobs) {
      if (this.abort.signal.aborted) break;
      const runKey = job.runKey(now);
      if (runKey === null) continue;
      if (!(await this.dependenciesDone(job, runKey))) {
        out.push({ job: job.name, runKey, outcome: 'waiting' });
        continue;
      }
      const claimedAt = await this.claim(job.name, runKey, now);
      if (claimedAt === null) {
        out.push({ job: job.name, runKey, outcome: 'taken' });
        continue;
      }
      out.push(await this.runClaimed(job, runKey, now, claimedAt));
    }
    return out;
  }

  private async dependenciesDone(job: Job, runKey: string): Promise<boolean> {
    if (!job.after?.length) return true;
    const done = await this.db
      .selectFrom('job_runs')
      .select('job')
      .where('job', 'in', [...job.after])
      .where('run_key', '=', runKey)
      .where('finished_at', 'is not', null)
      .execute();
    return done.length === job.after.length;
  }

  /** Claim (job, key): the `started_at` written if this scheduler won it, null if not. */
  private async claim(job: string, runKey: string, now: Date): Promise<string | null> {
    const at = now.toISOString();
    const inserted = await this.db
      .insertInto('job_runs')
      .values({ job, run_key: runKey, started_at: at, finished_at: null, result: null })
      .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return at;
    // Someone holds it: finished, running, or abandoned (stopped mid-run, crashed, or failed).
    const row = await this.db.selectFrom('job_runs').selectAll().where('job', '=', job).where('run_key', '=', runKey).executeTakeFirst();
    if (!row || row.finished_at !== null) return null;
    const abandoned = row.result === ABORTED || Date.parse(row.started_at) <= now.getTime() - this.leaseMs;
    if (!abandoned) return null;
    // Guarded on what was seen: of several schedulers taking over, only one update matches.
    const taken = await this.db
      .updateTable('job_runs')
      .set({ started_at: at, result: null })
      .where('job', '=', job)
      .where('run_key', '=', runKey)
      .where('finished_at', 'is', null)
      .where('started_at', '=', row.started_at)
      .where('result', row.result === null ? 'is' : '=', row.result)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? at : null;
  }

  private async runClaimed(job: Job, runKey: string, now: Date, claimedAt: string): Promise<TickResult> {
    // Only this claim's row: a run that outlived its lease and was taken over is not ours to close.
    const update = (set: { finished_at?: string; result: string }) =>
      this.db.updateTable('job_runs').set(set)
        .where('job', '=', job.name).where('run_key', '=', runKey).where('started_at', '=', claimedAt).where('finished_at', 'is', null)
        .execute();
    try {
      const result = (await job.run({ now, runKey, signal: this.abort.signal })) ?? 'ok';
      await update({ finished_at: this.opts.clock.now().toISOString(), result: result.slice(0, 1000) });
      this.log.info({ job: job.name, runKey, result }, 'scheduled job done');
      return { job: job.name, runKey, outcome: 'ran', result };
    } catch (err) {
      const aborted = err instanceof Aborted || this.abort.signal.aborted;
      const result = aborted ? ABORTED : `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000);
      // Left unfinished: an aborted run is claimed again at the next start, a failed one after the lease.
      await update({ result }).catch(() => {});
      if (!aborted) this.log.error({ err, job: job.name, runKey }, 'scheduled job failed');
      return { job: job.name, runKey, outcome: 'failed', result };
    }
  }
}
