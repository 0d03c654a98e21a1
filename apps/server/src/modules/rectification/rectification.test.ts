import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { markersIn, multiPictureJpeg } from '../../../test/images.js';

// The smallest PNG there is: one transparent pixel.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' + '0000000970485973000003e8000003e801b57b526b0000000d494441540899636060606000000005000187a14ed40000000049454e44ae426082', 'hex');

describe('rectification items', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const problem = async (ownerOrgId = t.tree.orgs.own.id, who = 'office') => {
    const res = await post(who, '/api/problems', { title: '村道坑洼无人管护', category: 'livelihood', ownerOrgId, sources: [{ type: 'inspector', note: '督导组走访发现' }] });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const item = (problemIds: string[], extra: object = {}) => ({
    problemIds, title: '修复红旗村三组村道', measures: '筹集资金，硬化三组至小学路段 800 米', commitment: '6 月底前修好三组到小学的路',
    ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, deadline: '2026-06-30',
    milestones: [{ title: '筹集资金', dueDay: '2026-03-31', weight: 40 }, { title: '完成硬化', dueDay: '2026-06-15', weight: 60 }], ...extra,
  });

  it('creates an item with milestones, moves it forward with evidence, verifies it, and the problem follows', async () => {
    const p = await problem();
    const created = await post('secretary', '/api/rectifications', item([p]));
    expect(created.statusCode).toBe(201);
    const it0 = created.json();
    expect(it0).toMatchObject({ status: 'planned', progress: 0, overdue: false, ownerPerson: { id: t.tree.users.cadre.personId }, problems: [{ id: p, status: 'rectifying' }], published: false });
    expect(it0.milestones.map((m: { weight: number }) => m.weight)).toEqual([40, 60]);
    expect(it0.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    // The owner in person reports progress and reaches the first milestone: 40 %, started.
    const [m1] = it0.milestones;
    const progressed = await post('cadre', `/api/rectifications/${it0.id}/progress`, { body: '已筹集资金 24 万元', milestoneIds: [m1.id] });
    expect(progressed.statusCode).toBe(201);
    expect(progressed.json()).toMatchObject({ status: 'in_progress', progress: 40 });
    expect(progressed.json().abilities).toEqual(['progress']);
    const update = progressed.json().timeline.find((e: { kind: string }) => e.kind === 'progress');
    // A photo documents that update; a file that only claims to be one is refused.
    const photo = await t.as('cadre', { method: 'POST', url: `/api/rectifications/${it0.id}/attachments?name=${encodeURIComponent('票据.png')}&updateId=${update.id}`, headers: { 'content-type': 'image/png' }, payload: PNG });
    expect(photo.statusCode).toBe(201);
    const fake = await t.as('cadre', { method: 'POST', url: `/api/rectifications/${it0.id}/attachments?name=x.png`, headers: { 'content-type': 'image/png' }, payload: Buffer.from('not an image at all') });
    expect([fake.statusCode, fake.json().error.code]).toEqual([422, 'attachment_type']);
    const withPhoto = (await get('cadre', `/api/rectifications/${it0.id}`)).json();
    expect(withPhoto.timeline.find((e: { id: string }) => e.id === update.id).attachments).toEqual([expect.objectContaining({ name: '票据.png', mime: 'image/png', released: false })]);
    // A phone photo: stored re-encoded without its GPS, with a thumbnail for the timeline.
    const site = await t.as('cadre', { method: 'POST', url: `/api/rectifications/${it0.id}/attachments?name=site.jpg&updateId=${update.id}`, headers: { 'content-type': 'image/jpeg' }, payload: await multiPictureJpeg() });
    expect(site.statusCode).toBe(201);
    const full = await get('inspector', `/api/rectifications/${it0.id}/attachments/${site.json().id}`);
    const thumb = await get('inspector', `/api/rectifications/${it0.id}/attachments/${site.json().id}?size=thumb`);
    expect([full.statusCode, thumb.statusCode, thumb.headers['content-type']]).toEqual([200, 200, 'image/jpeg']);
    expect([markersIn(full.rawPayload), markersIn(thumb.rawPayload)]).toEqual([[], []]);
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 320, height: 240 });
    expect(thumb.rawPayload.length).toBeLessThan(full.rawPayload.length);

    // Done needs what was done; verification is not for the owner.
    expect((await post('cadre', `/api/rectifications/${it0.id}/status`, { status: 'done' })).json().error.code).toBe('rect_done_note_required');
    const done = await post('cadre', `/api/rectifications/${it0.id}/status`, { status: 'done', reason: '路段已硬化并通过村民代表查看' });
    expect(done.json()).toMatchObject({ status: 'done', progress: 100, doneDay: '2026-03-01', verdicts: expect.objectContaining({ round: 1, counted: expect.objectContaining({ total: 0 }) }) });
    expect((await post('cadre', `/api/rectifications/${it0.id}/status`, { status: 'verified', reason: '自己验收' })).statusCode).toBe(403);
    const verified = await post('inspector', `/api/rectifications/${it0.id}/status`, { status: 'verified', reason: '督导组实地查看，路面平整' });
    expect(verified.json()).toMatchObject({ status: 'verified', verifiedDay: '2026-03-01', problems: [{ id: p, status: 'resolved' }] });

    // Back needs a reason; with one the problem is being fixed again.
    expect((await post('inspector', `/api/rectifications/${it0.id}/status`, { status: 'in_progress' })).json().error.code).toBe('rect_reason_required');
    const back = await post('inspector', `/api/rectifications/${it0.id}/status`, { status: 'in_progress', reason: '雨后路面又出现坑洼' });
    expect(back.json()).toMatchObject({ status: 'in_progress', progress: 40, problems: [{ status: 'rectifying' }] });

    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'rectification').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['rectification.create', 'rectification.progress', 'rectification.status', 'rectification.verify', 'rectification.status']);
  });

  it('fixes on the spot (立行立改): done at once, with what was done', async () => {
    const p = await problem();
    const res = await post('office', '/api/rectifications', { ...item([p], { deadline: undefined, milestones: [] }), onTheSpot: { note: '当场清理了路面积水' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', onTheSpot: true, progress: 100, deadline: '2026-03-01' });
    expect(res.json().timeline.map((e: { kind: string; toStatus: string | null }) => [e.kind, e.toStatus])).toEqual([['created', null], ['status', 'done']]);
    // The office marked it done, so the office cannot verify it; an inspector can.
    expect((await post('office', `/api/rectifications/${res.json().id}/status`, { status: 'verified', reason: '看过了' })).json().error.code).toBe('rect_verify_own');
    expect(res.json().abilities).not.toContain('verify');
    expect((await get('inspector', `/api/rectifications/${res.json().id}`)).json().abilities).toContain('verify');
  });

  it('refuses bad input with clear messages and stores nothing', async () => {
    const p = await problem();
    const foreign = await t.deps.db.selectFrom('problems').select('id').executeTakeFirstOrThrow();
    const cases: [object, number, string][] = [
      [item([p], { deadline: '2026-02-28' }), 422, 'rect_deadline_past'],
      [item([p], { milestones: [{ title: '一', dueDay: '2026-03-10', weight: 40 }, { title: '二', dueDay: '2026-04-10', weight: 50 }] }), 422, 'rect_milestone_weights'],
      [item([p], { milestones: [{ title: '晚了', dueDay: '2026-07-10', weight: 100 }] }), 422, 'rect_milestone_after_deadline'],
      [item(['no-such-problem']), 422, 'rect_problem_invalid'],
      [item([p], { ownerOrgId: t.tree.orgs.other.id }), 404, 'not_found'],
      [item([p], { ownerPersonId: t.tree.members.sibling }), 422, 'owner_person_not_member'],
      [item([p], { deadline: undefined }), 422, 'rect_deadline_required'],
      [item([p], { title: '' }), 422, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('office', '/api/rectifications', body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    expect(foreign.id).toBe(p);
    for (const table of ['rectifications', 'rectification_problems', 'rectification_milestones', 'rectification_updates'] as const) {
      expect(await t.deps.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
    expect((await t.deps.db.selectFrom('org_counts').select('metric').where('metric', 'like', 'rect.%').execute())).toEqual([]);
  });

  it('edits milestones but never drops one reached, and refuses a milestone that is not there', async () => {
    const id = (await post('office', '/api/rectifications', item([await problem()]))).json().id;
    const detail = (await get('office', `/api/rectifications/${id}`)).json();
    await post('cadre', `/api/rectifications/${id}/progress`, { body: '资金到位', milestoneIds: [detail.milestones[0].id] });
    const drop = await t.as('office', { method: 'PATCH', url: `/api/rectifications/${id}`, payload: { milestones: [{ title: '完成硬化', dueDay: '2026-06-15', weight: 100 }] } });
    expect([drop.statusCode, drop.json().error.code]).toEqual([409, 'rect_milestone_done_removed']);
    const keep = await t.as('office', { method: 'PATCH', url: `/api/rectifications/${id}`, payload: { milestones: [{ id: detail.milestones[0].id, title: '筹集资金', dueDay: '2026-03-31', weight: 20 }, { title: '招标', dueDay: '2026-04-30', weight: 30 }, { title: '完成硬化', dueDay: '2026-06-15', weight: 50 }] } });
    expect(keep.statusCode).toBe(200);
    expect(keep.json()).toMatchObject({ progress: 20 });
    expect(keep.json().milestones.map((m: { doneDay: string | null }) => m.doneDay)).toEqual(['2026-03-01', null, null]);
    const twice = await post('cadre', `/api/rectifications/${id}/progress`, { body: '再报一次', milestoneIds: [detail.milestones[0].id] });
    expect([twice.statusCode, twice.json().error.code]).toEqual([422, 'rect_milestone_unknown']);
  });

  it('rolls progress up item → org → campaign, weighted, and names the items that drag', async () => {
    const p = await problem();
    const a = (await post('office', '/api/rectifications', item([p], { weight: 3 }))).json();
    const b = (await post('office', '/api/rectifications', item([p], { ownerOrgId: t.tree.orgs.child.id, ownerPersonId: null, title: '小组的事项', milestones: [{ title: '全部', dueDay: '2026-04-01', weight: 100 }], deadline: '2026-04-01' }))).json();
    await post('cadre', `/api/rectifications/${a.id}/progress`, { body: '资金到位', milestoneIds: [a.milestones[0].id] });
    // a: 40 % × 3, b: 0 % × 1 → 30 % for the subtree of own.
    const own = (await get('office', `/api/rectifications/progress?orgId=${t.tree.orgs.own.id}`)).json();
    expect(own.orgs[0]).toMatchObject({ orgId: t.tree.orgs.own.id, items: 2, progress: 30, byStatus: { planned: 1, in_progress: 1, done: 0, verified: 0 }, overdue: 0 });
    expect(own.orgs[1]).toMatchObject({ orgId: t.tree.orgs.child.id, items: 1, progress: 0 });
    expect(own.dragging.map((d: { id: string }) => d.id)).toEqual([b.id, a.id]);
    // Past b's deadline it is overdue, everywhere.
    t.deps.clock.advance(32 * 86_400_000);
    // (Fresh sessions: the office's expired meanwhile.)
    const later = (await get('secretary', `/api/rectifications/progress?orgId=${t.tree.orgs.own.id}`)).json();
    expect([later.orgs[0].overdue, later.dragging[0]]).toEqual([1, expect.objectContaining({ id: b.id, overdue: true })]);
    expect((await get('inspector', '/api/rectifications?overdue=true')).json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
  });

  it('walks a problem’s trail on: items, their verdicts, the rules made because of it', async () => {
    const p = await problem();
    const created = (await post('office', '/api/rectifications', item([p]))).json();
    const rule = await post('office', '/api/regulations', { title: '村道管护制度', orgId: t.tree.orgs.own.id, type: 'new', effectiveDay: '2026-03-01', problemIds: [p] });
    expect(rule.statusCode).toBe(201);
    const trail = (await get('secretary', `/api/problems/${p}/trail`)).json();
    expect(trail).toEqual({
      items: [{ id: created.id, title: '修复红旗村三组村道', status: 'planned', deadline: '2026-06-30', overdue: false, progress: 0, published: false, verdicts: expect.objectContaining({ counted: expect.objectContaining({ total: 0 }) }) }],
      regulations: [{ id: rule.json().id, title: '村道管护制度', type: 'new', effectiveDay: '2026-03-01', orgName: '红旗村党支部' }],
    });
    expect((await get('surveyor', `/api/problems/${p}/trail`)).statusCode).toBe(404);
  });

  it('shows each reader what the org tree allows', async () => {
    const p = await problem();
    const mine = (await post('office', '/api/rectifications', item([p]))).json().id;
    const notMine = (await post('office', '/api/rectifications', item([p], { ownerPersonId: null, title: '别人的事项' }))).json().id;
    expect((await get('secretary', '/api/rectifications')).json().items).toHaveLength(2);
    expect((await get('cadre', '/api/rectifications')).json().items.map((i: { id: string }) => i.id)).toEqual([mine]);
    expect((await get('cadre', `/api/rectifications/${notMine}`)).statusCode).toBe(404);
    // A cadre does not move an item they do not own, nor edit their own.
    expect((await t.as('cadre', { method: 'PATCH', url: `/api/rectifications/${mine}`, payload: { title: '改个名' } })).statusCode).toBe(403);
    // The secretary moves an item with no owner named; an inspector only reads and verifies.
    expect((await post('secretary', `/api/rectifications/${notMine}/progress`, { body: '已开工' })).statusCode).toBe(201);
    expect((await post('inspector', `/api/rectifications/${notMine}/progress`, { body: '看看' })).statusCode).toBe(403);
    expect((await post('secretary', `/api/rectifications/${mine}/publish`, { published: true })).statusCode).toBe(403);
    expect((await get('surveyor', '/api/rectifications/progress')).statusCode).toBe(403);
  });
});
