#!/usr/bin/env node
// Measures the Word export of a 20-page check-comparison material (对照检查材料): the built server
// listens on 127.0.0.1, a material of about 20 official-layout pages (22 lines × 28 characters)
// is written through the module's own commands, and GET /api/materials/:id/export.docx is timed
// end to end. Target (issue 6): ≤ 1 s. Prints one JSON line on stdout; progress on stderr.
//
//   node scripts/bench/material-docx.mjs [--db sqlite|postgres] [--runs N] [--out FILE] [--no-build]
//
// --out keeps the exported .docx (e.g. to count its pages: soffice --headless --convert-to pdf).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '20' },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (...a) => console.error('[material-docx]', ...a);

if (!args['no-build']) {
  log('building: tsc -b packages/shared apps/server');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/shared', 'apps/server'], { cwd: root, stdio: ['ignore', 2, 2] });
}
const dist = (p) => import(pathToFileURL(path.join(root, 'apps/server/dist/src', p)).href);
const { openDb } = await dist('kernel/db.js');
const { migrateToLatest } = await dist('kernel/migrate.js');
const { loadConfig } = await dist('kernel/config.js');
const { newId } = await dist('kernel/ids.js');
const { buildApp } = await dist('app.js');
const { createSession } = await dist('modules/auth/sessions.js');
const { createCampaign } = await dist('modules/campaigns/commands/manage.js');
const { createMaterial, saveMaterial } = await dist('modules/materials/index.js');
const { MaterialSections } = await import(pathToFileURL(path.join(root, 'packages/shared/dist/index.js')).href);

// ---------------------------------------------------------------------------------------------
// The database: in-memory SQLite, or a schema of its own on PostgreSQL (dropped at the end).

let handle;
let schema = null;
if (args.db === 'postgres') {
  schema = `bench_material_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  handle = openDb({ databaseUrl: PG_ADMIN_URL, pgSchema: schema, pgPoolSize: 5 });
  await migrateToLatest(handle.db, schema);
} else {
  handle = openDb({ sqliteFile: ':memory:' });
  await migrateToLatest(handle.db);
}
const config = { ...loadConfig({ MASSLINE_DEMO: '0', MASSLINE_SCHEDULER: '0' }), loginRateLimit: 0, publicRateLimit: 0 };
const deps = { db: handle.db, dialect: args.db === 'postgres' ? 'postgres' : 'sqlite', clock: { now: () => new Date() }, config };

// One org, an office and a cadre with accounts, a campaign whose phase of today opens materials.
const now = new Date().toISOString();
const orgId = newId();
await deps.db.insertInto('orgs').values({ id: orgId, parent_id: null, path: `/${orgId}/`, name: '示范镇党委', kind: 'committee', sort_order: 0, archived_at: null, created_at: now, updated_at: now }).execute();
async function user(username, name, role) {
  const personId = newId();
  const accountId = newId();
  await deps.db.insertInto('people').values({ id: personId, name, gender: null, phone: null, position: null, party_member: 1, archived_at: null, created_at: now, updated_at: now }).execute();
  await deps.db.insertInto('memberships').values({ person_id: personId, org_id: orgId, created_at: now }).execute();
  await deps.db.insertInto('accounts').values({ id: accountId, person_id: personId, username, password_hash: 'x', must_change_password: 0, failed_logins: 0, locked_until: null, disabled_at: null, last_login_at: null, created_at: now, updated_at: now }).execute();
  await deps.db.insertInto('grants').values({ id: newId(), person_id: personId, role, org_id: orgId, created_at: now, created_by: null }).execute();
  return { accountId, personId, username, name, sessionId: 'bench', mustChangePassword: false, grants: [{ role, orgId, orgPath: `/${orgId}/` }] };
}
const office = await user('office', '李秀英', 'office');
const cadre = await user('cadre', '陈志强', 'cadre');
const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const unwrap = (o) => { if (!o.ok) throw new Error(`refused: ${o.reason}`); return o.value; };
const campaign = unwrap(await createCampaign(deps, office, { orgId, title: '群众路线教育实践活动', template: 'custom', phases: [{ key: 'p', title: '查摆问题、开展批评', startDay: day(-10), endDay: day(30), settings: { materials: true } }] }));

// 20 pages (as LibreOffice lays it out): 28 stated problems, 6 causes and 14 measures of five or six sentences each.
const sentences = [
  '对照党章和廉洁自律准则，我在这方面的问题主要表现为工作作风不够扎实，调查研究浮在面上。',
  '有的会议只传达不部署，有的文件照抄照转，没有结合本单位实际提出落实措施。',
  '深入基层、深入群众不够，到村里多是听汇报、看材料，直接面对面听取群众意见少。',
  '群众反映的问题有的没有及时研究解决，存在推一推、拖一拖的现象，影响了群众对党员干部的信任。',
  '学习满足于读原文、记笔记，联系分管工作思考不够，用理论指导实践的能力还有差距。',
  '艰苦奋斗的精神有所淡化，在公务接待、办公用房等方面要求不够严格，存在攀比心理。',
];
let s = 0;
const para = (n) => Array.from({ length: n }, () => sentences[s++ % sentences.length]).join('');
const items = (prefix, count, n) => Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, text: para(n) }));
const sections = MaterialSections.parse({
  intro: para(3),
  problems: { formalism: items('f', 8, 5), bureaucratism: items('b', 8, 5), hedonism: items('h', 6, 5), extravagance: items('e', 6, 5) },
  causes: items('c', 6, 6).map((c, i) => ({ ...c, heading: ['思想根源', '宗旨意识', '党性修养', '纪律观念', '政绩观', '工作方法'][i] })),
  measures: items('m', 14, 5),
});
const material = unwrap(await createMaterial(deps, cadre, { campaignId: campaign.id }));
unwrap(await saveMaterial(deps, cadre, material.id, { sections }));
const chars = JSON.stringify(sections).replace(/[^\u4e00-\u9fff，。、；：“”（）]/g, '').length;

// ---------------------------------------------------------------------------------------------
// The real server on a loopback port; the cadre's session cookie made directly.

const app = await buildApp(deps);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const cookie = `massline_sid=${await createSession(deps, deps.db, cadre.accountId)}`;
const url = `${address}/api/materials/${material.id}/export.docx`;
async function once() {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  if (res.status !== 200 || body.length < 1000) throw new Error(`export: ${res.status}, ${body.length} bytes`);
  return { ms, body };
}
try {
  const first = await once();
  if (args.out) {
    writeFileSync(args.out, first.body);
    log(`kept ${args.out}`);
  }
  const times = [first.ms];
  const runs = Number(args.runs);
  for (let i = 1; i < runs; i++) times.push((await once()).ms);
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  const result = {
    scenario: 'material_docx', db: args.db, chars, runs, first_ms: round(first.ms), p50_ms: round(sorted[Math.floor(runs / 2)]), max_ms: round(sorted.at(-1)),
    kb: round(first.body.length / 1024), target_ms: 1000,
  };
  log(`${chars} characters, ${result.kb} KB: first ${result.first_ms} ms, median ${result.p50_ms} ms, slowest ${result.max_ms} ms of ${runs}`);
  console.log(JSON.stringify(result));
} finally {
  await app.close();
  await handle.close();
  if (schema) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
