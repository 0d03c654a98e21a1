// Seeds forms for the form benchmarks with the server's own code (built dist): an open ballot with
// one-time codes, and forms with many stored responses and their tallies, written directly (a
// million responses through HTTP would take longer than the benchmark itself).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const GRADES = ['satisfied', 'basically', 'dissatisfied', 'unknown'];

/** The standard ballot: the team and 9 cadres, so 10 targets per ballot. */
export const BALLOT_CADRES = ['王德明', '李秀英', '张建国', '刘桂兰', '陈志强', '杨丽华', '赵国平', '吴春梅', '周海涛'];

/** A full ballot: every target graded (deterministically from n), plus a suggestion now and then. */
export function ballotAnswers(n) {
  const ratings = { team: GRADES[n % 4] };
  BALLOT_CADRES.forEach((_, i) => { ratings[`c${i + 1}`] = GRADES[(n + i) % 4]; });
  return n % 5 === 0 ? { ratings, advice: `希望多下村听取意见（${n}）` } : { ratings };
}

async function open(root, env) {
  const dist = (p) => pathToFileURL(path.join(root, 'apps/server/dist/src', p)).href;
  const { openDeps } = await import(dist('bootstrap.js'));
  const { loadConfig } = await import(dist('kernel/config.js'));
  const { newId } = await import(dist('kernel/ids.js'));
  const codes = await import(dist('modules/forms/codes.js'));
  const { tallyKeys } = await import(dist('modules/forms/tallies.js'));
  const { indexTerms } = await import(dist('kernel/search-terms.js'));
  const shared = await import('@massline/shared');
  return { deps: await openDeps(loadConfig(env)), newId, codes, tallyKeys, indexTerms, shared };
}

async function insertForm(ctx, { kind, title, distribution, definition }) {
  const { db } = ctx.deps;
  const root = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('path').executeTakeFirstOrThrow();
  const id = ctx.newId();
  const now = new Date().toISOString();
  await db.insertInto('forms').values({
    id, org_id: root.id, kind, title, description: '', anonymous: 1, distribution, status: 'open', collect_location: 0,
    definition: JSON.stringify(definition), response_count: 0, created_by: null, created_at: now, updated_at: now,
  }).execute();
  return { id, orgId: root.id };
}

/** An open evaluation ballot (10 targets) and `count` unused one-time codes for it. */
export async function seedBallot(root, env, count) {
  const ctx = await open(root, env);
  try {
    const template = ctx.shared.evaluationBallot('示范镇', BALLOT_CADRES);
    const { id, orgId } = await insertForm(ctx, { ...template, title: '基准测试测评票', distribution: 'codes' });
    const plain = new Set();
    while (plain.size < count) plain.add(ctx.codes.generateCode());
    const list = [...plain];
    await ctx.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < list.length; i += 1000) {
        await trx.insertInto('form_codes').values(list.slice(i, i + 1000).map((c) => ({ code_hash: ctx.codes.hashCode(id, c), form_id: id, org_id: orgId, used: 0 }))).execute();
      }
    });
    return { formId: id, codes: list };
  } finally {
    await ctx.deps.handle.close();
  }
}

/**
 * A form with `responses` stored responses and the tallies they make, as if every one had been
 * submitted: random ids, one day, counts in form_tallies and forms.response_count.
 */
export async function seedResponses(root, env, { kind, title, definition, responses, answersOf }) {
  const ctx = await open(root, env);
  try {
    // 'ballot': the standard evaluation ballot of the team and BALLOT_CADRES.
    const def = definition === 'ballot' ? ctx.shared.evaluationBallot('示范镇', BALLOT_CADRES).definition : ctx.shared.FormDefinition.parse(definition);
    const { id } = await insertForm(ctx, { kind, title, distribution: 'open', definition: def });
    const tallies = new Map();
    const day = new Date().toISOString().slice(0, 10);
    const batch = 1000;
    for (let start = 0; start < responses; start += batch * 50) {
      // Transactions of 50,000 rows: large enough to be fast, small enough for PostgreSQL's WAL.
      await ctx.deps.db.transaction().execute(async (trx) => {
        for (let b = start; b < Math.min(responses, start + batch * 50); b += batch) {
          const rows = [];
          for (let n = b; n < Math.min(responses, b + batch); n++) {
            const answers = answersOf(n);
            for (const k of ctx.tallyKeys(def, answers)) {
              const key = `${k.question}\u0000${k.item}\u0000${k.value}`;
              tallies.set(key, (tallies.get(key) ?? 0) + 1);
            }
            rows.push({ id: randomUUID(), form_id: id, day, answers: JSON.stringify(answers), org_id: null, subject_id: null, respondent_id: null });
          }
          await trx.insertInto('responses').values(rows).execute();
        }
      });
    }
    const tallyRows = [...tallies].map(([key, count]) => {
      const [question, item, value] = key.split('\u0000');
      return { form_id: id, scope: '', question, item, value, count };
    });
    await ctx.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < tallyRows.length; i += 500) await trx.insertInto('form_tallies').values(tallyRows.slice(i, i + 500)).execute();
      await trx.updateTable('forms').set({ response_count: responses }).where('id', '=', id).execute();
    });
    if (ctx.deps.dialect === 'postgres') {
      const { sql } = await import('kysely');
      await sql`vacuum analyze`.execute(ctx.deps.db);
    }
    return id;
  } finally {
    await ctx.deps.handle.close();
  }
}

const PHRASES = ['村里道路坑洼无人管', '办事要跑好几趟', '会议太多干部下村少', '低保评定要公开透明', '垃圾清运不及时', '便民服务大厅中午没人', '希望公开村务账目', '自来水经常停'];
const CATEGORIES = ['formalism', 'bureaucratism', 'hedonism', 'extravagance', 'service', 'livelihood', 'other'];
const CHANNELS = ['forum', 'visit', 'mailbox', 'phone', 'meeting', 'online'];

/** `count` opinions spread over the demo's orgs and the last 180 days, with their counters. */
export async function seedOpinions(root, env, count) {
  const ctx = await open(root, env);
  try {
    const { db } = ctx.deps;
    const orgs = await db.selectFrom('orgs').select(['id']).orderBy('path').execute();
    const today = Date.now();
    const counts = new Map();
    const bump = (org, metric) => counts.set(`${org}\u0000${metric}`, (counts.get(`${org}\u0000${metric}`) ?? 0) + 1);
    for (let start = 0; start < count; start += 50_000) {
      await db.transaction().execute(async (trx) => {
        for (let b = start; b < Math.min(count, start + 50_000); b += 1000) {
          const rows = [];
          const terms = [];
          for (let n = b; n < Math.min(count, b + 1000); n++) {
            const org = orgs[n % orgs.length].id;
            const day = new Date(today - (n % 180) * 86_400_000).toISOString().slice(0, 10);
            const content = `${PHRASES[n % PHRASES.length]}（第${n}条）`;
            const channel = CHANNELS[n % CHANNELS.length];
            const category = CATEGORIES[(n >> 3) % CATEGORIES.length];
            rows.push({
              id: randomUUID(), org_id: org, person_id: null, channel, category, content, place: '', day, named: 0, sender_name: null, sender_phone: null, sender_village: null,
              status: n % 3 ? 'received' : 'answered', handling: null, assignee_org_id: null, assignee_person_id: null,
              due_day: new Date(today - (n % 180) * 86_400_000 + 7 * 86_400_000).toISOString().slice(0, 10), answered_day: null, merged_into: null, published: 0,
              receipt_hash: null, recorded_by: null, meeting_id: null, search: content.toLowerCase(), updated_at: `${day}T00:00:00.000Z`,
            });
            for (const term of ctx.indexTerms(content)) terms.push({ term, day, opinion_id: rows[rows.length - 1].id });
            bump(org, 'opinions');
            bump(org, `opinions.channel.${channel}`);
            bump(org, `opinions.category.${category}`);
          }
          await trx.insertInto('opinions').values(rows).execute();
          for (let i = 0; i < terms.length; i += 1000) await trx.insertInto('opinion_terms').values(terms.slice(i, i + 1000)).execute();
        }
      });
    }
    const rows = [...counts].map(([key, n]) => ({ org_id: key.split('\u0000')[0], metric: key.split('\u0000')[1], count: n }));
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        await trx.insertInto('org_counts').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['org_id', 'metric']).doUpdateSet((eb) => ({ count: eb('org_counts.count', '+', eb.ref('excluded.count')) }))).execute();
      }
    });
    if (ctx.deps.dialect === 'postgres') {
      const { sql } = await import('kysely');
      await sql`vacuum analyze`.execute(db);
    }
  } finally {
    await ctx.deps.handle.close();
  }
}

const ITEM_STATUSES = ['planned', 'in_progress', 'in_progress', 'done', 'verified'];

/**
 * `orgs` villages under the demo township, each with `perOrg` published rectification items
 * (statuses, progress and deadlines spread, a fifth of them overdue), and the counters the
 * roll-up reads. Returns the first village's id (its list is the disclosure page measured).
 */
export async function seedRectification(root, env, { orgs: orgCount, perOrg }) {
  const ctx = await open(root, env);
  try {
    const { db } = ctx.deps;
    const top = await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const orgIds = [];
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < orgCount; k++) {
        const id = ctx.newId();
        orgIds.push(id);
        await trx.insertInto('orgs').values({ id, parent_id: top.id, path: `${top.path}${id}/`, name: `基准村${String(k + 1).padStart(3, '0')}党支部`, kind: 'village', sort_order: 1000 + k, archived_at: null, created_at: now, updated_at: now }).execute();
        const items = [];
        const counts = new Map();
        const bump = (metric, n) => counts.set(metric, (counts.get(metric) ?? 0) + n);
        for (let i = 0; i < perOrg; i++) {
          const status = ITEM_STATUSES[(i + k) % ITEM_STATUSES.length];
          const progress = status === 'done' || status === 'verified' ? 100 : status === 'planned' ? 0 : (i * 7) % 100;
          const weight = 1 + (i % 3);
          items.push({
            id: ctx.newId(), title: `整改事项 ${k + 1}-${i + 1}：修缮村道第 ${i + 1} 段`, measures: '筹集资金、组织施工、村民代表验收，每周在村务公开栏公布进展。', commitment: `第 ${i + 1} 段村道按期修好`,
            owner_org_id: id, owner_person_id: null, deadline: day(i % 5 === 0 ? -((i % 30) + 1) : (i % 90) + 1), status, on_the_spot: 0, progress, weight,
            done_day: progress === 100 ? day(-1) : null, verified_day: status === 'verified' ? day(-1) : null, verified_by: null, round: progress === 100 ? 1 : 0,
            published: 1, created_by: null, created_at: now, updated_at: now,
          });
          bump('rect.items', 1);
          bump('rect.weight', weight);
          bump('rect.progress', weight * progress);
          bump(`rect.status.${status}`, 1);
        }
        for (let i = 0; i < items.length; i += 100) await trx.insertInto('rectifications').values(items.slice(i, i + 100)).execute();
        await trx.insertInto('org_counts').values([...counts].map(([metric, count]) => ({ org_id: id, metric, count }))).execute();
      }
    });
    if (ctx.deps.dialect === 'postgres') {
      const { sql } = await import('kysely');
      await sql`vacuum analyze`.execute(db);
    }
    return orgIds[0];
  } finally {
    await ctx.deps.handle.close();
  }
}

/**
 * progress_board: `orgs` villages of 20 members each under the top org, a campaign over them with
 * 15 required tasks of every kind, and the data the board reads: meetings of each kind (some
 * held), a study session with attendance, survey responses, materials, plans, rules, evidence.
 * Returns the campaign's id.
 */
export async function seedProgrammeBoard(root, env, { orgs: orgCount }) {
  const ctx = await open(root, env);
  try {
    const { db } = ctx.deps;
    const top = await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const campaignId = ctx.newId();
    const phaseIds = [ctx.newId(), ctx.newId(), ctx.newId()];
    const phaseDays = [[day(-60), day(-31)], [day(-30), day(29)], [day(30), day(119)]];
    const closed = { rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false };
    const formId = ctx.newId();
    const rule = (r) => JSON.stringify(r);
    const tasks = [
      [0, { kind: 'meeting', meetingKinds: ['mobilisation'], minCount: 1 }], [0, { kind: 'study_hours', minHours: 8 }],
      [0, { kind: 'meeting', meetingKinds: ['forum_individual', 'forum_group'], minCount: 2 }], [0, { kind: 'form', formId, minResponses: 30 }],
      [0, { kind: 'form', formKind: 'evaluation', minResponses: 10 }], [0, { kind: 'meeting', meetingKinds: ['study'], minCount: 4 }],
      [1, { kind: 'materials' }], [1, { kind: 'meeting', meetingKinds: ['democratic_life', 'org_life'], minCount: 1 }],
      [1, { kind: 'meeting', meetingKinds: ['topic_discussion'], minCount: 1 }], [1, { kind: 'study_hours', minHours: 16 }],
      [2, { kind: 'rectification_plan' }], [2, { kind: 'rules', minCount: 1 }], [2, { kind: 'rules', minCount: 3 }],
      [2, { kind: 'evidence' }], [2, { kind: 'meeting', meetingKinds: ['org_life'], minCount: 2 }],
    ];
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('campaigns').values({ id: campaignId, org_id: top.id, title: '基准活动', template: 'mass_line', start_day: phaseDays[0][0], end_day: phaseDays[2][1], created_by: null, created_at: now, updated_at: now }).execute();
      await trx.insertInto('campaign_phases').values(phaseIds.map((id, i) => ({ id, campaign_id: campaignId, seq: i + 1, key: `p${i + 1}`, title: `阶段${i + 1}`, start_day: phaseDays[i][0], end_day: phaseDays[i][1], settings: JSON.stringify(closed) }))).execute();
      await trx.insertInto('campaign_tasks').values(tasks.map(([p, r], i) => ({ id: ctx.newId(), campaign_id: campaignId, phase_id: phaseIds[p], seq: i + 1, title: `规定动作 ${i + 1}`, rule: rule(r), org_kinds: null, due_day: phaseDays[p][1], created_at: now }))).execute();
      await trx.insertInto('forms').values({ id: formId, org_id: top.id, kind: 'resident_survey', title: '基准问卷', description: '', anonymous: 1, distribution: 'open', status: 'open', collect_location: 0, definition: '{"sections":[]}', response_count: 0, created_by: null, created_at: now, updated_at: now }).execute();
      let responses = 0;
      for (let k = 0; k < orgCount; k++) {
        const orgId = ctx.newId();
        await trx.insertInto('orgs').values({ id: orgId, parent_id: top.id, path: `${top.path}${orgId}/`, name: `看板村${String(k + 1).padStart(3, '0')}党支部`, kind: 'village', sort_order: 2000 + k, archived_at: null, created_at: now, updated_at: now }).execute();
        const people = Array.from({ length: 20 }, (_, i) => ({ id: ctx.newId(), name: `村民${k + 1}-${i + 1}`, gender: null, phone: null, position: null, party_member: 1, archived_at: null, created_at: now, updated_at: now }));
        await trx.insertInto('people').values(people).execute();
        await trx.insertInto('memberships').values(people.map((p) => ({ person_id: p.id, org_id: orgId, created_at: now }))).execute();
        await trx.insertInto('grants').values(people.slice(0, 3).map((p, i) => ({ id: ctx.newId(), person_id: p.id, role: i === 0 ? 'secretary' : 'cadre', org_id: orgId, created_at: now, created_by: null }))).execute();
        const kinds = ['mobilisation', 'study', 'study', 'study', 'forum_group', 'org_life', 'topic_discussion'].slice(0, 2 + (k % 6));
        for (const [i, kind] of kinds.entries()) {
          const meetingId = ctx.newId();
          await trx.insertInto('meetings').values({ id: meetingId, campaign_id: campaignId, org_id: orgId, kind, title: `会议 ${i + 1}`, agenda: '', place: '', day: day(-50 + i), start_time: '', minutes_long: 180, host_person_id: null, minutes: (k + i) % 4 ? '记录' : '', held: (k + i) % 4 ? 1 : 0, signin_hash: null, created_by: null, created_at: now, updated_at: now }).execute();
          if (kind === 'study') await trx.insertInto('meeting_attendance').values(people.map((p, j) => ({ meeting_id: meetingId, person_id: p.id, status: j % 5 ? 'present' : 'absent', spoke: 0, signed_in_at: null, via: 'staff' }))).execute();
        }
        const n = (k * 7) % 45;
        if (n) {
          await trx.insertInto('responses').values(Array.from({ length: n }, () => ({ id: ctx.newId(), form_id: formId, day: day(-40), answers: '{}', org_id: orgId, subject_id: null, respondent_id: null }))).execute();
          responses += n;
        }
        await trx.insertInto('materials').values(people.slice(0, 3).filter((_, i) => (k + i) % 3).map((p, i) => ({ id: ctx.newId(), campaign_id: campaignId, org_id: orgId, person_id: p.id, title: '对照检查材料', status: i % 2 ? 'approved' : 'submitted', version: 1, submitted_at: now, approved_by: null, approved_at: null, created_at: now, updated_at: now }))).execute();
        await trx.insertInto('rectification_plans').values({ id: ctx.newId(), org_id: orgId, status: ['draft', 'submitted', 'approved'][k % 3], comment: null, submitted_at: null, decided_at: null, decided_by: null, published: k % 3 === 2 ? 1 : 0, published_at: null, updated_at: now }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
        if (k % 2) await trx.insertInto('regulations').values({ id: ctx.newId(), title: `制度 ${k}`, org_id: orgId, type: 'new', effective_day: day(-10), summary: '', search: '', doc_name: null, doc_mime: null, doc_size: null, doc_data: null, created_by: null, created_at: now, updated_at: now }).execute();
      }
      await trx.updateTable('forms').set({ response_count: responses }).where('id', '=', formId).execute();
    });
    if (ctx.deps.dialect === 'postgres') {
      const { sql } = await import('kysely');
      await sql`vacuum analyze`.execute(db);
    }
    return campaignId;
  } finally {
    await ctx.deps.handle.close();
  }
}
