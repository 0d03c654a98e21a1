import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { openNow } from './index.js';

describe('campaigns and phases', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  // The clock stands at 2026-03-01.
  const threePhases = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];

  it('starts a campaign from the three-phase template and tells everyone below the phase of today', async () => {
    const res = await post('office', '/api/campaigns', { orgId: t.tree.orgs.own.id, title: '红旗村群众路线教育实践活动', phases: threePhases });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ template: 'mass_line', startDay: '2026-02-01', endDay: '2026-07-31', state: 'running', abilities: ['manage'] });
    expect(c.phases.map((p: { key: string; title: string }) => [p.key, p.title])).toEqual([
      ['study_listen', '学习教育、听取意见'], ['find_criticize', '查摆问题、开展批评'], ['rectify_institutionalize', '整改落实、建章立制'],
    ]);
    expect(c.currentPhase).toMatchObject({ key: 'study_listen', settings: { rectification: false } });
    expect(c.phases[1].settings).toEqual({ rectification: true, secondEvaluation: false, materials: true, lifeMeetings: true });

    // A member of the child org reads it as its own campaign; another township does not see it.
    const current = await get('cadre', `/api/campaigns/current?orgId=${t.tree.orgs.child.id}`);
    expect(current.json().campaign).toMatchObject({ id: c.id, currentPhase: { key: 'study_listen' }, abilities: [] });
    expect((await get('secretary', `/api/campaigns/${c.id}`)).statusCode).toBe(200);
    expect((await get('cadre', `/api/campaigns/current?orgId=${t.tree.orgs.other.id}`)).statusCode).toBe(404);
    // What the phase of a day opens, for the other modules' policies; no campaign closes nothing.
    expect(await openNow(t.deps.db, t.tree.orgs.child.path, '2026-03-01')).toMatchObject({ rectification: false, lifeMeetings: false });
    expect(await openNow(t.deps.db, t.tree.orgs.child.path, '2026-06-01')).toMatchObject({ rectification: true, secondEvaluation: true });
    expect(await openNow(t.deps.db, t.tree.orgs.other.path, '2026-03-01')).toBeNull();
    // Moved on a month: the second phase, which opens rectification.
    t.deps.clock.advance(20 * 86_400_000);
    expect((await get('inspector', `/api/campaigns/current?orgId=${t.tree.orgs.own.id}`)).json().campaign.currentPhase).toMatchObject({ key: 'find_criticize', settings: { rectification: true } });
  });

  it('keeps past campaigns readable and picks the running one as current', async () => {
    await post('office', '/api/campaigns', { orgId: t.tree.orgs.own.id, title: '2025 年活动', phases: [{ startDay: '2025-03-01', endDay: '2025-05-31' }, { startDay: '2025-06-01', endDay: '2025-08-31' }, { startDay: '2025-09-01', endDay: '2025-12-31' }] });
    await post('office', '/api/campaigns', { orgId: t.tree.orgs.own.id, title: '2026 年活动', phases: threePhases });
    const list = (await get('secretary', `/api/campaigns?orgId=${t.tree.orgs.own.id}`)).json().items;
    expect(list.map((c: { title: string; state: string }) => [c.title, c.state])).toEqual([['2026 年活动', 'running'], ['2025 年活动', 'ended']]);
    expect((await get('secretary', `/api/campaigns/current?orgId=${t.tree.orgs.own.id}`)).json().campaign.title).toBe('2026 年活动');
  });

  it('refuses overlapping or backward phases, a template without its three phases, and anyone but the office', async () => {
    const own = t.tree.orgs.own.id;
    const cases: [object, number, string][] = [
      [{ orgId: own, title: '活动', phases: [threePhases[0], { startDay: '2026-03-10', endDay: '2026-05-15' }, threePhases[2]] }, 422, 'campaign_phase_overlap'],
      [{ orgId: own, title: '活动', phases: [threePhases[0], { startDay: '2026-05-15', endDay: '2026-03-16' }, threePhases[2]] }, 422, 'campaign_phase_dates'],
      [{ orgId: own, title: '活动', phases: threePhases.slice(0, 2) }, 422, 'campaign_template_phases'],
      [{ orgId: own, title: '活动', template: 'custom', phases: [{ key: 'a', title: '一', ...threePhases[0] }, { key: 'a', title: '二', ...threePhases[1] }] }, 422, 'campaign_phase_keys'],
      [{ orgId: own, title: '', phases: threePhases }, 422, 'validation_failed'],
      [{ orgId: t.tree.orgs.other.id, title: '活动', phases: threePhases }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('office', '/api/campaigns', body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    expect((await post('secretary', '/api/campaigns', { orgId: own, title: '活动', phases: threePhases })).statusCode).toBe(403);
    expect(await t.deps.db.selectFrom('campaigns').selectAll().execute()).toEqual([]);
    expect(await t.deps.db.selectFrom('campaign_phases').selectAll().execute()).toEqual([]);
  });

  it('sets the phases again, still refusing overlaps', async () => {
    const c = (await post('office', '/api/campaigns', { orgId: t.tree.orgs.own.id, title: '活动', phases: threePhases })).json();
    const phases = c.phases.map((p: { key: string; title: string; settings: object }, i: number) => ({ key: p.key, title: p.title, settings: p.settings, ...threePhases[i] }));
    phases[2].endDay = '2026-08-31';
    const res = await t.as('office', { method: 'PATCH', url: `/api/campaigns/${c.id}`, payload: { title: '活动（延长）', phases } });
    expect(res.json()).toMatchObject({ title: '活动（延长）', endDay: '2026-08-31' });
    phases[1].startDay = '2026-03-01';
    const bad = await t.as('office', { method: 'PATCH', url: `/api/campaigns/${c.id}`, payload: { phases } });
    expect(bad.json().error.code).toBe('campaign_phase_overlap');
    expect((await t.as('secretary', { method: 'PATCH', url: `/api/campaigns/${c.id}`, payload: { title: 'x' } })).statusCode).toBe(403);
  });
});
