import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { materialCampaign, sections, userAt } from '../../../test/materials.js';

describe('check-comparison materials: the workflow', () => {
  let t: TestApp;
  let campaignId: string;
  beforeEach(async () => {
    t = await createTestApp();
    campaignId = await materialCampaign(t);
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const put = (who: string, url: string, payload: object) => t.as(who, { method: 'PUT', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  // A minute passes between steps, so that the reviews' order is their time's.
  const later = () => t.deps.clock.advance(60_000);
  const countRows = async (table: 'material_versions' | 'material_reviews' | 'material_problems' | 'materials') =>
    Number((await t.deps.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('runs draft → submitted → returned → revised → submitted → approved, keeping every submitted version', async () => {
    // 我的对照检查材料: the campaign of the cadre's org, open for materials, no material yet.
    const mine = await get('cadre', '/api/my/materials');
    expect(mine.json()).toEqual({
      canWrite: true,
      items: [{
        campaign: { id: campaignId, title: '群众路线教育实践活动', orgName: '红旗村党支部', state: 'running', phaseTitle: '查摆问题、开展批评', phaseOpen: true },
        orgs: [{ id: t.tree.orgs.own.id, name: '红旗村党支部' }],
        material: null,
      }],
    });

    const created = await post('cadre', '/api/materials', { campaignId });
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({
      title: 'cadre用户同志个人对照检查材料', status: 'draft', version: 1, org: { id: t.tree.orgs.own.id, name: '红旗村党支部' },
      author: { id: t.tree.users.cadre.personId, name: 'cadre用户' }, abilities: ['edit', 'submit', 'export'], phaseOpen: true, warnings: [], reviews: [],
    });
    expect(m.sections).toEqual({ intro: '', problems: { formalism: [], bureaucratism: [], hedonism: [], extravagance: [] }, causes: [], measures: [] });
    // One per cadre per campaign.
    const again = await post('cadre', '/api/materials', { campaignId });
    expect([again.statusCode, again.json().error.code, again.json().error.message]).toEqual([409, 'material_exists', '您在“群众路线教育实践活动”中已有对照检查材料，请打开它继续撰写']);

    // A problem assigned to the cadre and not yet addressed: the material warns.
    const problem = (await post('office', '/api/problems', { title: '下村调研走过场', category: 'formalism', ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, sources: [{ type: 'inspector', note: '督导组发现' }] })).json();
    expect((await get('cadre', `/api/materials/${m.id}`)).json().warnings).toEqual([{ id: problem.id, title: '下村调研走过场', status: 'open', category: 'formalism' }]);

    // Saves of the draft overwrite version 1; linking the problem clears the warning.
    const saved = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ links: [problem.id] }) });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ status: 'draft', version: 1, warnings: [], problems: { [problem.id]: { title: '下村调研走过场' } } });
    expect(saved.json().sections.problems.formalism).toEqual([{ key: 'f0', text: '学习不够深入，满足于读原文、记笔记', problemIds: [problem.id] }]);
    expect(await countRows('material_versions')).toBe(1);
    expect(await t.deps.db.selectFrom('material_problems').select(['problem_id', 'item_key']).execute()).toEqual([{ problem_id: problem.id, item_key: 'f0' }]);

    later();
    const submitted = await post('cadre', `/api/materials/${m.id}/submit`, { comment: '请审核' });
    expect(submitted.json()).toMatchObject({ status: 'submitted', version: 1, abilities: ['export'], versions: [{ version: 1, submitted: true }] });
    // Under review, the author waits.
    const early = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ intro: '改' }) });
    expect([early.statusCode, early.json().error.code, early.json().error.message]).toEqual([409, 'material_status', '材料当前为“待审核”，不能执行此操作']);

    // The secretary of the org sees it, with the abilities of a reviewer, and returns it.
    expect((await get('secretary', `/api/materials/${m.id}`)).json().abilities).toEqual(['review', 'comment', 'export']);
    later();
    const returned = await post('secretary', `/api/materials/${m.id}/return`, { comment: '原因剖析不深，请补充宗旨意识方面' });
    expect(returned.json()).toMatchObject({ status: 'returned', version: 1 });
    expect(returned.json().reviews.map((r: { action: string; comment: string; by: string; version: number }) => [r.action, r.comment, r.by, r.version])).toEqual([
      ['submitted', '请审核', 'cadre用户', 1], ['returned', '原因剖析不深，请补充宗旨意识方面', 'secretary用户', 1],
    ]);
    const told = await get('cadre', '/api/notifications');
    expect(told.json().items[0]).toMatchObject({ kind: 'material.review', title: '“cadre用户同志个人对照检查材料”被退回修改', body: '原因剖析不深，请补充宗旨意识方面', link: `/materials/${m.id}` });

    // The first save after the return starts version 2; the next overwrites it; version 1 stays.
    const v2 = sections({ links: [problem.id], causes: ['理想信念有所放松', '宗旨意识淡化，对群众的困难感受不深'] });
    expect((await put('cadre', `/api/materials/${m.id}`, { sections: v2 })).json()).toMatchObject({ status: 'revised', version: 2, abilities: ['edit', 'submit', 'export'] });
    const v2b = sections({ links: [problem.id], causes: ['理想信念有所放松', '宗旨意识淡化，对群众的急难愁盼感受不深'], measures: ['每月驻村不少于 5 天', '建立民情台账'] });
    expect((await put('cadre', `/api/materials/${m.id}`, { title: '个人对照检查材料（修改稿）', sections: v2b })).json()).toMatchObject({ status: 'revised', version: 2, title: '个人对照检查材料（修改稿）' });
    expect(await countRows('material_versions')).toBe(2);
    const first = (await get('secretary', `/api/materials/${m.id}/versions/1`)).json();
    expect(first.sections.causes.map((c: { text: string }) => c.text)).toEqual(['理想信念有所放松']);

    // Side by side: both versions' sections, for the page to diff.
    const compare = (await get('secretary', `/api/materials/${m.id}/compare?from=1&to=2`)).json();
    expect(compare.from).toMatchObject({ version: 1, by: 'cadre用户' });
    expect(compare.to.version).toBe(2);
    expect(compare.from.sections.causes.map((c: { text: string }) => c.text)).toEqual(['理想信念有所放松']);
    expect(compare.to.sections.causes.map((c: { text: string }) => c.text)).toEqual(['理想信念有所放松', '宗旨意识淡化，对群众的急难愁盼感受不深']);
    expect(compare.to.sections.measures.map((c: { text: string }) => c.text)).toEqual(['每月驻村不少于 5 天', '建立民情台账']);
    expect((await get('secretary', `/api/materials/${m.id}/compare?from=1&to=3`)).statusCode).toBe(404);

    // Resubmitted; an inspector comments; the secretary approves.
    later();
    expect((await post('cadre', `/api/materials/${m.id}/submit`, {})).json()).toMatchObject({ status: 'submitted', version: 2 });
    later();
    const commented = await post('inspector', `/api/materials/${m.id}/comments`, { comment: '整改措施较具体' });
    expect(commented.json()).toMatchObject({ status: 'submitted', abilities: ['comment', 'export'] });
    later();
    const approved = await post('secretary', `/api/materials/${m.id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'approved', version: 2, approvedAt: '2026-03-01T08:05:00.000Z', abilities: ['comment', 'export'] });
    expect((await get('cadre', `/api/materials/${m.id}`)).json().abilities).toEqual(['export']);
    expect(approved.json().reviews.map((r: { action: string; version: number }) => `${r.action}@${r.version}`)).toEqual(['submitted@1', 'returned@1', 'submitted@2', 'comment@2', 'approved@2']);
    // Version 1 as last saved before its submission, version 2 as last saved after the return.
    expect(approved.json().versions).toEqual([
      { version: 1, createdAt: '2026-03-01T08:00:00.000Z', by: 'cadre用户', submitted: true },
      { version: 2, createdAt: '2026-03-01T08:02:00.000Z', by: 'cadre用户', submitted: true },
    ]);

    // Approved is final: an edit is refused and nothing is stored.
    const before = await countRows('material_versions');
    const late = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ intro: '再改一处' }) });
    expect([late.statusCode, late.json().error.code, late.json().error.message]).toEqual([409, 'material_approved', '材料已审核通过，不能再修改']);
    expect(await countRows('material_versions')).toBe(before);
    expect((await get('cadre', `/api/materials/${m.id}/versions/2`)).json().sections.intro).toBe(sections().intro);
    // The list and the author's own page show it approved.
    expect((await get('secretary', `/api/materials?campaignId=${campaignId}&status=approved`)).json().items.map((i: { id: string }) => i.id)).toEqual([m.id]);
    expect((await get('cadre', '/api/my/materials')).json().items[0].material).toMatchObject({ id: m.id, status: 'approved' });
  });

  it('refuses approving one\'s own material, and the author\'s comments on it', async () => {
    // The office writes its own material: it may review others in its subtree, never its own.
    const m = (await post('office', '/api/materials', { campaignId })).json();
    await put('office', `/api/materials/${m.id}`, { sections: sections() });
    await post('office', `/api/materials/${m.id}/submit`, {});
    expect((await get('office', `/api/materials/${m.id}`)).json().abilities).toEqual(['export']);
    for (const action of ['approve', 'return']) {
      const res = await post('office', `/api/materials/${m.id}/${action}`, { comment: '我自己看过了' });
      expect([res.statusCode, res.json().error.code, res.json().error.message]).toEqual([403, 'material_review_own', '不能审核自己的对照检查材料，须由所在组织或上级组织的书记或领导小组办公室审核']);
    }
    expect((await post('office', `/api/materials/${m.id}/comments`, { comment: '自评' })).statusCode).toBe(403);
    expect((await get('office', `/api/materials/${m.id}`)).json().status).toBe('submitted');
    // Someone else may.
    expect((await post('secretary', `/api/materials/${m.id}/approve`, {})).json().status).toBe('approved');
  });

  it('checks what is written: problem links within reach, sizes, keys, something to submit', async () => {
    const m = (await post('cadre', '/api/materials', { campaignId })).json();
    // Submitting an empty material says what is missing.
    const empty = await post('cadre', `/api/materials/${m.id}/submit`, {});
    expect([empty.statusCode, empty.json().error.code]).toEqual([422, 'material_empty']);
    // A problem not assigned to the cadre is out of their sight, as is an unknown id.
    const others = (await post('office', '/api/problems', { title: '办事窗口推诿', category: 'bureaucratism', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '发现' }] })).json();
    for (const id of [others.id, 'no-such-problem']) {
      const res = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ links: [id] }) });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'material_problem_unknown']);
    }
    const long = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ formalism: ['长'.repeat(2001)] }) });
    expect([long.statusCode, long.json().error.details]).toEqual([422, [{ path: 'sections.problems.formalism.0.text', message: expect.any(String) }]]);
    const twice = sections();
    twice.measures = [{ key: 'f0', text: '重复的标识' }];
    const dup = await put('cadre', `/api/materials/${m.id}`, { sections: twice });
    expect([dup.statusCode, dup.json().error.details.map((d: { path: string }) => d.path)]).toEqual([422, ['sections.measures.0.key']]);
    const huge = await put('cadre', `/api/materials/${m.id}`, { sections: sections({ formalism: Array.from({ length: 30 }, () => '问'.repeat(2000)) }) });
    expect([huge.statusCode, huge.json().error.details.map((d: { path: string }) => d.path)]).toEqual([422, ['sections']]);
    // Nothing of that was stored.
    expect((await get('cadre', `/api/materials/${m.id}`)).json().sections.intro).toBe('');
    expect(await countRows('material_problems')).toBe(0);
  });

  it('opens writing and submitting only in a phase that opens materials; reviewing goes on after it', async () => {
    const m = (await post('cadre', '/api/materials', { campaignId })).json();
    await put('cadre', `/api/materials/${m.id}`, { sections: sections() });
    await post('cadre', `/api/materials/${m.id}/submit`, {});
    await userAt(t, 'late', 'cadre', t.tree.orgs.own.id);
    // The office moves the phases on: today falls in the third (整改落实、建章立制), which does not open materials.
    const phases = (days: [string, string][]) => ({ phases: days.map(([startDay, endDay], i) => ({ key: `p${i + 1}`, title: ['学习教育、听取意见', '查摆问题、开展批评', '整改落实、建章立制'][i], startDay, endDay, settings: { materials: i === 1 } })) });
    expect((await t.as('office', { method: 'PATCH', url: `/api/campaigns/${campaignId}`, payload: phases([['2026-01-01', '2026-01-31'], ['2026-02-01', '2026-02-28'], ['2026-03-01', '2026-07-31']]) })).statusCode).toBe(200);
    const closed = await post('late', '/api/materials', { campaignId });
    expect([closed.statusCode, closed.json().error.code, closed.json().error.message]).toEqual([409, 'phase_closed', '“群众路线教育实践活动”当前处于“整改落实、建章立制”阶段，该阶段不开放对照检查材料']);
    // Reviewing goes on: the secretary returns it; the author cannot revise until a phase opens materials again.
    const returned = await post('secretary', `/api/materials/${m.id}/return`, { comment: '请补充' });
    expect(returned.json()).toMatchObject({ status: 'returned', phaseOpen: false, phaseTitle: '整改落实、建章立制', abilities: ['comment', 'export'] });
    expect((await get('cadre', `/api/materials/${m.id}`)).json().abilities).toEqual(['export']);
    expect((await put('cadre', `/api/materials/${m.id}`, { sections: sections({ intro: '补充' }) })).json().error.code).toBe('phase_closed');
    // A campaign that has ended is in no phase at all.
    await t.as('office', { method: 'PATCH', url: `/api/campaigns/${campaignId}`, payload: phases([['2026-01-01', '2026-01-10'], ['2026-01-11', '2026-01-20'], ['2026-01-21', '2026-02-27']]) });
    const after = await post('late', '/api/materials', { campaignId });
    expect([after.statusCode, after.json().error.message]).toEqual([409, '“群众路线教育实践活动”今天不在任何阶段内（2026-01-01 至 2026-02-27），不能撰写或提交对照检查材料']);
    expect(await countRows('materials')).toBe(1);
  });

  it('writes as one of the author\'s orgs within the campaign, chosen when there are several', async () => {
    // A cadre of the child org writes as the child; the secretary of own (above) reviews.
    await userAt(t, 'childcadre', 'cadre', t.tree.orgs.child.id);
    const m = (await post('childcadre', '/api/materials', { campaignId })).json();
    expect(m.org).toEqual({ id: t.tree.orgs.child.id, name: '红旗村第一党小组' });
    // Someone in both own and child must say which.
    const both = await userAt(t, 'twoorgs', 'cadre', t.tree.orgs.own.id);
    await t.deps.db.insertInto('memberships').values({ person_id: both, org_id: t.tree.orgs.child.id, created_at: '2026-03-01T00:00:00.000Z' }).execute();
    expect((await post('twoorgs', '/api/materials', { campaignId })).json().error.code).toBe('material_org_required');
    expect((await post('twoorgs', '/api/materials', { campaignId, orgId: t.tree.orgs.sibling.id })).json().error.code).toBe('material_org_invalid');
    expect((await post('twoorgs', '/api/materials', { campaignId, orgId: t.tree.orgs.child.id })).json().org.id).toBe(t.tree.orgs.child.id);
    // A campaign of another township: not found; of the sibling village: no org of theirs within it.
    const siblingCampaign = await materialCampaign(t, t.tree.orgs.sibling.id, 'admin');
    expect((await post('cadre', '/api/materials', { campaignId: siblingCampaign })).statusCode).toBe(404);
    const rootCampaign = (await t.as('admin', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.root.id, title: '全镇活动', template: 'custom', phases: [{ key: 'p', title: '查摆', startDay: '2026-02-16', endDay: '2026-04-30', settings: { materials: true } }] } })).json();
    await userAt(t, 'sibcadre', 'cadre', t.tree.orgs.sibling.id);
    expect((await post('sibcadre', '/api/materials', { campaignId: rootCampaign.id })).json().org.id).toBe(t.tree.orgs.sibling.id);
    // A surveyor has no material to write.
    expect((await post('surveyor', '/api/materials', { campaignId })).statusCode).toBe(403);
  });
});
