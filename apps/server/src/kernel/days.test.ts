import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.js';
import { digestJob } from '../modules/notifications/jobs/digest.js';
import { campaignDay, campaignHour } from './clock.js';
import { daily } from './scheduler.js';

/** The clock of the test app starts at 2026-03-01T08:00Z, 16:00 in Beijing. */
const toBeijing = (t: TestApp, hhmm: string, day = '2026-03-01') => {
  const target = Date.parse(`${day}T${hhmm}:00+08:00`);
  t.deps.clock.advance(target - t.deps.clock.now().getTime());
};

describe("the day is Beijing's, not UTC's", () => {
  it('turns at midnight in Beijing: 23:30 is still the day, 00:30 the next one (UTC says otherwise both times)', () => {
    expect(campaignDay(new Date('2026-03-01T15:30:00Z'))).toBe('2026-03-01');
    expect(campaignDay(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(campaignDay(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(daily(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(campaignHour(new Date('2026-03-01T23:30:00Z'))).toBe(7);
  });

  describe('in the app', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp();
    });
    afterEach(() => t.close());

    it('stores the Beijing day on an opinion recorded at 00:30 and at 23:30, and judges deadlines by it', async () => {
      toBeijing(t, '23:30');
      const late = await t.as('secretary', { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'other', content: '晚上十一点半记录' } });
      expect(late.json()).toMatchObject({ day: '2026-03-01' });
      const item = (await t.as('office', { method: 'POST', url: '/api/problems', payload: { title: '村道', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '发现' }] } })).json();
      const rect = (await t.as('office', { method: 'POST', url: '/api/rectifications', payload: { problemIds: [item.id], title: '修路', measures: '修', commitment: '修好', ownerOrgId: t.tree.orgs.own.id, deadline: '2026-03-01' } })).json();
      expect((await t.as('office', { method: 'GET', url: `/api/rectifications/${rect.id}` })).json().overdue).toBe(false);
      toBeijing(t, '00:30', '2026-03-02');
      // 16:30 UTC: the UTC day is still 03-01, Beijing's is 03-02: the deadline has passed.
      expect(t.deps.clock.now().toISOString().slice(0, 10)).toBe('2026-03-01');
      const early = await t.as('secretary', { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'other', content: '凌晨零点半记录' } });
      expect(early.json()).toMatchObject({ day: '2026-03-02' });
      expect((await t.as('office', { method: 'GET', url: `/api/rectifications/${rect.id}` })).json().overdue).toBe(true);
      // An anonymous opinion keeps the ballot box's day: Beijing's.
      const sent = await t.app.inject({ method: 'POST', url: '/api/public/opinions', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { orgId: t.tree.orgs.own.id, category: 'other', content: '匿名', idempotencyKey: 'beijing-day-key-0000001' } });
      expect(sent.statusCode).toBe(201);
      expect((await t.deps.db.selectFrom('opinions').select('day').where('content', '=', '匿名').executeTakeFirstOrThrow()).day).toBe('2026-03-02');
    });

    it('sends the morning digest from 08:00 Beijing time, not from 08:00 UTC', () => {
      const job = digestJob(t.deps);
      expect(job.runKey(new Date('2026-03-01T23:30:00Z'))).toBeNull();
      expect(job.runKey(new Date('2026-03-02T00:30:00Z'))).toBe('2026-03-02');
      expect(job.runKey(new Date('2026-03-02T15:30:00Z'))).toBe('2026-03-02');
      expect(job.runKey(new Date('2026-03-02T16:30:00Z'))).toBeNull();
    });
  });
});
