import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSharedTestDeps, type SharedDeps } from '../../test/shared-db.js';
import { daily, Scheduler, throwIfAborted, type Job } from './scheduler.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;

describe('scheduler', () => {
  let shared: Awaited<ReturnType<typeof createSharedTestDeps>>;
  let a: SharedDeps;
  let b: SharedDeps;
  beforeEach(async () => {
    shared = await createSharedTestDeps(2);
    [a, b] = shared.all;
  });
  afterEach(() => shared.close());

  /** A daily job counting its runs, slow enough that two ticks overlap. */
  const counting = (runs: string[], name = 'count', ms = 30): Job => ({
    name,
    runKey: daily,
    async run({ runKey }) {
      await sleep(ms);
      runs.push(runKey);
      return `counted ${runKey}`;
    },
  });
  const scheduler = (deps: SharedDeps, ...jobs: Job[]) => new Scheduler({ db: deps.db, clock: deps.clock, tickMs: 60_000 }).register(...jobs);
  const jobRuns = () => a.db.selectFrom('job_runs').selectAll().orderBy('job').orderBy('run_key').execute();

  it('runs each key once when two processes on one database race for it', async () => {
    const runs: string[] = [];
    const one = scheduler(a, counting(runs));
    const two = scheduler(b, counting(runs));
    for (let day = 0; day < 8; day++) {
      const [r1, r2] = await Promise.all([one.tick(), two.tick()]);
      const outcomes = [...r1, ...r2].map((r) => r.outcome).sort();
      expect(outcomes).toEqual(['ran', 'taken']);
      // Ticking again the same day: both find it taken.
      expect([...(await one.tick()), ...(await two.tick())].map((r) => r.outcome)).toEqual(['taken', 'taken']);
      a.clock.advance(DAY);
      b.clock.advance(DAY);
    }
    expect(runs).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    const rows = await jobRuns();
    expect(rows).toHaveLength(8);
    for (const r of rows) expect(r).toMatchObject({ job: 'count', finished_at: expect.any(String), result: `counted ${r.run_key}` });
  });

  it('runs each key once among many racing schedulers', async () => {
    const more = await createSharedTestDeps(4);
    try {
      const runs: string[] = [];
      const all = more.all.map((d) => scheduler(d, counting(runs, 'count', 5)));
      const results = (await Promise.all(all.map((s) => s.tick()))).flat();
      expect(results.filter((r) => r.outcome === 'ran')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'taken')).toHaveLength(3);
      expect(runs).toEqual(['2026-03-01']);
    } finally {
      await more.close();
    }
  });

  it('runs a job after the jobs it waits for have finished the same key', async () => {
    const order: string[] = [];
    const first: Job = { name: 'first', runKey: daily, run: async () => void (await sleep(40), order.push('first')) };
    const second: Job = { name: 'second', runKey: daily, after: ['first'], run: async () => void order.push('second') };
    // Process b has only the second job and ticks while a is still running the first.
    const pa = scheduler(a, first, second).tick();
    await sleep(10);
    expect(await scheduler(b, second).tick()).toEqual([{ job: 'second', runKey: '2026-03-01', outcome: 'waiting' }]);
    expect((await pa).map((r) => r.outcome)).toEqual(['ran', 'ran']);
    expect(order).toEqual(['first', 'second']);
    expect(await scheduler(b, second).tick()).toEqual([{ job: 'second', runKey: '2026-03-01', outcome: 'taken' }]);
  });

  it('takes a failed run again once its lease has passed, in one process only', async () => {
    let attempts = 0;
    const flaky: Job = {
      name: 'flaky',
      runKey: daily,
      async run() {
        attempts++;
        if (attempts === 1) throw new Error('database hiccup');
        return 'second time lucky';
      },
    };
    const one = new Scheduler({ db: a.db, clock: a.clock, tickMs: 60_000, leaseMs: 5 * 60_000 }).register(flaky);
    const two = new Scheduler({ db: b.db, clock: b.clock, tickMs: 60_000, leaseMs: 5 * 60_000 }).register(flaky);
    expect(await one.tick()).toEqual([{ job: 'flaky', runKey: '2026-03-01', outcome: 'failed', result: 'failed: database hiccup' }]);
    expect((await jobRuns())[0]).toMatchObject({ finished_at: null, result: 'failed: database hiccup' });
    // Within the lease nobody retries it.
    expect((await two.tick())[0].outcome).toBe('taken');
    a.clock.advance(5 * 60_000);
    b.clock.advance(5 * 60_000);
    const [r1, r2] = await Promise.all([one.tick(), two.tick()]);
    expect([r1[0].outcome, r2[0].outcome].sort()).toEqual(['ran', 'taken']);
    expect(attempts).toBe(2);
    expect((await jobRuns())[0]).toMatchObject({ finished_at: '2026-03-01T08:05:00.000Z', result: 'second time lucky' });
  });

  it('ticks on its own once started, and stops cleanly: a running job is aborted and taken again at the next start', async () => {
    const seen: string[] = [];
    let release: () => void = () => {};
    const slow: Job = {
      name: 'slow',
      runKey: () => 'once',
      async run({ signal }) {
        seen.push('started');
        await new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        throwIfAborted(signal);
        seen.push('finished');
        return 'done';
      },
    };
    const first = new Scheduler({ db: a.db, clock: a.clock, tickMs: 10 }).register(slow);
    first.start();
    await expect.poll(() => seen).toEqual(['started']);
    await first.stop();
    expect(await jobRuns()).toEqual([{ job: 'slow', run_key: 'once', started_at: '2026-03-01T08:00:00.000Z', finished_at: null, result: 'aborted' }]);

    // Another process picks up the aborted run straight away (no lease to wait for).
    const second = new Scheduler({ db: b.db, clock: b.clock, tickMs: 10 }).register(slow);
    second.start();
    await expect.poll(() => seen).toEqual(['started', 'started']);
    release();
    await expect.poll(async () => (await jobRuns())[0].result).toBe('done');
    await second.stop();
    expect(seen).toEqual(['started', 'started', 'finished']);
    // Stopped means stopped: no tick comes after.
    const before = (await jobRuns()).length;
    await sleep(50);
    expect(await jobRuns()).toHaveLength(before);
  });

  it('refuses a job registered twice and skips a job with nothing due', async () => {
    const s = scheduler(a, counting([]));
    expect(() => s.register(counting([]))).toThrow('registered twice');
    const idle = scheduler(a, { name: 'idle', runKey: () => null, run: async () => 'never' });
    expect(await idle.tick()).toEqual([]);
    expect(await jobRuns()).toEqual([]);
  });
});
