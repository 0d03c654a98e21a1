import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { newId } from '../../kernel/ids.js';

// The clock stands at 2026-03-01, in the first phase.
const threePhases = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];

describe('phase summaries (阶段总结)', () => {
  let t: TestApp;
  let campaign: { id: string; phases: { id: string }[] };
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });

  async function meeting(orgId: string, kind: string, day: string, minutesLong: number, held = 1) {
    const id = newId();
    const now = t.deps.clock.now().toISOString();
    await t.deps.db.insertInto('meetings').values({
      id, campaign_id: null, org_id: orgId, kind, title: kind, agenda: '', place: '', day, start_time: '', minutes_long: minutesLong, host_person_id: null,
      minutes: held ? '会议记录' : '', held, signin_hash: null, created_by: null, created_at: now, updated_at: now,
    }).execute();
    return id;
  }
  const attend = (meetingId: string, personIds: string[], status = 'present') =>
    t.deps.db.insertInto('meeting_attendance').values(personIds.map((person_id) => ({ meeting_id: meetingId, person_id, status, spoke: 0, signed_in_at: null, via: 'staff' }))).execute();

  /**
   * The data of 红旗村 (own) and its first group (child) in phase 1, and some that must not count:
   * a study session of phase 2, a meeting not yet held, a sibling village's session.
   */
  async function seed() {
    const { orgs, users, members } = t.tree;
    const people = [users.office.personId, users.secretary.personId, users.cadre.personId];
    const problem = async (title: string, category: string) =>
      (await post('office', '/api/problems', { title, category, ownerOrgId: orgs.own.id, sources: [{ type: 'inspector', note: '督导组发现' }] })).json().id as string;
    const road = await problem('路灯不亮', 'livelihood');
    const meetingsTooMany = await problem('会议多', 'formalism');
    // Items made before the campaign (its first phase does not open rectification): one fixed on the spot.
    expect((await post('office', '/api/rectifications', { problemIds: [road], title: '修路灯', measures: '更换路灯', commitment: '月底前全亮', ownerOrgId: orgs.own.id, deadline: '2026-04-30' })).statusCode).toBe(201);
    expect((await post('office', '/api/rectifications', { problemIds: [meetingsTooMany], title: '精简会议', measures: '合并会议', commitment: '每月不超过四次', ownerOrgId: orgs.child.id, onTheSpot: { note: '当即合并' } })).statusCode).toBe(201);
    campaign = (await post('office', '/api/campaigns', { orgId: orgs.own.id, title: '红旗村群众路线教育实践活动', phases: threePhases })).json();

    await meeting(orgs.own.id, 'mobilisation', '2026-02-02', 90);
    const a = await meeting(orgs.own.id, 'study', '2026-02-10', 120);
    await attend(a, people);
    await attend(a, [users.inspector.personId], 'absent');
    await t.deps.db.insertInto('study_makeups').values({ id: newId(), meeting_id: a, person_id: users.inspector.personId, day: '2026-02-12', minutes_long: 60, note: '', recorded_by: null, created_at: '2026-02-12T08:00:00.000Z' }).execute();
    const b = await meeting(orgs.child.id, 'study', '2026-02-20', 90);
    await attend(b, [members.child]);
    const later = await meeting(orgs.own.id, 'study', '2026-03-20', 60);
    await attend(later, people.slice(0, 2));
    await meeting(orgs.own.id, 'forum_group', '2026-02-25', 60, 0);
    const elsewhere = await meeting(orgs.sibling.id, 'study', '2026-02-10', 240);
    await attend(elsewhere, [members.sibling]);
    for (const [orgId, channel] of [[orgs.own.id, 'forum'], [orgs.child.id, 'forum'], [orgs.own.id, 'visit']]) {
      expect((await post('office', '/api/opinions', { orgId, channel, category: 'service', content: '办事难' })).statusCode).toBe(201);
    }
  }

  it('drafts a phase\'s summary from the data of the org\'s subtree, keeps the edited text, redraws on request', async () => {
    await seed();
    const phase1 = campaign.phases[0].id;
    const url = `/api/campaigns/${campaign.id}/summary?orgId=${t.tree.orgs.own.id}&phaseId=${phase1}`;
    const draft = (await get('secretary', url)).json();
    expect(draft).toMatchObject({ saved: false, updatedAt: null, title: '红旗村党支部“学习教育、听取意见”环节工作总结', phaseTitle: '学习教育、听取意见', abilities: ['write'] });
    expect(draft.figures).toEqual({
      startDay: '2026-02-01', endDay: '2026-03-15',
      meetings: [{ key: 'study', count: 2 }, { key: 'mobilisation', count: 1 }],
      // 3 × 120 + 1 × 90 minutes present, 60 made up; 8 members of 红旗村 and its group (6 users, 2 members).
      study: { sessions: 2, attendances: 4, minutes: 450, makeupMinutes: 60, members: 8, averageHours: 1.1 },
      opinions: [{ key: 'forum', count: 2 }, { key: 'visit', count: 1 }],
      problems: [{ key: 'formalism', count: 1 }, { key: 'livelihood', count: 1 }],
      rectification: { items: 2, done: 1, verified: 0, overdue: 0, rectifiedShare: 50, progress: 50, verdicts: 0, satisfaction: null },
    });
    const body = (key: string) => draft.sections.find((s: { key: string }) => s.key === key).body;
    expect(draft.sections.map((s: { title: string }) => s.title)).toEqual(['基本情况', '会议召开情况', '学习教育情况', '征求意见情况', '查摆问题情况', '整改落实情况', '下一步工作']);
    expect(body('overview')).toBe('2026年2月1日至2026年3月15日，红旗村党支部按照红旗村群众路线教育实践活动的部署，扎实开展“学习教育、听取意见”环节各项工作，共召开各类会议3次，收集意见建议3条，查摆问题2个。现将有关情况总结如下。');
    expect(body('meetings')).toBe('共召开各类会议3次，其中集中学习2次、动员大会1次。');
    expect(body('study')).toBe('组织集中学习2次，参学4人次，累计学习8.5小时（其中补学1小时），党员干部8人，人均学习1.1小时。');
    expect(body('opinions')).toBe('通过座谈会、走访等渠道共收集意见建议3条，其中座谈会2条、走访1条。');
    expect(body('problems')).toBe('对照“四风”梳理查摆问题2个，其中形式主义1个、民生诉求1个。');
    expect(body('rectification')).toBe('截至目前，共制定整改事项2项，已完成1项，整改完成率50%，加权整改进度50%。已完成事项尚未收到群众评议。');
    expect(body('next')).toMatch(/^下一步，将把听取到的意见建议逐条梳理归类/);
    // Nothing is stored by reading a draft.
    expect(await t.deps.db.selectFrom('campaign_summaries').selectAll().execute()).toEqual([]);

    // Saved as edited: the text stays as written, the figures stay fresh.
    const sections = draft.sections.map((s: { key: string }) => (s.key === 'next' ? { ...s, body: '下一步，我村将重点抓好路灯和道路问题的整改。' } : s));
    const saved = await post('secretary', `/api/campaigns/${campaign.id}/summary`, { orgId: t.tree.orgs.own.id, phaseId: phase1, title: '红旗村第一环节总结', sections });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, title: '红旗村第一环节总结', updatedBy: 'secretary用户', updatedAt: '2026-03-01T08:00:00.000Z' });
    await post('office', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'phone', category: 'other', content: '又一条' });
    const again = (await get('inspector', url)).json();
    expect(again.sections.at(-1).body).toBe('下一步，我村将重点抓好路灯和道路问题的整改。');
    expect(again.figures.opinions).toEqual([{ key: 'forum', count: 2 }, { key: 'phone', count: 1 }, { key: 'visit', count: 1 }]);
    expect(again.abilities).toEqual([]);
    // 重新生成: a fresh draft from today's data, not saved until it is.
    const redrawn = (await get('secretary', `/api/campaigns/${campaign.id}/summary/draft?orgId=${t.tree.orgs.own.id}&phaseId=${phase1}`)).json();
    expect(redrawn.saved).toBe(false);
    expect(redrawn.sections[3].body).toBe('通过座谈会、电话、走访等渠道共收集意见建议4条，其中座谈会2条、电话1条、走访1条。');
    expect((await get('secretary', url)).json().title).toBe('红旗村第一环节总结');
    // A second save replaces the first: one summary per campaign, org and phase.
    await post('office', `/api/campaigns/${campaign.id}/summary`, { orgId: t.tree.orgs.own.id, phaseId: phase1, title: redrawn.title, sections: redrawn.sections });
    const rows = await t.deps.db.selectFrom('campaign_summaries').select(['title', 'phase_id', 'org_id']).execute();
    expect(rows).toEqual([{ title: '红旗村党支部“学习教育、听取意见”环节工作总结', phase_id: phase1, org_id: t.tree.orgs.own.id }]);
    const audit = await t.deps.db.selectFrom('audit_log').select('summary').where('action', '=', 'campaign.summary').orderBy('seq').execute();
    expect(audit.map((a) => a.summary)).toEqual(['保存阶段总结“红旗村第一环节总结”（红旗村党支部，学习教育、听取意见）', '修改阶段总结“红旗村党支部“学习教育、听取意见”环节工作总结”（红旗村党支部，学习教育、听取意见）']);
  });

  it('sums the whole campaign for a child org and lists what was saved', async () => {
    await seed();
    const whole = (await get('office', `/api/campaigns/${campaign.id}/summary?orgId=${t.tree.orgs.child.id}`)).json();
    expect(whole).toMatchObject({ phaseId: null, phaseTitle: null, orgName: '红旗村第一党小组', title: '红旗村第一党小组关于红旗村群众路线教育实践活动的工作总结' });
    expect(whole.figures).toMatchObject({
      startDay: '2026-02-01', endDay: '2026-07-31', meetings: [{ key: 'study', count: 1 }],
      study: { sessions: 1, attendances: 1, minutes: 90, makeupMinutes: 0, members: 1, averageHours: 1.5 },
      opinions: [{ key: 'forum', count: 1 }], problems: [], rectification: { items: 1, done: 1, rectifiedShare: 100 },
    });
    expect(whole.sections.find((s: { key: string }) => s.key === 'problems').body).toBe('本期间尚未登记查摆出的问题。');
    // What did not happen is left out of the opening paragraph.
    expect(whole.sections[0].body).toBe('2026年2月1日至2026年7月31日，红旗村第一党小组按照红旗村群众路线教育实践活动的部署，扎实开展党的群众路线教育实践活动，共召开各类会议1次，收集意见建议1条。现将有关情况总结如下。');
    // The township-wide whole: phase 2's session counts too.
    expect((await get('office', `/api/campaigns/${campaign.id}/summary`)).json().figures.study).toMatchObject({ sessions: 3, attendances: 6, minutes: 570 });

    // Five first saves at once of the whole campaign's summary (no phase) leave one row.
    const saves = await Promise.all([1, 2, 3, 4, 5].map(() =>
      post('office', `/api/campaigns/${campaign.id}/summary`, { orgId: t.tree.orgs.child.id, phaseId: null, title: whole.title, sections: whole.sections })));
    expect(saves.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await t.deps.db.selectFrom('campaign_summaries').select(['phase_id', 'phase_key']).execute()).toEqual([{ phase_id: null, phase_key: 'campaign' }]);
    expect((await get('inspector', `/api/campaigns/${campaign.id}/summaries`)).json()).toEqual({
      items: [{ orgId: t.tree.orgs.child.id, orgName: '红旗村第一党小组', phaseId: null, phaseTitle: null, title: whole.title, updatedAt: '2026-03-01T08:00:00.000Z', updatedBy: 'office用户' }],
      canWrite: false,
    });
    expect((await get('secretary', `/api/campaigns/${campaign.id}/summaries`)).json().canWrite).toBe(true);
    expect((await get('cadre', `/api/campaigns/${campaign.id}/summaries`)).json()).toEqual({ items: [], canWrite: false });
  });

  it('lets the office and secretaries write, inspectors read, nobody else; outside the campaign is not found', async () => {
    await seed();
    const own = t.tree.orgs.own.id;
    const url = (orgId: string, extra = '') => `/api/campaigns/${campaign.id}/summary?orgId=${orgId}${extra}`;
    const save = (who: string, orgId: string, phaseId: string | null = null) =>
      post(who, `/api/campaigns/${campaign.id}/summary`, { orgId, phaseId, title: '总结', sections: [{ key: 'overview', title: '基本情况', body: '……' }] });
    const status = async (p: Promise<{ statusCode: number; json(): { error?: { code: string } } }>) => {
      const res = await p;
      return [res.statusCode, res.json().error?.code ?? 'ok'];
    };
    expect(await status(get('inspector', url(own)))).toEqual([200, 'ok']);
    expect(await status(get('cadre', url(own)))).toEqual([403, 'forbidden']);
    expect(await status(get('surveyor', url(own)))).toEqual([403, 'forbidden']);
    expect(await status(save('inspector', own))).toEqual([403, 'forbidden']);
    expect(await status(save('cadre', own))).toEqual([403, 'forbidden']);
    // Outside the campaign's subtree, another campaign's phase, an unknown campaign: not found.
    expect(await status(get('admin', url(t.tree.orgs.sibling.id)))).toEqual([404, 'not_found']);
    expect(await status(get('secretary', url(t.tree.orgs.root.id)))).toEqual([404, 'not_found']);
    const other = (await post('admin', '/api/campaigns', { orgId: t.tree.orgs.other.id, title: '另一镇活动', phases: threePhases })).json();
    expect(await status(get('office', url(own, `&phaseId=${other.phases[0].id}`)))).toEqual([404, 'not_found']);
    expect(await status(get('office', `/api/campaigns/${other.id}/summary`))).toEqual([404, 'not_found']);
    expect(await status(save('office', own, other.phases[0].id))).toEqual([404, 'not_found']);
    expect(await t.deps.db.selectFrom('campaign_summaries').selectAll().execute()).toEqual([]);
    expect(await status(save('secretary', t.tree.orgs.child.id, campaign.phases[1].id))).toEqual([200, 'ok']);
    expect(await status(save('office', own))).toEqual([200, 'ok']);
  });

  it('exports the saved summary to Word in the official layout', async () => {
    await seed();
    const phase1 = campaign.phases[0].id;
    const draft = (await get('office', `/api/campaigns/${campaign.id}/summary?phaseId=${phase1}`)).json();
    await post('office', `/api/campaigns/${campaign.id}/summary`, { orgId: t.tree.orgs.own.id, phaseId: phase1, title: '第一环节总结', sections: draft.sections.slice(0, 2) });
    const res = await get('inspector', `/api/campaigns/${campaign.id}/summary.docx?phaseId=${phase1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="summary.docx"; filename*=UTF-8''${encodeURIComponent('第一环节总结.docx')}`);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(text).toEqual(['第一环节总结', '一、基本情况', draft.sections[0].body, '二、会议召开情况', draft.sections[1].body, '红旗村党支部', '2026年3月1日']);
    // A4, margins 37/35/28/26 mm, 22 lines of 28 characters.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"\/>/);

    // A title longer than a line breaks before its quotation, both lines fitting.
    await post('office', `/api/campaigns/${campaign.id}/summary`, { orgId: t.tree.orgs.own.id, phaseId: phase1, title: draft.title, sections: draft.sections.slice(0, 1) });
    const long = await get('office', `/api/campaigns/${campaign.id}/summary.docx?phaseId=${phase1}`);
    const longXml = await (await JSZip.loadAsync(long.rawPayload)).file('word/document.xml')!.async('string');
    expect([...longXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).slice(0, 3)).toEqual(['红旗村党支部', '“学习教育、听取意见”环节工作总结', '一、基本情况']);
  });
});
