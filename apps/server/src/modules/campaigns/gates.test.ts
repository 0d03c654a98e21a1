import { errorMessage } from '@massline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';

const DAY = 86_400_000;
// The clock stands at 2026-03-01: in the first phase, which opens neither rectification nor the second evaluation.
const threePhases = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];
const yesNo = [{ value: 'yes', label: '满意' }, { value: 'no', label: '不满意' }];
const ballotDefinition = { sections: [{ key: 's', questions: [{ key: 'q', type: 'single', label: '领导班子', required: true, options: yesNo }] }] };

describe('phase gates read by other modules', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}, lang?: string) =>
    t.as(who, { method: 'POST', url, payload, headers: lang ? { 'accept-language': lang } : {} });
  const startCampaign = async (orgId: string) => {
    const res = await post('office', '/api/campaigns', { orgId, title: '红旗村群众路线教育实践活动', phases: threePhases });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const problem = async (orgId: string, who = 'office') => {
    const res = await post(who, '/api/problems', { title: '路灯不亮', category: 'livelihood', ownerOrgId: orgId, sources: [{ type: 'inspector', note: '督导组夜查发现' }] });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const item = (problemId: string, ownerOrgId: string, lang?: string, who = 'office') =>
    post(who, '/api/rectifications', { problemIds: [problemId], title: '修路灯', measures: '更换路灯 12 盏', commitment: '月底前全亮', ownerOrgId, deadline: '2026-12-31' }, lang);
  /** Days pass; the test sessions are kept alive (they would have ended after 12 idle hours). */
  const advance = async (days: number) => {
    t.deps.clock.advance(days * DAY);
    const now = t.deps.clock.now();
    await t.deps.db.updateTable('sessions').set({ created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + 3600_000).toISOString() }).execute();
  };
  const itemCount = async () => (await t.deps.db.selectFrom('rectifications').select('id').execute()).length;

  it('refuses a rectification item while the owner org\'s campaign is in a phase that does not open rectification; phase 2 allows it', async () => {
    await startCampaign(t.tree.orgs.own.id);
    const problemId = await problem(t.tree.orgs.child.id);

    // The campaign of `own` covers its child: the item is refused, in either language, and nothing is written.
    const refused = await item(problemId, t.tree.orgs.child.id);
    expect(refused.statusCode).toBe(409);
    const params = { campaign: '红旗村群众路线教育实践活动', phase: '学习教育、听取意见', what: '整改事项', whatEn: 'rectification items' };
    expect(refused.json().error).toEqual({ code: 'phase_closed', message: errorMessage('phase_closed', 'zh-CN', params) });
    expect(refused.json().error.message).toBe('“红旗村群众路线教育实践活动”当前处于“学习教育、听取意见”阶段，该阶段不开放整改事项');
    expect((await item(problemId, t.tree.orgs.child.id, 'en')).json().error.message)
      .toBe('"红旗村群众路线教育实践活动" is in its phase "学习教育、听取意见", which does not open rectification items');
    expect(await itemCount()).toBe(0);
    expect(await t.deps.db.selectFrom('rectification_problems').selectAll().execute()).toEqual([]);

    // Moved on to 查摆问题、开展批评 (2026-03-16), which opens rectification.
    await advance(15);
    const made = await item(problemId, t.tree.orgs.child.id);
    expect(made.statusCode).toBe(201);
    expect(await itemCount()).toBe(1);
  });

  it('closes nothing where no campaign covers the org, nor between campaigns', async () => {
    await startCampaign(t.tree.orgs.own.id);
    // `sibling` is outside the campaign's subtree: no phase, no gate.
    const problemId = await problem(t.tree.orgs.sibling.id, 'admin');
    expect((await item(problemId, t.tree.orgs.sibling.id, undefined, 'admin')).statusCode).toBe(201);
    // After the campaign has ended its own org is free again.
    const ownProblem = await problem(t.tree.orgs.own.id);
    await advance(160);
    expect((await item(ownProblem, t.tree.orgs.own.id)).statusCode).toBe(201);
  });

  it('the nearest campaign decides: a branch\'s own campaign in phase 1 closes what the township\'s in phase 2 opens', async () => {
    // The township's campaign began earlier and is in phase 2 today.
    const township = await post('office', '/api/campaigns', {
      orgId: t.tree.orgs.own.id, title: '镇活动',
      phases: [{ startDay: '2026-01-01', endDay: '2026-02-15' }, { startDay: '2026-02-16', endDay: '2026-04-30' }, { startDay: '2026-05-01', endDay: '2026-07-31' }],
    });
    expect(township.statusCode).toBe(201);
    const problemId = await problem(t.tree.orgs.child.id);
    await startCampaign(t.tree.orgs.child.id);
    const refused = await item(problemId, t.tree.orgs.child.id);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'phase_closed']);
    expect((await item(problemId, t.tree.orgs.own.id)).statusCode).toBe(201);
  });

  describe('the second democratic evaluation', () => {
    const ballot = async (title: string) => {
      const res = await post('office', '/api/forms', { orgId: t.tree.orgs.own.id, kind: 'evaluation', title, anonymous: true, distribution: 'codes', definition: ballotDefinition });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const open = (id: string) => post('office', `/api/forms/${id}/open`);
    const castOne = async (id: string) => {
      const { codes } = (await post('office', `/api/forms/${id}/codes`, { orgId: t.tree.orgs.own.id, count: 1 })).json();
      const res = await t.as(null, { method: 'POST', url: `/api/public/forms/${id}/responses`, payload: { answers: { q: 'yes' }, code: codes[0], idempotencyKey: `key-${id}`.padEnd(24, 'x').slice(0, 40) } });
      expect(res.statusCode).toBe(201);
    };
    const status = async (id: string) => (await t.deps.db.selectFrom('forms').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    it('opens the first round in any phase, and a second round only when the phase opens it', async () => {
      await startCampaign(t.tree.orgs.own.id);
      const first = await ballot('第一次民主测评');
      expect((await open(first)).statusCode).toBe(200);
      await castOne(first);
      // The first round may take several ballots within its phase (one per group of cadres).
      const sameRound = await ballot('第一次民主测评（村两委）');
      expect((await open(sameRound)).statusCode).toBe(200);
      const second = await ballot('第二次民主测评');

      // Phase 2 (查摆问题、开展批评): a ballot after the answered one of phase 1 is the second round.
      await advance(20);
      const refused = await open(second);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toBe('“红旗村群众路线教育实践活动”当前处于“查摆问题、开展批评”阶段，该阶段不开放第二次民主测评');
      expect(await status(second)).toBe('draft');
      // Closing and reopening the first round's ballot is not a new round; nor is one nobody answered.
      expect((await post('office', `/api/forms/${first}/close`)).statusCode).toBe(200);
      expect((await open(first)).statusCode).toBe(200);
      // Phase 3 (整改落实、建章立制) opens it.
      await advance(80);
      expect((await open(second)).statusCode).toBe(200);
      expect(await status(second)).toBe('open');
    });

    it('counts only ballots of the same org made during this campaign', async () => {
      // A ballot answered before the campaign began belongs to no round of it.
      const old = await ballot('去年的民主测评');
      await open(old);
      await castOne(old);
      await t.deps.db.updateTable('forms').set({ created_at: '2025-06-01T00:00:00.000Z' }).where('id', '=', old).execute();
      await startCampaign(t.tree.orgs.own.id);
      expect((await open(await ballot('第一次民主测评'))).statusCode).toBe(200);
    });
  });
});
