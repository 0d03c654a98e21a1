import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../kernel/ids.js';
import { minimalDocx, tinyPdf } from '../../../../test/documents.js';
import { createTestApp, type TestApp } from '../../../../test/factories.js';
import { markersIn, multiPictureJpeg } from '../../../../test/images.js';

// The clock stands at 2026-03-01: the first phase ended on 2026-02-20, the second runs.
const phases = [{ startDay: '2026-01-01', endDay: '2026-02-20' }, { startDay: '2026-02-21', endDay: '2026-04-30' }, { startDay: '2026-05-01', endDay: '2026-07-31' }];

describe('required tasks and the progress board', () => {
  let t: TestApp;
  let own: string;
  let child: string;
  let campaign: { id: string; phases: { id: string }[] };
  beforeEach(async () => {
    t = await createTestApp();
    own = t.tree.orgs.own.id;
    child = t.tree.orgs.child.id;
    campaign = (await t.as('office', { method: 'POST', url: '/api/campaigns', payload: { orgId: own, title: '红旗村教育实践活动', phases } })).json();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const board = async (who = 'office') => (await get(who, `/api/campaigns/${campaign.id}/board`)).json();
  const taskId = (b: { tasks: { id: string; title: string }[] }, title: string) => b.tasks.find((x) => x.title.startsWith(title))!.id;
  const cellOf = (b: { tasks: { id: string }[]; rows: { orgId: string; cells: unknown[] }[] }, org: string, task: string) =>
    b.rows.find((r) => r.orgId === org)!.cells[b.tasks.findIndex((x) => x.id === task)];

  it('adds the template\'s tasks once, and the data turns the cells', async () => {
    const added = await post('office', `/api/campaigns/${campaign.id}/tasks/template`);
    expect(added.statusCode).toBe(201);
    expect(added.json().items.map((x: { title: string }) => x.title)).toHaveLength(11);
    expect((await post('office', `/api/campaigns/${campaign.id}/tasks/template`)).json().error.code).toBe('task_template_used');

    let b = await board();
    const mob = taskId(b, '召开动员大会');
    const study = taskId(b, '集中学习');
    const forums = taskId(b, '召开征求意见座谈会');
    const life = taskId(b, '召开专题民主生活会');
    // `own` is a village, `child` a party group: the forums task is for grassroots orgs only.
    expect(b.rows.map((r: { orgName: string; depth: number }) => [r.orgName, r.depth])).toEqual([['红旗村党支部', 0], ['红旗村第一党小组', 1]]);
    expect(cellOf(b, own, mob)).toEqual({ status: 'overdue', value: 0, target: 1 });
    expect(cellOf(b, child, forums)).toBeNull();
    expect(cellOf(b, own, life)).toEqual({ status: 'not_started', value: 0, target: 1 });

    // The secretary records the mobilisation meeting with minutes and a study session of 10 hours.
    const members = [t.tree.users.secretary.personId, t.tree.users.cadre.personId];
    await post('secretary', '/api/meetings', { orgId: own, kind: 'mobilisation', title: '动员大会', day: '2026-01-10', hours: 2, minutes: '部署' });
    const s = await post('secretary', '/api/meetings', {
      orgId: own, kind: 'study', title: '集中学习', day: '2026-01-15', hours: 10, minutes: '学习', attendance: members.map((personId) => ({ personId, status: 'present' })),
    });
    expect(s.statusCode).toBe(201);
    // A life meeting planned but not held yet: in progress; the forums, due with phase 1, are overdue.
    await post('secretary', '/api/meetings', { orgId: own, kind: 'org_life', title: '专题组织生活会', day: '2026-03-10', hours: 3 });
    b = await board();
    expect(cellOf(b, own, mob)).toEqual({ status: 'done', value: 1, target: 1 });
    expect(cellOf(b, own, life)).toEqual({ status: 'in_progress', value: 0, target: 1 });
    expect(cellOf(b, own, forums)).toEqual({ status: 'overdue', value: 0, target: 2 });
    // Study: 20 hours over the members of `own`'s subtree (secretary, cadre and the others who did not attend).
    const memberCount = (await t.deps.db.selectFrom('memberships').select('person_id').distinct().where('org_id', 'in', [own, child]).execute()).length;
    expect(cellOf(b, own, study)).toEqual({ status: 'overdue', value: Math.round((20 / memberCount) * 10) / 10, target: 8 });
    expect(b.phases[0]).toMatchObject({ title: '学习教育、听取意见' });
    expect(b.rows[0]).toMatchObject({ done: 1 });

    // The drill-down lists what was counted.
    const cell = (await get('office', `/api/campaigns/${campaign.id}/board/cell?taskId=${mob}&orgId=${own}`)).json();
    expect(cell.meetings).toEqual([{ id: expect.any(String), kind: 'mobilisation', title: '动员大会', day: '2026-01-10', held: true }]);
    const hours = (await get('office', `/api/campaigns/${campaign.id}/board/cell?taskId=${study}&orgId=${own}`)).json();
    expect(hours.study).toEqual({ members: memberCount, totalHours: 20, averageHours: Math.round((20 / memberCount) * 10) / 10 });
  });

  it('counts responses, materials, the plan, rules and confirmed evidence', async () => {
    const phase = campaign.phases[1].id;
    const form = (await post('office', '/api/forms', { orgId: own, kind: 'resident_survey', title: '群众问卷', anonymous: true, distribution: 'open', definition: { sections: [{ key: 's', questions: [{ key: 'q', type: 'text', label: '意见' }] }] } })).json();
    const mk = async (title: string, rule: object, extra: object = {}) => {
      const res = await post('office', `/api/campaigns/${campaign.id}/tasks`, { phaseId: phase, title, rule, dueDay: '2026-04-30', ...extra });
      expect(res.statusCode, JSON.stringify(res.json())).toBe(201);
      return res.json().items.at(-1).id as string;
    };
    const survey = await mk('问卷', { kind: 'form', formId: form.id, minResponses: 2 });
    const materials = await mk('材料', { kind: 'materials' });
    const rules = await mk('制度', { kind: 'rules', minCount: 1 });
    const report = await mk('报送总结', { kind: 'evidence' }, { orgKinds: ['village'] });
    for (let i = 0; i < 3; i++) {
      await t.deps.db.insertInto('responses').values({ id: newId(), form_id: form.id, day: '2026-02-25', answers: '{}', org_id: i < 2 ? child : own, subject_id: null, respondent_id: null }).execute();
    }
    await t.deps.db.updateTable('forms').set({ response_count: 3 }).where('id', '=', form.id).execute();
    let b = await board();
    // Two responses came from `child`, one from `own`: `own`'s subtree has all three.
    expect([cellOf(b, own, survey), cellOf(b, child, survey)]).toEqual([{ status: 'done', value: 3, target: 2 }, { status: 'done', value: 2, target: 2 }]);
    // The cadre and the secretary of `own` each owe a material; `child` has no cadre: nothing is owed there.
    expect(cellOf(b, own, materials)).toEqual({ status: 'not_started', value: 0, target: 2 });
    expect(cellOf(b, child, materials)).toBeNull();
    await t.deps.db.insertInto('materials').values({
      id: newId(), campaign_id: campaign.id, org_id: own, person_id: t.tree.users.cadre.personId, title: '对照检查材料', status: 'approved', version: 1,
      submitted_at: null, approved_by: null, approved_at: null, created_at: '2026-03-01T00:00:00Z', updated_at: '2026-03-01T00:00:00Z',
    }).execute();
    expect(cellOf(await board(), own, materials)).toEqual({ status: 'in_progress', value: 1, target: 2 });
    await post('office', '/api/regulations', { title: '村务公开制度', orgId: own, type: 'new', effectiveDay: '2026-02-28', summary: '每月公开' });
    expect(cellOf(await board(), own, rules)).toEqual({ status: 'done', value: 1, target: 1 });

    // Evidence: the secretary reports, the office confirms; the cell follows.
    expect(cellOf(await board(), child, report)).toBeNull();
    const submitted = await post('secretary', `/api/campaigns/${campaign.id}/tasks/${report}/evidence`, { orgId: own, note: '已报送活动总结（纸质）' });
    expect(submitted.json()).toMatchObject({ evidence: { status: 'submitted', note: '已报送活动总结（纸质）' }, cell: { status: 'in_progress' } });
    expect((await post('secretary', `/api/campaigns/${campaign.id}/tasks/${report}/evidence/review`, { orgId: own, decision: 'confirm' })).statusCode).toBe(403);
    const confirmed = await post('office', `/api/campaigns/${campaign.id}/tasks/${report}/evidence/review`, { orgId: own, decision: 'confirm' });
    expect(confirmed.json()).toMatchObject({ evidence: { status: 'confirmed' }, cell: { status: 'done' } });
    b = await board();
    expect(cellOf(b, own, report)).toEqual({ status: 'done', value: 1, target: 1 });

    // The export carries the same cells.
    const xlsx = await get('office', `/api/campaigns/${campaign.id}/board.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(xlsx.rawPayload);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('红旗村党支部');
    expect(sheet).toContain('已完成 3/2');
    expect(sheet).toContain('进行中 1/2');
  });

  it('takes a file with the evidence: after the note, typed by its content, replaced, removed, closed once confirmed', async () => {
    const report = (await post('office', `/api/campaigns/${campaign.id}/tasks`, { phaseId: campaign.phases[1].id, title: '报送总结', rule: { kind: 'evidence' }, dueDay: '2026-04-30' })).json().items.at(-1).id;
    const url = `/api/campaigns/${campaign.id}/tasks/${report}/evidence/file`;
    const upload = (who: string, name: string, body: Buffer, orgId = own) =>
      t.as(who, { method: 'POST', url: `${url}?orgId=${orgId}&name=${encodeURIComponent(name)}`, payload: body, headers: { 'content-type': 'application/octet-stream' } });
    const first = await upload('secretary', '总结.pdf', tinyPdf);
    expect([first.statusCode, first.json().error.code, first.json().error.message]).toEqual([409, 'task_evidence_note_first', '请先填写并报送完成情况说明，再上传附件']);
    await post('secretary', `/api/campaigns/${campaign.id}/tasks/${report}/evidence`, { orgId: own, note: '活动总结已报送' });
    const bad = await upload('secretary', 'x.exe', Buffer.from('MZ not a document'));
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'task_evidence_file_type']);
    expect((await upload('cadre', '总结.pdf', tinyPdf)).statusCode).toBe(403);
    const up = await upload('secretary', '总结.pdf', tinyPdf);
    expect(up.json().evidence).toMatchObject({ status: 'submitted', file: { name: '总结.pdf', mime: 'application/pdf', size: tinyPdf.length } });
    const docx = await minimalDocx('活动总结', ['一、基本情况']);
    expect((await upload('secretary', '总结.docx', docx)).json().evidence.file).toEqual({ name: '总结.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: docx.length });
    // Whoever sees the cell reads the file; the org below it does not.
    const file = await get('inspector', `${url}?orgId=${own}`);
    expect([file.statusCode, file.rawPayload.equals(docx), file.headers['content-disposition']]).toEqual([200, true, `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent('总结.docx')}`]);
    expect((await get('secretary', `${url}?orgId=${child}`)).statusCode).toBe(404);
    // A photo replaces it: re-encoded, with a thumbnail that goes when the file goes.
    expect((await upload('secretary', '现场.jpg', await multiPictureJpeg())).json().evidence.file).toMatchObject({ name: '现场.jpg', mime: 'image/jpeg' });
    const [full, small] = [await get('inspector', `${url}?orgId=${own}`), await get('inspector', `${url}?orgId=${own}&size=thumb`)];
    expect([full.statusCode, small.statusCode, small.headers['content-type'], markersIn(full.rawPayload), markersIn(small.rawPayload)]).toEqual([200, 200, 'image/jpeg', [], []]);
    expect(small.rawPayload.length).toBeLessThan(full.rawPayload.length);
    const removed = await t.as('secretary', { method: 'DELETE', url: `${url}?orgId=${own}` });
    expect(removed.json().evidence.file).toBeNull();
    expect((await get('office', `${url}?orgId=${own}`)).statusCode).toBe(404);
    expect((await t.deps.db.selectFrom('task_evidence').select('file_thumb').executeTakeFirstOrThrow()).file_thumb).toBeNull();
    await upload('secretary', '总结.pdf', tinyPdf);
    expect((await get('office', `${url}?orgId=${own}&size=thumb`)).statusCode).toBe(404);
    await post('office', `/api/campaigns/${campaign.id}/tasks/${report}/evidence/review`, { orgId: own, decision: 'confirm' });
    expect((await upload('secretary', '新总结.pdf', tinyPdf)).json().error.code).toBe('task_evidence_confirmed');
    expect((await t.as('secretary', { method: 'DELETE', url: `${url}?orgId=${own}` })).json().error.code).toBe('task_evidence_confirmed');
    expect((await t.deps.db.selectFrom('task_evidence').select('file_name').executeTakeFirstOrThrow()).file_name).toBe('总结.pdf');
    const audit = await t.deps.db.selectFrom('audit_log').select('summary').where('action', 'like', 'task.evidence_file%').orderBy('seq').execute();
    expect(audit.map((a) => a.summary)).toEqual([
      '“红旗村党支部”为“报送总结”上传附件“总结.pdf”', '“红旗村党支部”为“报送总结”上传附件“总结.docx”', '“红旗村党支部”为“报送总结”上传附件“现场.jpg”',
      '“红旗村党支部”删除“报送总结”的附件“现场.jpg”', '“红旗村党支部”为“报送总结”上传附件“总结.pdf”',
    ]);
  });

  it('refuses a rule pointing at a missing form, evidence for a data task, a review of nothing; only the office plans', async () => {
    const phase = campaign.phases[0].id;
    const url = `/api/campaigns/${campaign.id}/tasks`;
    const bad = await post('office', url, { phaseId: phase, title: '问卷', rule: { kind: 'form', formId: newId(), minResponses: 10 }, dueDay: '2026-02-20' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'task_form_unknown']);
    expect((await post('office', url, { phaseId: newId(), title: 'x', rule: { kind: 'evidence' }, dueDay: '2026-02-20' })).json().error.code).toBe('task_phase_unknown');
    expect((await post('secretary', url, { phaseId: phase, title: 'x', rule: { kind: 'evidence' }, dueDay: '2026-02-20' })).statusCode).toBe(403);
    const list = (await post('office', url, { phaseId: phase, title: '动员', rule: { kind: 'meeting', meetingKinds: ['mobilisation'] }, dueDay: '2026-02-20' })).json();
    const meetingTask = list.items[0].id;
    const ev = await post('secretary', `${url}/${meetingTask}/evidence`, { orgId: own, note: '开过了' });
    expect([ev.statusCode, ev.json().error.code]).toEqual([422, 'task_not_evidence']);
    const evidenceTask = (await post('office', url, { phaseId: phase, title: '报送', rule: { kind: 'evidence' }, dueDay: '2026-02-20' })).json().items[1].id;
    const review = await post('office', `${url}/${evidenceTask}/evidence/review`, { orgId: own, decision: 'confirm' });
    expect([review.statusCode, review.json().error.code]).toEqual([409, 'task_evidence_missing']);
    expect((await post('secretary', `${url}/${evidenceTask}/evidence`, { orgId: t.tree.orgs.sibling.id, note: '外村' })).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom('task_evidence').selectAll().execute()).toEqual([]);
    expect((await get('office', `/api/campaigns/${campaign.id}/tasks`)).json().items).toHaveLength(2);
  });

  it('shows a village secretary only their own rows, and nothing to another township', async () => {
    await post('office', `/api/campaigns/${campaign.id}/tasks/template`);
    const b = await board('cadre');
    expect(b.rows.map((r: { orgId: string }) => r.orgId)).toEqual([own, child]);
    const { insertAccount, insertGrant, insertPerson } = await import('../../../../test/factories.js');
    const stranger = await insertPerson(t.deps, '外镇干部', [t.tree.orgs.other.id]);
    await insertAccount(t.deps, stranger, 'stranger');
    await insertGrant(t.deps, stranger, 'office', t.tree.orgs.other.id);
    expect((await get('stranger', `/api/campaigns/${campaign.id}/board`)).statusCode).toBe(404);
  });
});
