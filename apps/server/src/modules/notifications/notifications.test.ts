import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { notify, type NotifyInput } from './index.js';

const MINUTE = 60_000;

describe('notifications', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const post = (who: string | null, url: string) => t.as(who, { method: 'POST', url, payload: {} });
  /** Raise one in its own transaction, the clock then moved a minute so that each is newer. */
  const raise = async (input: Omit<NotifyInput, 'at'>) => {
    const n = await t.deps.db.transaction().execute((trx) => notify(trx, { ...input, at: t.deps.clock.now() }));
    t.deps.clock.advance(MINUTE);
    return n;
  };
  const rows = () => t.deps.db.selectFrom('notifications').selectAll().orderBy('created_at').orderBy('person_id').execute();

  describe('notify', () => {
    it('raises one per person and dedupe key, however often it is called', async () => {
      const { office, secretary } = t.tree.users;
      const input = { personIds: [office.personId, secretary.personId, office.personId], kind: 'test', title: '标题', body: '正文', link: '/x', dedupeKey: 'k1' };
      expect(await raise(input)).toBe(2);
      expect(await raise(input)).toBe(0);
      // The same key for one more person adds only theirs; another key is another notification.
      expect(await raise({ ...input, personIds: [office.personId, t.tree.users.cadre.personId] })).toBe(1);
      expect(await raise({ ...input, personIds: [office.personId], dedupeKey: 'k2' })).toBe(1);
      const all = await rows();
      expect(all.map((r) => [r.person_id, r.dedupe_key]).sort()).toEqual([
        [office.personId, 'k1'], [office.personId, 'k2'], [secretary.personId, 'k1'], [t.tree.users.cadre.personId, 'k1'],
      ].sort());
      // The first one stands: a repeat does not overwrite it.
      expect(all.filter((r) => r.person_id === office.personId && r.dedupe_key === 'k1').map((r) => r.created_at)).toEqual(['2026-03-01T08:00:00.000Z']);
    });

    it('belongs to the caller\'s transaction: rolled back with it', async () => {
      await expect(t.deps.db.transaction().execute(async (trx) => {
        expect(await notify(trx, { personIds: [t.tree.users.office.personId], kind: 'test', title: '回滚', dedupeKey: 'r' })).toBe(1);
        throw new Error('the command refused');
      })).rejects.toThrow('the command refused');
      expect(await rows()).toEqual([]);
    });

    it('raises nothing for nobody, and clips an overlong title', async () => {
      expect(await raise({ personIds: [], kind: 'test', title: 'x', dedupeKey: 'none' })).toBe(0);
      await raise({ personIds: [t.tree.users.office.personId], kind: 'test', title: '长'.repeat(300), dedupeKey: 'long' });
      const [row] = await rows();
      expect(row.title).toHaveLength(200);
      expect(row.title.endsWith('…')).toBe(true);
      expect(row.body).toBe('');
      expect(row.link).toBeNull();
    });
  });

  describe('routes', () => {
    const office = () => t.tree.users.office.personId;
    async function seedFive() {
      for (let i = 1; i <= 5; i++) await raise({ personIds: [office()], kind: 'test', title: `提醒${i}`, body: `正文${i}`, link: `/opinions/${i}`, dedupeKey: `k${i}` });
      // Someone else's, newer than all of the office's.
      await raise({ personIds: [t.tree.users.secretary.personId], kind: 'test', title: '书记的提醒', dedupeKey: 's1' });
    }

    it('lists the caller\'s own, newest first, in keyset pages, with exactly the allowed fields', async () => {
      await seedFive();
      const first = await get('office', '/api/notifications?limit=2');
      expect(first.statusCode).toBe(200);
      const page1 = first.json();
      expect(page1.items.map((n: { title: string }) => n.title)).toEqual(['提醒5', '提醒4']);
      expect(Object.keys(page1.items[0]).sort()).toEqual(['body', 'createdAt', 'id', 'kind', 'link', 'readAt', 'title']);
      expect(page1.items[0]).toMatchObject({ kind: 'test', body: '正文5', link: '/opinions/5', readAt: null, createdAt: '2026-03-01T08:04:00.000Z' });
      const page2 = (await get('office', `/api/notifications?limit=2&cursor=${page1.next}`)).json();
      expect(page2.items.map((n: { title: string }) => n.title)).toEqual(['提醒3', '提醒2']);
      const page3 = (await get('office', `/api/notifications?limit=2&cursor=${page2.next}`)).json();
      expect(page3).toEqual({ items: [expect.objectContaining({ title: '提醒1' })], next: null });
      expect((await get('secretary', '/api/notifications')).json().items.map((n: { title: string }) => n.title)).toEqual(['书记的提醒']);
      expect((await get('cadre', '/api/notifications')).json()).toEqual({ items: [], next: null });
    });

    it('counts, filters and marks the unread ones', async () => {
      await seedFive();
      expect((await get('office', '/api/notifications/unread-count')).json()).toEqual({ count: 5 });
      const list = (await get('office', '/api/notifications')).json().items as { id: string; title: string }[];
      const third = list.find((n) => n.title === '提醒3')!;

      const read = await post('office', `/api/notifications/${third.id}/read`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ id: third.id, title: '提醒3', readAt: '2026-03-01T08:06:00.000Z' });
      // Marking it again keeps the first time it was read.
      t.deps.clock.advance(MINUTE);
      expect((await post('office', `/api/notifications/${third.id}/read`)).json().readAt).toBe('2026-03-01T08:06:00.000Z');

      expect((await get('office', '/api/notifications/unread-count')).json()).toEqual({ count: 4 });
      const unread = (await get('office', '/api/notifications?unread=true')).json();
      expect(unread.items.map((n: { title: string }) => n.title)).toEqual(['提醒5', '提醒4', '提醒2', '提醒1']);
      expect((await get('office', '/api/notifications?unread=false')).json().items).toHaveLength(5);
      // The unread filter pages like the full list.
      const p1 = (await get('office', '/api/notifications?unread=true&limit=3')).json();
      expect(p1.items.map((n: { title: string }) => n.title)).toEqual(['提醒5', '提醒4', '提醒2']);
      expect((await get('office', `/api/notifications?unread=true&limit=3&cursor=${p1.next}`)).json().items.map((n: { title: string }) => n.title)).toEqual(['提醒1']);

      const all = await post('office', '/api/notifications/read-all');
      expect(all.statusCode).toBe(200);
      expect(all.json()).toEqual({ marked: 4 });
      expect((await post('office', '/api/notifications/read-all')).json()).toEqual({ marked: 0 });
      expect((await get('office', '/api/notifications/unread-count')).json()).toEqual({ count: 0 });
      expect((await get('office', '/api/notifications?unread=true')).json()).toEqual({ items: [], next: null });
      // Only the caller's own were marked.
      expect((await get('secretary', '/api/notifications/unread-count')).json()).toEqual({ count: 1 });
    });

    it('never shows or marks another person\'s: their id is not found', async () => {
      await seedFive();
      const theirs = (await get('secretary', '/api/notifications')).json().items[0].id as string;
      const res = await post('office', `/api/notifications/${theirs}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'not_found', message: '找不到请求的内容' } });
      expect((await post('admin', `/api/notifications/${theirs}/read`)).statusCode).toBe(404);
      expect((await post('office', '/api/notifications/no-such-id/read')).statusCode).toBe(404);
      const row = await t.deps.db.selectFrom('notifications').select('read_at').where('id', '=', theirs).executeTakeFirstOrThrow();
      expect(row.read_at).toBeNull();
      // Nor does an admin's list or count include anyone else's.
      expect((await get('admin', '/api/notifications')).json().items).toEqual([]);
      expect((await get('admin', '/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    });

    it('asks for a session, and refuses a mangled cursor or an unknown filter', async () => {
      for (const url of ['/api/notifications', '/api/notifications/unread-count']) expect((await t.as(null, { method: 'GET', url })).statusCode).toBe(401);
      for (const url of ['/api/notifications/read-all', '/api/notifications/x/read']) expect((await post(null, url)).statusCode).toBe(401);
      const bad = await get('office', '/api/notifications?cursor=not-a-cursor');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
      expect((await get('office', '/api/notifications?unread=yes')).statusCode).toBe(422);
      expect((await get('office', '/api/notifications?limit=500')).statusCode).toBe(422);
      expect((await get('office', '/api/notifications?personId=x')).statusCode).toBe(422);
    });
  });
});
