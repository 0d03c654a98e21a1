import { STUDY_NOTE_MIN_CHARS } from '@massline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertAccount, insertGrant, insertPerson, type TestApp } from '../../../test/factories.js';

const PHASES = [{ startDay: '2026-02-01', endDay: '2026-03-15' }, { startDay: '2026-03-16', endDay: '2026-05-15' }, { startDay: '2026-05-16', endDay: '2026-07-31' }];
/** A body of exactly `n` counted characters, with spaces and line breaks that do not count. */
const body = (n: number) => `${'学习群众路线，'.repeat(Math.ceil(n / 7)).slice(0, n - 1)}\n \n。`;

describe('心得体会: study notes written by cadres and reviewed by their secretary', () => {
  let t: TestApp;
  let campaignId: string;
  /** A cadre of the child org (member there, granted there). */
  let childCadre: string;
  beforeEach(async () => {
    t = await createTestApp();
    const res = await t.as('office', { method: 'POST', url: '/api/campaigns', payload: { orgId: t.tree.orgs.own.id, title: '红旗村群众路线教育实践活动', phases: PHASES } });
    expect(res.statusCode, res.body).toBe(201);
    campaignId = res.json().id;
    childCadre = await insertPerson(t.deps, '李小组', [t.tree.orgs.child.id]);
    await insertAccount(t.deps, childCadre, 'childcadre');
    await insertGrant(t.deps, childCadre, 'cadre', t.tree.orgs.child.id);
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const patch = (who: string, url: string, payload: object) => t.as(who, { method: 'PATCH', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  const write = async (who: string, orgId = t.tree.orgs.own.id, title = '学习《论群众路线》的体会') => {
    const res = await post(who, '/api/study/notes', { campaignId, orgId, title, body: body(STUDY_NOTE_MIN_CHARS) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const count = async () => Number((await t.deps.db.selectFrom('study_notes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audit = async () => (await t.deps.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_type', '=', 'study_note').orderBy('seq').execute());

  it('a cadre writes a note of at least the minimum length; its author sees it among their own', async () => {
    expect(STUDY_NOTE_MIN_CHARS).toBe(300);
    const mine = (await get('cadre', `/api/study/notes/mine?campaignId=${campaignId}`)).json();
    expect(mine).toEqual({ items: [], orgs: [{ id: t.tree.orgs.own.id, name: '红旗村党支部' }], minChars: 300 });

    const res = await post('cadre', '/api/study/notes', { campaignId, orgId: t.tree.orgs.own.id, title: ' 学习《论群众路线》的体会 ', body: body(300) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String), campaign: { id: campaignId, title: '红旗村群众路线教育实践活动' }, org: { id: t.tree.orgs.own.id, name: '红旗村党支部' },
      author: { id: t.tree.users.cadre.personId, name: 'cadre用户' }, title: '学习《论群众路线》的体会', length: 300, status: 'submitted',
      reviewComment: '', reviewedBy: null, reviewedAt: null, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-01T08:00:00.000Z',
      abilities: ['edit'], body: body(300).trim(),
    });
    const again = (await get('cadre', `/api/study/notes/mine?campaignId=${campaignId}`)).json();
    expect(again.items.map((n: { id: string }) => n.id)).toEqual([res.json().id]);
    expect(await audit()).toEqual([{ action: 'study_note.create', summary: '提交心得体会“学习《论群众路线》的体会”（红旗村党支部，300 字）' }]);
  });

  it('refuses a note below the minimum with the minimum and the count in the message, spaces not counted', async () => {
    const padded = `${'体会'.repeat(100)}${' '.repeat(500)}`;
    const res = await post('cadre', '/api/study/notes', { campaignId, orgId: t.tree.orgs.own.id, title: '体会', body: padded });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({ code: 'study_note_too_short', message: '心得体会正文至少 300 字（不计空格），现在只有 200 字' });
    const en = await t.as('cadre', { method: 'POST', url: '/api/study/notes', payload: { campaignId, orgId: t.tree.orgs.own.id, title: '体会', body: body(299) }, headers: { 'accept-language': 'en' } });
    expect(en.json().error.message).toBe('A study note needs at least 300 characters (not counting spaces); this one has 299');
    expect(await count()).toBe(0);
  });

  it('is written only as a member of one of one\'s orgs inside the campaign, of a campaign one reads', async () => {
    // The cadre is a member of `own` only: not of its child.
    let res = await post('cadre', '/api/study/notes', { campaignId, orgId: t.tree.orgs.child.id, title: '体会', body: body(300) });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'study_note_org']);
    // A member of the sibling too: still not inside this campaign.
    await t.deps.db.insertInto('memberships').values({ person_id: t.tree.users.cadre.personId, org_id: t.tree.orgs.sibling.id, created_at: '2026-03-01T08:00:00.000Z' }).execute();
    res = await post('cadre', '/api/study/notes', { campaignId, orgId: t.tree.orgs.sibling.id, title: '体会', body: body(300) });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'study_note_org']);
    expect((await get('cadre', `/api/study/notes/mine?campaignId=${campaignId}`)).json().orgs).toEqual([{ id: t.tree.orgs.own.id, name: '红旗村党支部' }]);
    // The child's cadre writes as a member of the child org, inside the campaign.
    expect((await write('childcadre', t.tree.orgs.child.id)).org).toEqual({ id: t.tree.orgs.child.id, name: '红旗村第一党小组' });
    // A campaign of another tree is out of sight.
    const other = await post('admin', '/api/campaigns', { orgId: t.tree.orgs.other.id, title: '另一镇的活动', phases: PHASES });
    res = await post('cadre', '/api/study/notes', { campaignId: other.json().id, orgId: t.tree.orgs.own.id, title: '体会', body: body(300) });
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'not_found']);
    expect((await get('cadre', `/api/study/notes/mine?campaignId=${other.json().id}`)).statusCode).toBe(404);
    expect(await count()).toBe(1);
  });

  it('the secretary returns it with a comment, the author revises it, the secretary approves it and it is locked', async () => {
    const note = await write('cadre');
    expect((await get('secretary', `/api/study/notes/${note.id}`)).json().abilities).toEqual(['review']);

    // Returning needs a comment.
    let res = await post('secretary', `/api/study/notes/${note.id}/review`, { decision: 'return', comment: '  ' });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'study_return_comment']);
    res = await post('secretary', `/api/study/notes/${note.id}/review`, { decision: 'return', comment: '请结合本村实际，写出查找到的问题' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'returned', reviewComment: '请结合本村实际，写出查找到的问题', reviewedBy: 'secretary用户', reviewedAt: '2026-03-01T08:00:00.000Z', abilities: [] });
    // The author is told.
    const told = await t.deps.db.selectFrom('notifications').select(['person_id', 'kind', 'title', 'body', 'link']).execute();
    expect(told).toEqual([{
      person_id: t.tree.users.cadre.personId, kind: 'study_note.returned', title: '您的心得体会“学习《论群众路线》的体会”被退回，请修改后重新提交',
      body: '请结合本村实际，写出查找到的问题', link: `/study/notes/${note.id}`,
    }]);
    // A returned note is not reviewed again until revised.
    res = await post('secretary', `/api/study/notes/${note.id}/review`, { decision: 'approve' });
    expect([res.statusCode, res.json().error.message]).toEqual([409, '心得体会当前为“已退回”，不能审核']);

    // Revised below the minimum: refused; at length: submitted again.
    res = await patch('cadre', `/api/study/notes/${note.id}`, { body: '太短了' });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'study_note_too_short']);
    t.deps.clock.advance(3_600_000);
    res = await patch('cadre', `/api/study/notes/${note.id}`, { body: `${body(400)}村里的路灯问题要马上解决。` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', length: 413, updatedAt: '2026-03-01T09:00:00.000Z', abilities: ['edit'] });

    res = await post('secretary', `/api/study/notes/${note.id}/review`, { decision: 'approve', comment: '' });
    expect(res.json()).toMatchObject({ status: 'approved', reviewComment: '', abilities: [] });
    // Approved: locked for the author, and not reviewed twice.
    res = await patch('cadre', `/api/study/notes/${note.id}`, { title: '新标题' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'study_note_locked', message: '心得体会已审核通过，不能再修改' });
    res = await post('office', `/api/study/notes/${note.id}/review`, { decision: 'return', comment: '再改改' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'study_note_status']);
    expect((await get('cadre', `/api/study/notes/${note.id}`)).json()).toMatchObject({ status: 'approved', title: '学习《论群众路线》的体会' });
    expect((await audit()).map((e) => e.summary)).toEqual([
      '提交心得体会“学习《论群众路线》的体会”（红旗村党支部，300 字）',
      '退回心得体会“学习《论群众路线》的体会”：请结合本村实际，写出查找到的问题',
      '修改后重新提交心得体会“学习《论群众路线》的体会”（413 字）',
      '通过心得体会“学习《论群众路线》的体会”',
    ]);
  });

  it('nobody reviews their own note; only the author edits; notes out of sight are 404', async () => {
    const own = await write('secretary', t.tree.orgs.own.id, '书记的体会');
    let res = await post('secretary', `/api/study/notes/${own.id}/review`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({ code: 'study_review_own', message: '不能审核自己的心得体会' });
    expect((await get('secretary', `/api/study/notes/${own.id}`)).json().abilities).toEqual(['edit']);
    // The office over the org reviews the secretary's note.
    expect((await post('office', `/api/study/notes/${own.id}/review`, { decision: 'approve' })).json().status).toBe('approved');

    const cadres = await write('cadre');
    // Reviewers and inspectors read it but do not edit it; inspectors do not review.
    expect((await patch('secretary', `/api/study/notes/${cadres.id}`, { title: '改' })).statusCode).toBe(403);
    expect((await get('inspector', `/api/study/notes/${cadres.id}`)).json()).toMatchObject({ abilities: [], body: body(300).trim() });
    expect((await post('inspector', `/api/study/notes/${cadres.id}/review`, { decision: 'approve' })).statusCode).toBe(403);
    // Another cadre and a surveyor of the same org do not see it.
    for (const who of ['surveyor', 'childcadre']) {
      expect((await get(who, `/api/study/notes/${cadres.id}`)).statusCode, who).toBe(404);
      expect((await patch(who, `/api/study/notes/${cadres.id}`, { title: '改' })).statusCode, who).toBe(404);
      expect((await post(who, `/api/study/notes/${cadres.id}/review`, { decision: 'approve' })).statusCode, who).toBe(404);
    }
    // The child's cadre's note is reviewed by the secretary above.
    const childs = await write('childcadre', t.tree.orgs.child.id);
    expect((await post('secretary', `/api/study/notes/${childs.id}/review`, { decision: 'approve' })).json().status).toBe('approved');
    expect((await get('cadre', `/api/study/notes/${childs.id}`)).statusCode).toBe(404);
  });

  it('lists the notes of the reviewer\'s subtree by status, org and campaign, newest first, a page at a time', async () => {
    const a = await write('cadre', t.tree.orgs.own.id, '体会一');
    t.deps.clock.advance(60_000);
    const b = await write('childcadre', t.tree.orgs.child.id, '体会二');
    t.deps.clock.advance(60_000);
    const c = await write('secretary', t.tree.orgs.own.id, '体会三');
    await post('secretary', `/api/study/notes/${a.id}/review`, { decision: 'approve' });

    const list = async (who: string, query = '') => {
      const res = await get(who, `/api/study/notes?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const titles = (page: { items: { title: string }[] }) => page.items.map((n) => n.title);
    expect(titles(await list('secretary'))).toEqual(['体会三', '体会二', '体会一']);
    expect(titles(await list('inspector', `campaignId=${campaignId}`))).toEqual(['体会三', '体会二', '体会一']);
    expect(titles(await list('secretary', 'status=submitted'))).toEqual(['体会三', '体会二']);
    expect(titles(await list('office', `orgId=${t.tree.orgs.child.id}`))).toEqual(['体会二']);
    // The list shows the length, not the text.
    const first = (await list('secretary')).items[0];
    expect(first).toMatchObject({ title: '体会三', length: 300, abilities: ['edit'] });
    expect((await list('secretary')).items.map((n: { abilities: string[] }) => n.abilities)).toEqual([['edit'], ['review'], []]);
    expect(first).not.toHaveProperty('body');
    // Pages of two.
    const page1 = await list('secretary', 'limit=2');
    expect(titles(page1)).toEqual(['体会三', '体会二']);
    const page2 = await list('secretary', `limit=2&cursor=${page1.nextCursor}`);
    expect([titles(page2), page2.nextCursor]).toEqual([['体会一'], null]);
    // The child's reviewer sees the child's notes only... and a cadre has no such list.
    expect(titles(await list('admin', `orgId=${t.tree.orgs.child.id}&status=submitted`))).toEqual(['体会二']);
    expect((await get('cadre', '/api/study/notes')).statusCode).toBe(403);
    expect((await get('secretary', `/api/study/notes?orgId=${t.tree.orgs.sibling.id}`)).statusCode).toBe(404);
    expect((await get('secretary', '/api/study/notes?status=draft')).statusCode).toBe(422);
    expect(b.id && c.id).toBeTruthy();
  });
});
