#!/usr/bin/env node
// `npm run bench`: load-tests the real, built server with autocannon and prints one JSON line per
// scenario on stdout (see docs/BENCHMARKS.md). Human progress goes to stderr.
//
//   node scripts/bench/run.mjs [--json] [--db sqlite|postgres] [--scenario NAME]... [--duration S]
//                              [--connections N] [--warmup S] [--no-build] [--profile DIR]
//
// Every server (the one under test and the baselines) runs in its own child process on
// 127.0.0.1, so the load generator never shares its event loop. All children are killed at the
// end, on error and on SIGINT/SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import Sqlite from 'better-sqlite3';
import { ballotAnswers, BALLOT_CADRES } from './seed-forms.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'scripts/bench');

const SCENARIOS = ['startup', 'healthz', 'login', 'people_list', 'submit_response', 'submit_ballot', 'results_view', 'export_xlsx', 'submit_opinion', 'opinion_list', 'disclosure_page', 'campaign_progress', 'progress_board'];
const OPINIONS = 200_000;
/** disclosure_page and campaign_progress: 100 villages of 200 published items each, read at 100 connections. */
const RECT = { orgs: 100, perOrg: 200 };
/** The issue names 100 connections for the public page; the office's roll-up runs at the default. */
const RECT_CONNECTIONS = { disclosure_page: 100 };
/** The opinion_list query: filtered by channel and searched for a Chinese keyword (1 in 24 of the seeded opinions match). */
const OPINION_FILTER = `channel=forum&q=${encodeURIComponent('道路')}&limit=20`;
/** results_view measures the same ballot results with few and with many stored responses. */
const RESULTS_SIZES = [1_000, 1_000_000];
const EXPORT_RESPONSES = 100_000;
const DBS = ['sqlite', 'postgres'];
const PEOPLE = 10_000;
const STARTUP_RUNS = 3;
const LOGIN = { username: 'office', password: 'demo1234' };
/** The login scenario's server believes the bench's X-Forwarded-For, so each sign-in has a sender of its own. */
const LOGIN_ENV = { MASSLINE_TRUST_PROXY: '127.0.0.1' };
const senderAddress = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_BENCH_DB = 'massline_bench';

// ---------------------------------------------------------------------------------------------
// Arguments

const usage = `Usage: npm run bench -- [options]
  --json              only the JSON lines on stdout (no summary table)
  --db NAME           sqlite or postgres (default: both)
  --scenario NAME     ${SCENARIOS.join(', ')} (repeatable; default: all)
  --duration S        seconds per measured run (default 10)
  --connections N     concurrent connections (default 50)
  --warmup S          discarded warm-up before each measured run (default 2)
  --no-build          skip "tsc -b packages/shared apps/server" (results may be of stale code)
  --profile DIR       run the server under test with --cpu-prof, writing .cpuprofile files to DIR
  --many N            the larger stored-response count of results_view (default ${RESULTS_SIZES[1]})`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      db: { type: 'string', multiple: true },
      scenario: { type: 'string', multiple: true },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '2' },
      'no-build': { type: 'boolean', default: false },
      profile: { type: 'string' },
      many: { type: 'string', default: String(RESULTS_SIZES[1]) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.error(usage);
  process.exit(0);
}
const dbs = args.db ?? DBS;
const scenarios = args.scenario ?? SCENARIOS;
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
RESULTS_SIZES[1] = Number(args.many);
for (const d of dbs) if (!DBS.includes(d)) fail(`unknown --db ${d} (expected ${DBS.join(' or ')})`);
for (const s of scenarios) if (!SCENARIOS.includes(s)) fail(`unknown --scenario ${s} (expected one of ${SCENARIOS.join(', ')})`);
if (!(duration > 0 && duration <= 600)) fail('--duration must be between 1 and 600 seconds');
if (!(Number.isInteger(connections) && connections > 0 && connections <= 1000)) fail('--connections must be an integer between 1 and 1000');
if (!(warmup >= 0 && warmup <= 60)) fail('--warmup must be between 0 and 60 seconds');
if (!(Number.isInteger(RESULTS_SIZES[1]) && RESULTS_SIZES[1] >= 1000 && RESULTS_SIZES[1] <= 10_000_000)) fail('--many must be an integer between 1000 and 10000000');

function fail(message) {
  console.error(`bench: ${message}\n\n${usage}`);
  process.exit(2);
}

const log = (...a) => console.error('[bench]', ...a);
const emit = (line) => {
  results.push(line);
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
const results = [];
/** Server CPU per request, by "db/scenario", for the summary table (not part of the JSON lines). */
const cpuNotes = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, digits = 0) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

// ---------------------------------------------------------------------------------------------
// Child processes and clean-up

const children = new Set();
const cleanups = [];
let cleaningUp = null;
let problems = 0;

function startChild(label, argv, env) {
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  child.stdoutLines = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        if (stream === child.stdout) child.stdoutLines.push(line);
        if (line.trim()) console.error(`  [${label}] ${line}`);
      }
    });
  }
  return child;
}

async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!stopped) {
    log(`process ${child.pid} ignored SIGTERM; killing it`);
    child.kill('SIGKILL');
    await child.exited;
  }
}

async function cleanup() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c, 3000)));
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        log(`clean-up: ${e.message}`);
      }
    }
  })();
  return cleaningUp;
}

// Last resort: whatever is still running when this process exits is killed.
process.on('exit', () => {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    log(`${signal}: stopping`);
    await cleanup();
    process.exit(130);
  });
}

// The whole run is bounded: setup, startup runs, and two loads (baseline + server) per scenario.
const loadRuns = scenarios.filter((s) => s !== 'startup').length * 2;
const budgetMs = dbs.length * (180_000 + loadRuns * (duration + warmup + 30) * 1000) + 300_000;
setTimeout(async () => {
  log(`time limit of ${Math.round(budgetMs / 1000)} s exceeded: stopping`);
  await cleanup();
  process.exit(1);
}, budgetMs).unref();

// ---------------------------------------------------------------------------------------------
// Helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Poll until `url` answers 200; returns the time it took from `since`. */
async function waitHealthy(url, child, since, timeoutMs = 30_000) {
  while (Date.now() - since < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return Date.now() - since;
    } catch {
      /* not listening yet */
    }
    await sleep(5);
  }
  throw new Error(`${url} not healthy within ${timeoutMs / 1000} s`);
}

async function waitForLine(child, text, timeoutMs = 30_000) {
  const start = Date.now();
  while (!child.stdoutLines.some((l) => l.includes(text))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before "${text}"`);
    if (Date.now() - start > timeoutMs) throw new Error(`no "${text}" within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
}

/** Peak VmRSS of `pid`, sampled every 100 ms until stop(). */
function rssSampler(pid) {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      /* process gone */
    }
  };
  read();
  const timer = setInterval(read, 100);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

/**
 * Wait until the server has worked off requests that a finished run left in flight: autocannon
 * closes its sockets at the end, but the server still completes what it accepted (a login's
 * scrypt keeps running in the thread pool). One more request queues behind them; its answer
 * means the backlog is gone, so it does not spill into the next measurement.
 */
async function drain(request) {
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
  } catch (e) {
    log(`drain: ${e.message}`);
  }
}

/** CPU time (user + system) of `pid` so far, in ms; /proc counts in USER_HZ = 100 ticks per second. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A discarded warm-up, then the measured run. */
async function measure(label, request, pid, { rss: sampleRss = true, connections: conns = connections } = {}) {
  const opts = { ...request, connections: conns, timeout: 30 };
  if (warmup > 0) {
    log(`${label}: warm-up ${warmup} s`);
    await autocannon({ ...opts, duration: warmup });
    await drain(request);
  }
  log(`${label}: measuring ${duration} s at ${conns} connections`);
  const rss = pid && sampleRss ? rssSampler(pid) : null;
  const cpu0 = cpuMs(pid);
  const r = await autocannon({ ...opts, duration });
  const cpu1 = cpuMs(pid);
  const peakRss = rss ? rss.stop() : null;
  await drain(request);
  const ok = r['2xx'];
  const bad = r.non2xx + r.errors + r.timeouts;
  if (ok === 0 || bad > 0.01 * (ok + bad)) {
    problems++;
    log(`WARNING ${label}: ${ok} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  // Throughput counts successful responses only: a fast error is not a served request.
  const rps = ok / r.duration;
  // Server CPU per request holds better than req/s on a machine shared with other work.
  const cpuPerReq = cpu0 !== null && cpu1 !== null && ok > 0 ? ((cpu1 - cpu0) * 1000) / ok : null;
  log(`${label}: ${round(rps, 1)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, server CPU ${round(cpuPerReq)} µs/request${peakRss ? `, peak RSS ${round(peakRss / 2 ** 20, 1)} MB` : ''}`);
  return { rps, p50: r.latency.p50, p99: r.latency.p99, rss: peakRss, cpuPerReq };
}

// ---------------------------------------------------------------------------------------------
// Databases

function assertLoopback(url) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`refusing a non-loopback database host: ${host}`);
}

async function pgAdmin(statements) {
  assertLoopback(PG_ADMIN_URL);
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

function pgUrlOf(database) {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, empty database; returns the environment of every process that uses it. */
async function prepareDb(db) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `massline-bench-${db}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // No scheduled jobs: a benchmark measures requests, and 200,000 seeded opinions are mostly overdue.
  const env = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', MASSLINE_DEMO: '1', MASSLINE_LOGIN_RATE_LIMIT: '0', MASSLINE_PUBLIC_RATE_LIMIT: '0', MASSLINE_SCHEDULER: '0', LOG_LEVEL: 'warn' };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  if (db === 'postgres') {
    await pgAdmin([`drop database if exists ${PG_BENCH_DB} with (force)`, `create database ${PG_BENCH_DB}`]);
    cleanups.push(() => pgAdmin([`drop database if exists ${PG_BENCH_DB} with (force)`]));
    env.DATABASE_URL = pgUrlOf(PG_BENCH_DB);
  }
  return { env, dataDir };
}

/**
 * What the ballot box committed so far: its batches and the submissions in them, read from the
 * one audit entry each batch writes (counts only). k, the crowd a submission hides in, is their ratio.
 */
async function ballotBatches(env) {
  const query = "select summary from audit_log where action = 'ballot_box.batch'";
  let rows;
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      rows = (await client.query(query)).rows;
    } finally {
      await client.end();
    }
  } else {
    // Not read-only: a read-only handle may not open the server's WAL index and would miss its recent commits.
    const file = new Sqlite(path.join(env.DATA_DIR, 'massline.db'), { fileMustExist: true });
    try {
      rows = file.prepare(query).all();
    } finally {
      file.close();
    }
  }
  const submissions = rows.reduce((n, r) => n + Number(/共 (\d+) 份/.exec(r.summary)?.[1] ?? 0), 0);
  return { batches: rows.length, submissions };
}

async function runCli(label, argv, env) {
  const child = startChild(label, ['bin/massline.js', ...argv], env);
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`massline ${argv.join(' ')} failed (${code ?? signal})`);
}

// ---------------------------------------------------------------------------------------------
// Scenarios

function startBaseline(mode, db, env, port) {
  const benv = { ...env, PORT: String(port), BENCH_MODE: mode, BENCH_DB: db };
  if (mode === 'insert' && db === 'sqlite') benv.BENCH_SQLITE_FILE = path.join(env.DATA_DIR, 'baseline-insert.db');
  if (mode === 'insert' && db === 'postgres') benv.BENCH_PG_URL = env.DATABASE_URL;
  return startChild(`${mode} baseline`, [path.join(here, 'baseline.mjs')], benv);
}

async function baselineRps(mode, db, env, request) {
  const port = await freePort();
  const child = startBaseline(mode, db, env, port);
  try {
    await waitForLine(child, 'ready');
    const url = `http://127.0.0.1:${port}${mode === 'hello' ? '/hello' : '/insert'}`;
    const check = await fetch(url, { method: request.method, headers: request.headers, body: request.body });
    if (check.status !== 200) throw new Error(`${mode} baseline answered ${check.status}`);
    await check.arrayBuffer();
    const { rps } = await measure(`${db} ${mode} baseline`, { ...request, url }, child.pid, { rss: false });
    return rps;
  } finally {
    await stopChild(child);
  }
}

function requestOf(name, base, cookie) {
  switch (name) {
    case 'healthz':
      return { kind: 'read', url: `${base}/healthz`, method: 'GET' };
    case 'login': {
      // Staff signing in from many places: each request comes from its own address (the server
      // believes X-Forwarded-For from the bench, see LOGIN_ENV). Failures are counted per username
      // and sender, so one sender sending 50 at once would mostly be refused unchecked.
      let n = 0;
      const headers = { 'content-type': 'application/json', origin: base };
      const body = JSON.stringify(LOGIN);
      return {
        kind: 'write',
        url: `${base}/api/auth/login`,
        method: 'POST',
        headers,
        body,
        requests: [{ method: 'POST', headers, body, setupRequest: (r) => ({ ...r, headers: { ...headers, 'x-forwarded-for': senderAddress(n++) } }) }],
      };
    }
    case 'people_list':
      return { kind: 'read', url: `${base}/api/people?limit=50`, method: 'GET', headers: { cookie } };
    case 'submit_response': {
      // Every submission carries its own idempotency key, as every phone's would.
      let n = 0;
      const headers = { 'content-type': 'application/json', origin: base };
      const bodyWith = (key) => JSON.stringify({ answers: SURVEY_ANSWERS, idempotencyKey: key });
      return {
        kind: 'write',
        url: `${base}/api/public/forms/${surveyId}/responses`,
        method: 'POST',
        headers,
        body: bodyWith(`bench-check-${Date.now()}-0000`),
        requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: bodyWith(`bench-${process.pid}-${Date.now()}-${n++}`) }) }],
      };
    }
    case 'submit_opinion': {
      // Anonymous, no attachment: each request a new idempotency key, so each gets its receipt.
      let n = 0;
      const headers = { 'content-type': 'application/json', origin: base };
      const bodyWith = (i) => JSON.stringify({ orgId: opinionOrgId, category: 'livelihood', content: `村里道路坑洼无人管，希望尽快修好（${i}）`, idempotencyKey: `opinion-${process.pid}-${Date.now()}-${i}` });
      return {
        kind: 'write',
        url: `${base}/api/public/opinions`,
        method: 'POST',
        headers,
        body: bodyWith(n++),
        requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: bodyWith(n++) }) }],
      };
    }
    case 'submit_ballot': {
      // Each ballot uses the next unused code, as each voter's slip would.
      let n = 0;
      const headers = { 'content-type': 'application/json', origin: base };
      const bodyWith = (i) => JSON.stringify({ answers: ballotAnswers(i), code: ballot.codes[i % ballot.codes.length], idempotencyKey: `ballot-${process.pid}-${ballot.formId.slice(-8)}-${i}` });
      return {
        kind: 'write',
        url: `${base}/api/public/forms/${ballot.formId}/responses`,
        method: 'POST',
        headers,
        body: bodyWith(n++),
        requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: bodyWith(n++) }) }],
      };
    }
    default:
      throw new Error(`no such scenario ${name}`);
  }
}

/** One request first, so a broken route fails loudly instead of being measured. */
async function checkScenario(name, req) {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`${name}: ${req.method} ${req.url} answered ${res.status}: ${text.slice(0, 300)}`);
  if (name === 'people_list') {
    const items = JSON.parse(text).items;
    if (!Array.isArray(items) || items.length !== 50) throw new Error(`people_list: expected 50 items, got ${items?.length}`);
  }
}

let ballot = null;
let opinionOrgId = null;
// Loaded after the build, like seed.mjs: they import the server's dist.
let seedBallot;
let seedResponses;
let seedOpinions;
let seedRectification;
let seedProgrammeBoard;
/** progress_board: 100 villages × 15 required tasks, every kind of rule, read by the office. */
const BOARD = { orgs: 100 };
let boardCampaignId = null;
const ballotTemplate = () => ({ kind: 'evaluation', title: '结果基准测评票', definition: 'ballot' });

// A 20-question open survey (the resident survey's kinds of questions), answered in full.
let surveyId = null;
const yesNo = [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }];
const winds = ['formalism', 'bureaucratism', 'hedonism', 'extravagance'].map((value) => ({ value, label: value }));
const SURVEY = {
  sections: [{
    key: 's',
    questions: Array.from({ length: 20 }, (_, i) => {
      const key = `q${i + 1}`;
      if (i % 4 === 0) return { key, type: 'single', label: `问题 ${i + 1}`, required: true, options: yesNo };
      if (i % 4 === 1) return { key, type: 'multiple', label: `问题 ${i + 1}`, options: winds, maxPicks: 2 };
      if (i % 4 === 2) return { key, type: 'rating', label: `问题 ${i + 1}`, min: 1, max: 5, required: true };
      return { key, type: 'text', label: `问题 ${i + 1}` };
    }),
  }],
};
const SURVEY_ANSWERS = Object.fromEntries(SURVEY.sections[0].questions.map((q, i) => [q.key,
  q.type === 'single' ? 'yes' : q.type === 'multiple' ? ['formalism', 'hedonism'] : q.type === 'rating' ? 4 : `村里道路坑洼无人管，希望尽快修好（${i}）`]));

async function createSurvey(base, cookie) {
  const headers = { 'content-type': 'application/json', origin: base, cookie };
  const orgs = await (await fetch(`${base}/api/orgs`, { headers: { cookie } })).json();
  const root = orgs.items.find((o) => o.parentId === null);
  const res = await fetch(`${base}/api/forms`, {
    method: 'POST', headers,
    body: JSON.stringify({ orgId: root.id, kind: 'resident_survey', title: '基准测试问卷', anonymous: true, distribution: 'open', definition: SURVEY }),
  });
  if (res.status !== 201) throw new Error(`creating the survey failed: ${res.status} ${await res.text()}`);
  const { id } = await res.json();
  const open = await fetch(`${base}/api/forms/${id}/open`, { method: 'POST', headers, body: '{}' });
  if (open.status !== 200) throw new Error(`opening the survey failed: ${open.status} ${await open.text()}`);
  return id;
}

async function login(base) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(LOGIN),
  });
  if (res.status !== 200) throw new Error(`login as ${LOGIN.username} failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  const sid = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('massline_sid='));
  if (!sid) throw new Error('login set no massline_sid cookie');
  return sid;
}

async function startServer(env, port, extraNodeArgs = []) {
  const since = Date.now();
  const child = startChild('server', [...extraNodeArgs, 'bin/massline.js', 'serve'], { ...env, PORT: String(port) });
  const ms = await waitHealthy(`http://127.0.0.1:${port}/healthz`, child, since);
  return { child, ms };
}

async function benchDb(db, seedPeople) {
  log(`=== ${db} ===`);
  const { env } = await prepareDb(db);
  log(`${db}: migrating and loading the demo township`);
  await runCli('demo', ['demo'], env);
  const seeded = await seedPeople(root, env, PEOPLE);
  log(`${db}: ${seeded.before} demo people + ${seeded.added} seeded over ${seeded.orgs} orgs = ${seeded.total}`);

  // Start to healthy, on the existing (migrated, seeded) database.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  if (scenarios.includes('startup')) {
    const startups = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const server = await startServer(env, port);
      startups.push(server.ms);
      await stopChild(server.child);
    }
    const sorted = [...startups].sort((a, b) => a - b);
    log(`${db}: start to healthy ${startups.join(', ')} ms (median of ${STARTUP_RUNS})`);
    emit({ scenario: 'startup', db, ms: sorted[Math.floor(sorted.length / 2)] });
  }

  // Each load scenario gets a fresh server process, so its peak RSS is its own (a login's scrypt
  // buffers, or a heap grown by an earlier scenario, would otherwise carry over).
  let cookie = null;
  surveyId = null;
  let resultForms = null;
  let exportFormId = null;
  let opinionsSeeded = false;
  let rectOrgId = null;

  /** The filtered, keyword-searched list over the seeded opinions: page 1 and page 200 (keyset), two lines. */
  async function benchOpinionList(db, base, cookie, pid) {
    let cursor = null;
    for (let page = 1; page < 200; page++) {
      const body = await (await fetch(`${base}/api/opinions?${OPINION_FILTER}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } })).json();
      if (!body.nextCursor) throw new Error(`opinion_list: only ${page} pages match ${OPINION_FILTER}`);
      cursor = body.nextCursor;
    }
    for (const [page, url] of [[1, `${base}/api/opinions?${OPINION_FILTER}`], [200, `${base}/api/opinions?${OPINION_FILTER}&cursor=${cursor}`]]) {
      const req = { url, method: 'GET', headers: { cookie } };
      const check = await (await fetch(url, { headers: { cookie } })).json();
      if (check.items?.length !== 20) throw new Error(`opinion_list page ${page}: ${check.items?.length} items`);
      const baseline_rps = await baselineRps('hello', db, env, { method: 'GET' });
      const m = await measure(`${db} opinion_list (page ${page})`, req, pid);
      cpuNotes.set(`${db}/opinion_list/${page}`, m.cpuPerReq);
      emit({ scenario: 'opinion_list', db, page, opinions: OPINIONS, rps: round(m.rps, 0), p50_ms: round(m.p50, 2), p99_ms: round(m.p99, 2), baseline: 'hello', baseline_rps: round(baseline_rps, 0), ratio: round(m.rps / baseline_rps, 4), rss_mb: round(m.rss / 2 ** 20, 1) });
    }
  }

  /**
   * disclosure_page: an org's public list of 200 items, as a resident's phone asks for it (no
   * session, gzip accepted) at 100 connections; campaign_progress: the office's roll-up over every
   * village. The list's JSON is also weighed gzipped.
   */
  async function benchRectification(name, db, base, cookie, pid) {
    const publicList = name === 'disclosure_page';
    const url = publicList ? `${base}/api/public/rectification/orgs/${rectOrgId}` : `${base}/api/rectifications/progress`;
    const headers = publicList ? { 'accept-encoding': 'gzip' } : { cookie };
    const check = await fetch(url, { headers: publicList ? {} : { cookie } });
    const text = await check.text();
    const body = JSON.parse(text);
    if (check.status !== 200) throw new Error(`${name}: ${check.status} ${text.slice(0, 200)}`);
    if (publicList && body.items?.length !== RECT.perOrg) throw new Error(`${name}: ${body.items?.length} items`);
    if (!publicList && body.orgs?.length < RECT.orgs) throw new Error(`${name}: ${body.orgs?.length} orgs`);
    const gzip_kb = round(gzipSync(text).length / 1024, 1);
    const baseline_rps = await baselineRps('hello', db, env, { method: 'GET' });
    const conns = RECT_CONNECTIONS[name] ?? connections;
    const m = await measure(`${db} ${name}`, { url, method: 'GET', headers }, pid, { connections: conns });
    cpuNotes.set(`${db}/${name}`, m.cpuPerReq);
    emit({ scenario: name, db, connections: conns, ...(publicList ? { items: RECT.perOrg, json_gzip_kb: gzip_kb } : { orgs: body.orgs.length, items: RECT.orgs * RECT.perOrg }), rps: round(m.rps, 0), p50_ms: round(m.p50, 2), p99_ms: round(m.p99, 2), baseline: 'hello', baseline_rps: round(baseline_rps, 0), ratio: round(m.rps / baseline_rps, 4), rss_mb: round(m.rss / 2 ** 20, 1) });
  }

  /**
   * progress_board: the office's board of every village × 15 tasks. The first read computes it
   * (cold_ms); the rest are served from the cache the change counters keep, which is what the
   * office sees until something is recorded.
   */
  async function benchBoard(db, base, cookie, pid) {
    const url = `${base}/api/campaigns/${boardCampaignId}/board`;
    const started = performance.now();
    const check = await fetch(url, { headers: { cookie } });
    const text = await check.text();
    const cold_ms = performance.now() - started;
    const body = JSON.parse(text);
    const json_kb = round(text.length / 1024, 1);
    const gzip_kb = round(gzipSync(text).length / 1024, 1);
    if (check.status !== 200 || body.tasks?.length !== 15 || body.rows?.length < BOARD.orgs) throw new Error(`progress_board: ${check.status}, ${body.tasks?.length} tasks, ${body.rows?.length} rows`);
    const cells = body.rows.reduce((n, r) => n + r.cells.filter(Boolean).length, 0);
    const baseline_rps = await baselineRps('hello', db, env, { method: 'GET' });
    // As a browser asks for it: gzip accepted.
    const m = await measure(`${db} progress_board`, { url, method: 'GET', headers: { cookie, 'accept-encoding': 'gzip' } }, pid);
    cpuNotes.set(`${db}/progress_board`, m.cpuPerReq);
    emit({ scenario: 'progress_board', db, orgs: body.rows.length, tasks: body.tasks.length, cells, cold_ms: round(cold_ms, 1), json_kb, json_gzip_kb: gzip_kb, rps: round(m.rps, 0), p50_ms: round(m.p50, 2), p99_ms: round(m.p99, 2), baseline: 'hello', baseline_rps: round(baseline_rps, 0), ratio: round(m.rps / baseline_rps, 4), rss_mb: round(m.rss / 2 ** 20, 1) });
  }

  /** The same ballot's results, read with few and with many stored responses: two lines. */
  async function benchResults(db, base, cookie, pid) {
    for (const form of resultForms) {
      const req = { url: `${base}/api/forms/${form.id}/results`, method: 'GET', headers: { cookie } };
      const check = await fetch(req.url, { headers: req.headers });
      const body = await check.json();
      if (check.status !== 200 || body.responseCount !== form.responses) throw new Error(`results_view: ${check.status}, ${body.responseCount} responses (expected ${form.responses})`);
      const baseline_rps = await baselineRps('hello', db, env, { method: 'GET' });
      const m = await measure(`${db} results_view (${form.responses} responses)`, req, pid);
      cpuNotes.set(`${db}/results_view/${form.responses}`, m.cpuPerReq);
      emit({ scenario: 'results_view', db, responses: form.responses, rps: round(m.rps, 0), p50_ms: round(m.p50, 2), p99_ms: round(m.p99, 2), baseline: 'hello', baseline_rps: round(baseline_rps, 0), ratio: round(m.rps / baseline_rps, 4), rss_mb: round(m.rss / 2 ** 20, 1) });
    }
  }

  /** One streaming export of every stored response, as .xlsx and as CSV: wall time and the server's peak RSS. */
  async function benchExport(db, base, cookie, pid) {
    for (const format of ['csv', 'xlsx']) {
      const rss = rssSampler(pid);
      const t0 = performance.now();
      const res = await fetch(`${base}/api/forms/${exportFormId}/responses.${format}`, { headers: { cookie } });
      let bytes = 0;
      for await (const chunk of res.body) bytes += chunk.length;
      const ms = performance.now() - t0;
      const peak = rss.stop();
      if (res.status !== 200 || bytes < 1000) throw new Error(`export_${format}: ${res.status}, ${bytes} bytes`);
      log(`${db} export_${format}: ${EXPORT_RESPONSES} responses, ${round(bytes / 2 ** 20, 1)} MB in ${round(ms)} ms, peak RSS ${round(peak / 2 ** 20, 1)} MB`);
      emit({ scenario: `export_${format}`, db, responses: EXPORT_RESPONSES, ms: round(ms), mb: round(bytes / 2 ** 20, 1), rss_mb: round(peak / 2 ** 20, 1) });
    }
  }
  for (const name of scenarios) {
    if (name === 'startup') continue;
    const profileArgs = args.profile
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.profile), '--cpu-prof-name', `server-${db}-${name}-${Date.now()}.cpuprofile`]
      : [];
    // Forms for these scenarios are written straight into the database before the server starts.
    if (name === 'submit_ballot') {
      const count = Math.ceil((duration + warmup) * 20_000) + 1000;
      log(`${db}: seeding a ballot with ${count} one-time codes`);
      ballot = await seedBallot(root, env, count);
    }
    if (name === 'results_view' && !resultForms) {
      resultForms = [];
      for (const responses of RESULTS_SIZES) {
        log(`${db}: seeding a ballot with ${responses} stored responses`);
        const template = ballotTemplate();
        resultForms.push({ responses, id: await seedResponses(root, env, { ...template, responses, answersOf: ballotAnswers }) });
      }
    }
    if (name === 'opinion_list' && !opinionsSeeded) {
      log(`${db}: seeding ${OPINIONS} opinions`);
      await seedOpinions(root, env, OPINIONS);
      opinionsSeeded = true;
    }
    if ((name === 'disclosure_page' || name === 'campaign_progress') && !rectOrgId) {
      log(`${db}: seeding ${RECT.orgs} villages with ${RECT.perOrg} rectification items each`);
      rectOrgId = await seedRectification(root, env, RECT);
    }
    if (name === 'progress_board' && !boardCampaignId) {
      log(`${db}: seeding ${BOARD.orgs} villages under a campaign of 15 required tasks`);
      boardCampaignId = await seedProgrammeBoard(root, env, BOARD);
    }
    if (name === 'export_xlsx') {
      log(`${db}: seeding the 20-question survey with ${EXPORT_RESPONSES} stored responses`);
      exportFormId ??= await seedResponses(root, env, { kind: 'resident_survey', title: '导出基准问卷', definition: SURVEY, responses: EXPORT_RESPONSES, answersOf: () => SURVEY_ANSWERS });
    }
    const server = await startServer(name === 'login' ? { ...env, ...LOGIN_ENV } : env, port, profileArgs);
    try {
      // A fresh session per scenario: seeding may take longer than a session may stay idle (30 minutes).
      if (name !== 'healthz' && name !== 'login') cookie = await login(base);
      if (name === 'submit_response') surveyId ??= await createSurvey(base, cookie);
      if (name === 'results_view') {
        await benchResults(db, base, cookie, server.child.pid);
        continue;
      }
      if (name === 'opinion_list') {
        await benchOpinionList(db, base, cookie, server.child.pid);
        continue;
      }
      if (name === 'disclosure_page' || name === 'campaign_progress') {
        await benchRectification(name, db, base, cookie, server.child.pid);
        continue;
      }
      if (name === 'progress_board') {
        await benchBoard(db, base, cookie, server.child.pid);
        continue;
      }
      if (name === 'submit_opinion') opinionOrgId ??= (await (await fetch(`${base}/api/orgs`, { headers: { cookie } })).json()).items.find((o) => o.parentId === null).id;
      if (name === 'export_xlsx') {
        await benchExport(db, base, cookie, server.child.pid);
        continue;
      }
      const req = requestOf(name, base, cookie);
      await checkScenario(name, req);
      const baseline = req.kind === 'read' ? 'hello' : 'insert';
      const baseline_rps = await baselineRps(baseline, db, env, { method: req.method, headers: req.headers, body: req.body });
      const boxed = name.startsWith('submit_');
      const before = boxed ? await ballotBatches(env) : null;
      // With its setupRequest: each submission a new idempotency key (a repeated key is a duplicate, answered without a write).
      const m = await measure(`${db} ${name}`, { url: req.url, method: req.method, headers: req.headers, body: req.body, ...(req.requests ? { requests: req.requests } : {}) }, server.child.pid);
      const after = boxed ? await ballotBatches(env) : null;
      // k: submissions per ballot-box batch over the warm-up and the measured run.
      const k = boxed ? round((after.submissions - before.submissions) / Math.max(1, after.batches - before.batches), 1) : undefined;
      cpuNotes.set(`${db}/${name}`, m.cpuPerReq);
      emit({
        scenario: name,
        db,
        rps: round(m.rps, m.rps < 100 ? 1 : 0),
        p50_ms: round(m.p50, 2),
        p99_ms: round(m.p99, 2),
        baseline,
        baseline_rps: round(baseline_rps, 0),
        ratio: round(m.rps / baseline_rps, 4),
        rss_mb: round(m.rss / 2 ** 20, 1),
        ...(k === undefined ? {} : { ballot_k: k, ballot_batch_size: Number(env.MASSLINE_BALLOT_BATCH ?? 50), ballot_window_ms: Number(env.MASSLINE_BALLOT_WINDOW_MS ?? 8000) }),
      });
    } finally {
      await stopChild(server.child, 15_000);
    }
  }
  if (args.profile) log(`${db}: CPU profiles written to ${path.resolve(args.profile)}`);
}

function printTable() {
  const rows = results.map((r) => {
    const scenario = r.page ? `${r.scenario} (page ${r.page})` : r.responses ? `${r.scenario} (${r.responses})` : r.scenario;
    if (r.scenario === 'startup') return [r.db, scenario, '', '', '', '', '', '', '', '', `${r.ms} ms`];
    if (r.scenario.startsWith('export_')) return [r.db, scenario, '', '', '', '', '', '', r.rss_mb, '', `${r.ms} ms`];
    const cpu = cpuNotes.get(r.scenario === 'results_view' ? `${r.db}/results_view/${r.responses}` : r.scenario === 'opinion_list' ? `${r.db}/opinion_list/${r.page}` : `${r.db}/${r.scenario}`);
    return [r.db, scenario, r.rps, r.p50_ms, r.p99_ms, r.baseline, r.baseline_rps, r.ratio, r.rss_mb, round(cpu) ?? '', ''];
  });
  const head = ['db', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'baseline', 'baseline req/s', 'ratio', 'RSS MB', 'CPU µs/req', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`${os.cpus().length} CPUs, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (!args['no-build']) {
    log('building: tsc -b packages/shared apps/server');
    try {
      execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/shared', 'apps/server'], { cwd: root, stdio: ['ignore', 2, 2] });
    } catch {
      throw new Error('the build failed: fix it (or pass --no-build to measure the existing dist)');
    }
  }
  if (args.profile) mkdirSync(path.resolve(args.profile), { recursive: true });
  const { seedPeople } = await import('./seed.mjs');
  ({ seedBallot, seedResponses, seedOpinions, seedRectification, seedProgrammeBoard } = await import('./seed-forms.mjs'));
  for (const db of dbs) await benchDb(db, seedPeople);
  if (!args.json) printTable();
}

try {
  await main();
  await cleanup();
  if (problems > 0) {
    log(`${problems} measured run(s) had errors or non-2xx responses: see the warnings above`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`bench: ${e instanceof Error ? e.stack : e}`);
  await cleanup();
  process.exit(1);
}
