import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/factories.js';
import { newId } from './kernel/ids.js';
import { addBatchToCounts } from './modules/forms/commands/ballots.js';
import { FormDefinition } from '@massline/shared';

/**
 * What a role may read, on every GET route the app registered, with ids of objects that belong to
 * other orgs. The roles under test are granted on `own` (root ── own ── child, sibling; other).
 * Everything placed in `sibling`, `root` or `other` that `own` must not read carries MARK; a route
 * answers 403/404, or a body (JSON, CSV, or the text inside an .xlsx/.docx) without MARK.
 */

const MARK = '外泄标记';
const grades = [{ value: 'good', label: '满意' }, { value: 'bad', label: '不满意' }];
const definition = {
  sections: [{
    key: 's',
    title: '满意度',
    questions: [
      { key: 'sat', type: 'single', label: '总体评价', required: true, options: grades },
      { key: 'score', type: 'rating', label: '打分', required: true, min: 1, max: 5 },
      { key: 'advice', type: 'text', label: '意见建议' },
    ],
  }],
};

interface Ctx {
  /** The township's (root's) form, answered in own, child, sibling and root. */
  townForm: string;
  /** A form of sibling, with MARK in its title. */
  siblingForm: string;
  /** A form of the other tree. */
  otherForm: string;
  /** The person the township's ballots are about (a member of root). */
  subject: string;
  siblingOpinion: string;
  rootOpinion: string;
  siblingProblem: string;
  otherProblem: string;
  siblingCampaign: string;
  siblingMeeting: string;
  siblingRegulation: string;
}

let h: TestApp;
let ctx: Ctx;

async function seed(): Promise<Ctx> {
  const { orgs } = h.tree;
  // Names out of reach carry the mark; root's name may show (its forms reach down to own).
  for (const key of ['sibling', 'other'] as const) {
    await h.deps.db.updateTable('orgs').set({ name: `${orgs[key].name}${MARK}` }).where('id', '=', orgs[key].id).execute();
    await h.deps.db.updateTable('people').set({ name: `成员${MARK}${key}` }).where('id', '=', h.tree.members[key]).execute();
  }
  const admin = async (method: 'POST', url: string, payload: object) => {
    const res = await h.as('admin', { method, url, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
    return res.json().id as string;
  };
  const form = async (orgId: string, title: string) => {
    const id = await admin('POST', '/api/forms', { orgId, kind: 'resident_survey', title, anonymous: true, distribution: 'open', definition });
    expect((await h.as('admin', { method: 'POST', url: `/api/forms/${id}/open`, payload: {} })).statusCode).toBe(200);
    return id;
  };
  const townForm = await form(orgs.root.id, '全镇群众满意度调查');
  const siblingForm = await form(orgs.sibling.id, `青山村问卷${MARK}`);
  const otherForm = await form(orgs.other.id, `另一镇问卷${MARK}`);
  const subject = h.tree.members.root;

  // Responses with their tallies, as the ballot box stores them. own and child answer well;
  // sibling and root badly, with MARK in their free text.
  const def = FormDefinition.parse(definition);
  const rows: { id: string; form_id: string; day: string; answers: string; org_id: string; subject_id: string | null; respondent_id: null }[] = [];
  const add = (formId: string, orgId: string, n: number, answers: Record<string, unknown>, subjectId: string | null = null) => {
    for (let i = 0; i < n; i++) rows.push({ id: newId(), form_id: formId, day: '2026-03-01', answers: JSON.stringify(answers), org_id: orgId, subject_id: subjectId, respondent_id: null });
  };
  add(townForm, orgs.own.id, 5, { sat: 'good', score: 2, advice: '红旗村的意见' }, subject);
  add(townForm, orgs.child.id, 5, { sat: 'good', score: 1, advice: '党小组的意见' });
  add(townForm, orgs.sibling.id, 6, { sat: 'bad', score: 1, advice: `青山村的意见${MARK}` }, subject);
  add(townForm, orgs.root.id, 7, { sat: 'bad', score: 1, advice: `镇领导的评价${MARK}` }, subject);
  add(siblingForm, orgs.sibling.id, 6, { sat: 'bad', score: 1, advice: `青山村问卷回答${MARK}` });
  add(otherForm, orgs.other.id, 6, { sat: 'bad', score: 1, advice: `另一镇回答${MARK}` });
  await h.deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('responses').values(rows).execute();
    await addBatchToCounts(trx, rows.map((r) => ({ formId: r.form_id, definition: def, answers: JSON.parse(r.answers), orgId: r.org_id, subjectId: r.subject_id })));
  });

  const opinion = (orgId: string) => admin('POST', '/api/opinions', { orgId, channel: 'forum', category: 'service', content: `办事难${MARK}` });
  const problem = (ownerOrgId: string) => admin('POST', '/api/problems', { title: `问题${MARK}`, category: 'other', ownerOrgId, sources: [{ type: 'inspector', note: `督导组发现${MARK}` }] });
  const PHASES = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];
  return {
    townForm, siblingForm, otherForm, subject,
    siblingOpinion: await opinion(orgs.sibling.id),
    rootOpinion: await opinion(orgs.root.id),
    siblingProblem: await problem(orgs.sibling.id),
    otherProblem: await problem(orgs.other.id),
    siblingCampaign: await admin('POST', '/api/campaigns', { orgId: orgs.sibling.id, title: `青山村活动${MARK}`, phases: PHASES }),
    siblingMeeting: await admin('POST', '/api/meetings', { orgId: orgs.sibling.id, kind: 'study', title: `青山村集中学习${MARK}`, day: '2026-02-20', hours: 2 }),
    siblingRegulation: await admin('POST', '/api/regulations', { title: `青山村值班制度${MARK}`, orgId: orgs.sibling.id, type: 'new', effectiveDay: '2026-03-01' }),
  };
}

/** The text a response carries: JSON or CSV as is, the XML inside an .xlsx or .docx. */
async function textOf(res: Awaited<ReturnType<TestApp['as']>>): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (/openxmlformats/.test(type)) {
    const zip = await JSZip.loadAsync(res.rawPayload);
    const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
    return parts.join('\n');
  }
  return res.body;
}

describe('results of a form from above are clamped to the reader’s reach', () => {
  beforeAll(async () => {
    h = await createTestApp();
    ctx = await seed();
  });
  afterAll(() => h?.close());

  const get = (who: string, url: string) => h.as(who, { method: 'GET', url });
  const counts = (body: { responseCount: unknown; questions: { key: string; options?: { value: string; count: unknown }[] }[] }) => ({
    responses: body.responseCount,
    sat: Object.fromEntries(body.questions.find((q) => q.key === 'sat')!.options!.map((o) => [o.value, o.count])),
  });

  it('results: the whole form to the township, the reader’s subtree to a village', async () => {
    expect(counts((await get('admin', `/api/forms/${ctx.townForm}/results`)).json())).toEqual({ responses: 23, sat: { good: 10, bad: 13 } });
    for (const who of ['secretary', 'inspector', 'office']) {
      const res = await get(who, `/api/forms/${ctx.townForm}/results`);
      expect(res.statusCode).toBe(200);
      expect(counts(res.json())).toEqual({ responses: 10, sat: { good: 10, bad: 0 } });
    }
    // The default is cached: the township's view must not be served to a village, or back.
    expect(counts((await get('admin', `/api/forms/${ctx.townForm}/results`)).json())).toEqual({ responses: 23, sat: { good: 10, bad: 13 } });
  });

  it('results: an org out of reach is 404, one in reach is its own part', async () => {
    const { orgs } = h.tree;
    for (const org of [orgs.sibling.id, orgs.root.id, orgs.other.id, newId()]) {
      for (const suffix of ['', '.csv', '.xlsx']) {
        const res = await get('secretary', `/api/forms/${ctx.townForm}/results${suffix}?orgId=${org}`);
        expect(res.statusCode, `${suffix} ${org}`).toBe(404);
      }
      expect((await get('secretary', `/api/forms/${ctx.townForm}/texts?question=advice&orgId=${org}`)).statusCode).toBe(404);
    }
    expect(counts((await get('secretary', `/api/forms/${ctx.townForm}/results?orgId=${orgs.child.id}`)).json())).toEqual({ responses: 5, sat: { good: 5, bad: 0 } });
    expect(counts((await get('admin', `/api/forms/${ctx.townForm}/results?orgId=${orgs.root.id}`)).json())).toEqual({ responses: 7, sat: { good: 0, bad: 7 } });
  });

  it('results about one subject: only the responses from the reader’s subtree', async () => {
    expect(counts((await get('admin', `/api/forms/${ctx.townForm}/results?subjectId=${ctx.subject}`)).json())).toEqual({ responses: 18, sat: { good: 5, bad: 13 } });
    expect(counts((await get('secretary', `/api/forms/${ctx.townForm}/results?subjectId=${ctx.subject}`)).json())).toEqual({ responses: 5, sat: { good: 5, bad: 0 } });
  });

  it('exports: the same clamped numbers', async () => {
    const csv = (await get('secretary', `/api/forms/${ctx.townForm}/results.csv`)).body;
    expect(csv).toMatch(/总体评价,,满意,10,/);
    expect(csv).toMatch(/总体评价,,不满意,0,/);
    const xlsx = await textOf(await get('secretary', `/api/forms/${ctx.townForm}/results.xlsx`));
    expect(xlsx).toContain('满意');
    expect((await textOf(await get('admin', `/api/forms/${ctx.townForm}/results.csv`)))).toMatch(/总体评价,,不满意,13,/);
  });

  it('breakdown: only orgs and subject counts in reach', async () => {
    const { orgs } = h.tree;
    const body = (await get('secretary', `/api/forms/${ctx.townForm}/results/breakdown`)).json();
    expect(body.orgs.map((o: { orgId: string }) => o.orgId)).toEqual([orgs.own.id, orgs.child.id]);
    expect(body.subjects).toEqual([{ personId: ctx.subject, name: expect.any(String), responses: 5 }]);
    const all = (await get('admin', `/api/forms/${ctx.townForm}/results/breakdown`)).json();
    expect(all.orgs.map((o: { orgId: string }) => o.orgId).sort()).toEqual([orgs.root.id, orgs.own.id, orgs.child.id, orgs.sibling.id].sort());
    expect(all.subjects[0].responses).toBe(18);
  });

  it('texts: only the answers from the reader’s subtree', async () => {
    const texts = async (who: string, query = '') => ((await get(who, `/api/forms/${ctx.townForm}/texts?question=advice${query}`)).json().items as { text: string }[]).map((i) => i.text).sort();
    expect(await texts('secretary')).toEqual([...Array(5).fill('党小组的意见'), ...Array(5).fill('红旗村的意见')].sort());
    expect(await texts('secretary', `&subjectId=${ctx.subject}`)).toEqual(Array(5).fill('红旗村的意见'));
    expect((await texts('admin', `&limit=100`)).length).toBe(23);
  });

  it('low answers: only the responses from the reader’s subtree', async () => {
    const low = await get('secretary', `/api/problems/low-answers?formId=${ctx.townForm}&question=score&limit=100`);
    expect(low.statusCode).toBe(200);
    expect(low.json().total).toBe(10);
    expect(low.body).not.toContain(MARK);
    const sib = await get('secretary', `/api/problems/low-answers?formId=${ctx.townForm}&question=score&orgId=${h.tree.orgs.sibling.id}`);
    expect([200, 404]).toContain(sib.statusCode);
    expect(sib.body).not.toContain(MARK);
  });
});

/**
 * Every GET route: how to call it with other orgs' ids, and what must come back. `denied`: 403 or
 * 404; `clean`: any status but 500, and nothing marked in the body. A route the app registers
 * without a row here fails the coverage test.
 */
type Call = (c: Ctx) => string[];
const o = () => h.tree.orgs;
const ids = (make: (id: string) => string, ...pick: ((c: Ctx) => string)[]): Call => (c) => pick.map((p) => make(p(c)));
const FOREIGN_FORMS = [(c: Ctx) => c.siblingForm, (c: Ctx) => c.otherForm];
const forms = (suffix: string) => ids((id) => `/api/forms/${id}${suffix}`, ...FOREIGN_FORMS);
const orgsOut = [() => o().sibling.id, () => o().other.id];
const random = () => newId();

const routes: Record<string, { calls: Call; expect: 'denied' | 'clean' }> = {
  'GET /healthz': { calls: () => ['/healthz'], expect: 'clean' },
  'GET /api/openapi.json': { calls: () => ['/api/openapi.json'], expect: 'clean' },
  'GET /api/auth/me': { calls: () => ['/api/auth/me'], expect: 'clean' },
  'GET /api/audit': { calls: () => ['/api/audit', ...orgsOut.map((g) => `/api/audit?orgId=${g()}`)], expect: 'clean' },
  // The daily witnessed heads: a count, a hash and a signature, nothing of any org's data.
  'GET /api/audit/heads': { calls: () => ['/api/audit/heads'], expect: 'clean' },
  'GET /api/public/audit/head': { calls: () => ['/api/public/audit/head'], expect: 'clean' },
  'GET /api/orgs': { calls: () => ['/api/orgs'], expect: 'clean' },
  'GET /api/orgs/:id/roster.xlsx': { calls: ids((id) => `/api/orgs/${id}/roster.xlsx`, ...orgsOut), expect: 'denied' },
  'GET /api/people': { calls: () => ['/api/people', ...orgsOut.map((g) => `/api/people?orgId=${g()}`)], expect: 'clean' },
  'GET /api/people/:id': { calls: () => [`/api/people/${h.tree.members.sibling}`, `/api/people/${h.tree.members.other}`], expect: 'denied' },
  'GET /api/roster/template.xlsx': { calls: () => ['/api/roster/template.xlsx'], expect: 'clean' },
  'GET /api/grants': { calls: () => ['/api/grants', ...orgsOut.map((g) => `/api/grants?orgId=${g()}`)], expect: 'clean' },
  'GET /api/forms': { calls: () => ['/api/forms', ...orgsOut.map((g) => `/api/forms?orgId=${g()}`)], expect: 'clean' },
  'GET /api/forms/templates': { calls: () => ['/api/forms/templates'], expect: 'clean' },
  'GET /api/forms/:id': { calls: forms(''), expect: 'denied' },
  'GET /api/forms/:id/results': { calls: (c) => [...forms('/results')(c), ...orgsOut.map((g) => `/api/forms/${c.townForm}/results?orgId=${g()}`), `/api/forms/${c.townForm}/results?orgId=${o().root.id}`], expect: 'denied' },
  'GET /api/forms/:id/results.csv': { calls: (c) => [...forms('/results.csv')(c), `/api/forms/${c.townForm}/results.csv?orgId=${o().sibling.id}`], expect: 'denied' },
  'GET /api/forms/:id/results.xlsx': { calls: (c) => [...forms('/results.xlsx')(c), `/api/forms/${c.townForm}/results.xlsx?orgId=${o().root.id}`], expect: 'denied' },
  'GET /api/forms/:id/results/breakdown': { calls: forms('/results/breakdown'), expect: 'denied' },
  'GET /api/forms/:id/texts': { calls: (c) => [...forms('/texts?question=advice')(c), `/api/forms/${c.townForm}/texts?question=advice&orgId=${o().sibling.id}`], expect: 'denied' },
  'GET /api/forms/:id/responses.csv': { calls: (c) => [...forms('/responses.csv')(c), `/api/forms/${c.townForm}/responses.csv`], expect: 'denied' },
  'GET /api/forms/:id/responses.xlsx': { calls: (c) => [...forms('/responses.xlsx')(c), `/api/forms/${c.townForm}/responses.xlsx`], expect: 'denied' },
  'GET /api/forms/:id/turnout': { calls: forms('/turnout'), expect: 'denied' },
  'GET /api/forms/:id/assignments': { calls: forms('/assignments'), expect: 'denied' },
  'GET /api/forms/:id/xlsform.xlsx': { calls: forms('/xlsform.xlsx'), expect: 'denied' },
  'GET /api/my/assignments': { calls: () => ['/api/my/assignments'], expect: 'clean' },
  'GET /api/public/forms/:id': { calls: (c) => [`/api/public/forms/${c.townForm}`], expect: 'clean' },
  'GET /api/opinions': { calls: () => ['/api/opinions', ...orgsOut.map((g) => `/api/opinions?orgId=${g()}`)], expect: 'clean' },
  'GET /api/opinions/counts': { calls: () => ['/api/opinions/counts', ...orgsOut.map((g) => `/api/opinions/counts?orgId=${g()}`)], expect: 'clean' },
  'GET /api/opinions.xlsx': { calls: () => ['/api/opinions.xlsx', ...orgsOut.map((g) => `/api/opinions.xlsx?orgId=${g()}`)], expect: 'clean' },
  'GET /api/opinions/:id': { calls: ids((id) => `/api/opinions/${id}`, (c) => c.siblingOpinion, (c) => c.rootOpinion), expect: 'denied' },
  'GET /api/opinions/:id/attachments/:attachmentId': { calls: ids((id) => `/api/opinions/${id}/attachments/${random()}`, (c) => c.siblingOpinion, (c) => c.rootOpinion), expect: 'denied' },
  'GET /api/opinion-flags': { calls: () => ['/api/opinion-flags'], expect: 'clean' },
  'GET /api/public/opinions': { calls: () => ['/api/public/opinions'], expect: 'clean' },
  'GET /api/public/orgs/:id': { calls: () => [`/api/public/orgs/${o().own.id}`], expect: 'clean' },
  'GET /api/rules': { calls: () => ['/api/rules'], expect: 'clean' },
  'GET /api/problems': { calls: () => ['/api/problems', ...orgsOut.map((g) => `/api/problems?orgId=${g()}`)], expect: 'clean' },
  'GET /api/problems.xlsx': { calls: () => ['/api/problems.xlsx', ...orgsOut.map((g) => `/api/problems.xlsx?orgId=${g()}`)], expect: 'clean' },
  'GET /api/problems/counts': { calls: () => ['/api/problems/counts', ...orgsOut.map((g) => `/api/problems/counts?orgId=${g()}`)], expect: 'clean' },
  'GET /api/problems/low-answers': { calls: (c) => [`/api/problems/low-answers?formId=${c.townForm}&question=score`, `/api/problems/low-answers?formId=${c.townForm}&question=score&orgId=${o().sibling.id}`, ...FOREIGN_FORMS.map((f) => `/api/problems/low-answers?formId=${f(c)}&question=score`)], expect: 'clean' },
  'GET /api/problems/:id': { calls: ids((id) => `/api/problems/${id}`, (c) => c.siblingProblem, (c) => c.otherProblem), expect: 'denied' },
  'GET /api/problems/:id/trail': { calls: ids((id) => `/api/problems/${id}/trail`, (c) => c.siblingProblem, (c) => c.otherProblem), expect: 'denied' },
  'GET /api/regulations': { calls: () => ['/api/regulations', ...orgsOut.map((g) => `/api/regulations?orgId=${g()}`)], expect: 'clean' },
  'GET /api/regulations.xlsx': { calls: () => ['/api/regulations.xlsx', ...orgsOut.map((g) => `/api/regulations.xlsx?orgId=${g()}`)], expect: 'clean' },
  'GET /api/regulations/:id': { calls: ids((id) => `/api/regulations/${id}`, (c) => c.siblingRegulation), expect: 'denied' },
  'GET /api/regulations/:id/document': { calls: ids((id) => `/api/regulations/${id}/document`, (c) => c.siblingRegulation), expect: 'denied' },
  'GET /api/rectifications': { calls: () => ['/api/rectifications', ...orgsOut.map((g) => `/api/rectifications?orgId=${g()}`)], expect: 'clean' },
  'GET /api/rectifications/progress': { calls: () => ['/api/rectifications/progress', ...orgsOut.map((g) => `/api/rectifications/progress?orgId=${g()}`)], expect: 'clean' },
  'GET /api/rectifications/:id': { calls: () => [`/api/rectifications/${random()}`], expect: 'denied' },
  'GET /api/rectifications/:id/attachments/:attachmentId': { calls: () => [`/api/rectifications/${random()}/attachments/${random()}`], expect: 'denied' },
  'GET /api/rectification-plans/:orgId': { calls: ids((id) => `/api/rectification-plans/${id}`, ...orgsOut), expect: 'denied' },
  'GET /api/rectification-plans/:orgId/export.xlsx': { calls: ids((id) => `/api/rectification-plans/${id}/export.xlsx`, ...orgsOut), expect: 'denied' },
  'GET /api/rectification-plans/:orgId/export.docx': { calls: ids((id) => `/api/rectification-plans/${id}/export.docx`, ...orgsOut), expect: 'denied' },
  'GET /api/rectification-plans/:orgId/verdict-rule': { calls: ids((id) => `/api/rectification-plans/${id}/verdict-rule`, ...orgsOut), expect: 'denied' },
  'GET /api/rectification-flags': { calls: () => ['/api/rectification-flags'], expect: 'clean' },
  'GET /api/callbacks': { calls: () => ['/api/callbacks', ...orgsOut.map((g) => `/api/callbacks?orgId=${g()}`)], expect: 'clean' },
  'GET /api/public/rectification/orgs/:orgId': { calls: () => [`/api/public/rectification/orgs/${o().own.id}`], expect: 'clean' },
  'GET /api/public/rectification/items/:id': { calls: () => [`/api/public/rectification/items/${random()}`], expect: 'denied' },
  'GET /api/public/rectification/items/:id/photos/:attachmentId': { calls: () => [`/api/public/rectification/items/${random()}/photos/${random()}`], expect: 'denied' },
  'GET /api/campaigns': { calls: () => ['/api/campaigns'], expect: 'clean' },
  'GET /api/campaigns/current': { calls: () => ['/api/campaigns/current'], expect: 'clean' },
  'GET /api/campaigns/:id': { calls: ids((id) => `/api/campaigns/${id}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/summaries': { calls: ids((id) => `/api/campaigns/${id}/summaries`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/summary': { calls: ids((id) => `/api/campaigns/${id}/summary?orgId=${o().sibling.id}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/summary/draft': { calls: ids((id) => `/api/campaigns/${id}/summary/draft?orgId=${o().sibling.id}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/summary.docx': { calls: ids((id) => `/api/campaigns/${id}/summary.docx?orgId=${o().sibling.id}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/tasks': { calls: ids((id) => `/api/campaigns/${id}/tasks`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/tasks/:taskId/evidence/file': { calls: ids((id) => `/api/campaigns/${id}/tasks/${random()}/evidence/file?orgId=${o().sibling.id}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/board': { calls: ids((id) => `/api/campaigns/${id}/board`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/board.xlsx': { calls: ids((id) => `/api/campaigns/${id}/board.xlsx`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/campaigns/:id/board/cell': { calls: ids((id) => `/api/campaigns/${id}/board/cell?orgId=${o().sibling.id}&taskId=${random()}`, (c) => c.siblingCampaign), expect: 'denied' },
  'GET /api/meetings': { calls: () => ['/api/meetings', ...orgsOut.map((g) => `/api/meetings?orgId=${g()}`)], expect: 'clean' },
  'GET /api/meetings/:id': { calls: ids((id) => `/api/meetings/${id}`, (c) => c.siblingMeeting), expect: 'denied' },
  'GET /api/meetings/:id/criticism': { calls: ids((id) => `/api/meetings/${id}/criticism`, (c) => c.siblingMeeting), expect: 'denied' },
  'GET /api/meetings/:id/files/:fileId': { calls: ids((id) => `/api/meetings/${id}/files/${random()}`, (c) => c.siblingMeeting), expect: 'denied' },
  'GET /api/my/materials': { calls: () => ['/api/my/materials'], expect: 'clean' },
  'GET /api/materials': { calls: () => ['/api/materials', ...orgsOut.map((g) => `/api/materials?orgId=${g()}`)], expect: 'clean' },
  'GET /api/materials/:id': { calls: () => [`/api/materials/${random()}`], expect: 'denied' },
  'GET /api/materials/:id/versions/:version': { calls: () => [`/api/materials/${random()}/versions/1`], expect: 'denied' },
  'GET /api/materials/:id/compare': { calls: () => [`/api/materials/${random()}/compare?from=1&to=2`], expect: 'denied' },
  'GET /api/materials/:id/export.docx': { calls: () => [`/api/materials/${random()}/export.docx`], expect: 'denied' },
  'GET /api/study/readings': { calls: () => ['/api/study/readings'], expect: 'clean' },
  'GET /api/study/readings/:id/file': { calls: () => [`/api/study/readings/${random()}/file`], expect: 'denied' },
  'GET /api/study/notes': { calls: () => ['/api/study/notes', ...orgsOut.map((g) => `/api/study/notes?orgId=${g()}`)], expect: 'clean' },
  'GET /api/study/notes/mine': { calls: () => ['/api/study/notes/mine'], expect: 'clean' },
  'GET /api/study/notes/:id': { calls: () => [`/api/study/notes/${random()}`], expect: 'denied' },
  'GET /api/study/hours': { calls: () => ['/api/study/hours', ...orgsOut.map((g) => `/api/study/hours?orgId=${g()}`)], expect: 'clean' },
  'GET /api/study/hours.xlsx': { calls: () => ['/api/study/hours.xlsx', ...orgsOut.map((g) => `/api/study/hours.xlsx?orgId=${g()}`)], expect: 'clean' },
  'GET /api/study/hours/mine': { calls: () => ['/api/study/hours/mine'], expect: 'clean' },
  'GET /api/notifications': { calls: () => ['/api/notifications'], expect: 'clean' },
  'GET /api/notifications/unread-count': { calls: () => ['/api/notifications/unread-count'], expect: 'clean' },
};

/** "GET /path" of every route Fastify registered, read from its route tree (as bad-input.test.ts does for writes). */
function getRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─ ]*)(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = m[1].length / 4;
    stack.push(m[2]);
    if ((m[3] ?? '').split(', ').includes('GET')) out.push(`GET ${stack.join('')}`);
  }
  return out.sort();
}

describe('every read route, with other orgs’ ids', () => {
  beforeAll(async () => {
    h = await createTestApp();
    ctx = await seed();
  });
  afterAll(() => h?.close());

  it('covers every GET route the app registered', () => {
    // A read route added to the app without a row in the table fails here. The web app's pages
    // (served from the built bundle) hold no org data and are listed by their prefix only.
    const registered = getRoutes(h.app.printRoutes({ commonPrefix: false })).filter((r) => r.startsWith('GET /api/') || r === 'GET /healthz');
    expect(registered).toEqual(Object.keys(routes).sort());
  });

  const roles = ['secretary', 'office', 'inspector', 'cadre', 'surveyor'] as const;
  it.each(Object.entries(routes).map(([route, row]) => [route, row] as const))('%s', async (_route, row) => {
    const urls = row.calls(ctx);
    expect(urls.length).toBeGreaterThan(0);
    for (const who of roles) {
      for (const url of urls) {
        const res = await h.as(who, { method: 'GET', url });
        const what = `${who} GET ${url} → ${res.statusCode}`;
        expect(res.statusCode, what).not.toBe(500);
        if (row.expect === 'denied') expect([403, 404], what).toContain(res.statusCode);
        expect(await textOf(res), what).not.toContain(MARK);
      }
    }
  });
});
