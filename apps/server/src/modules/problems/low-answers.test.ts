import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertAccount, insertGrant, insertPerson, type TestApp } from '../../../test/factories.js';
import { openForm } from '../../../test/problems.js';
import { seedRules } from './index.js';

/**
 * 低评价 on a form's results page: the responses that gave a rating, choice or matrix question a
 * low mark, each raisable as a problem. Read like the results; a reader of a form from above sees
 * only their own subtree's responses; nothing names who answered.
 */
describe('low marks of a form, to raise as problems', () => {
  let t: TestApp;
  /** The township's anonymous survey (a form of the root org), answered in every village. */
  let survey: string;
  /** A named mutual inspection of the `own` village. */
  let mutual: string;
  const r: Record<string, string> = {};

  const insert = async (formId: string, day: string, orgId: string | null, answers: object, extra: { subjectId?: string; respondentId?: string } = {}) => {
    const id = randomUUID();
    await t.deps.db.insertInto('responses').values({
      id, form_id: formId, day, answers: JSON.stringify(answers), org_id: orgId, subject_id: extra.subjectId ?? null, respondent_id: extra.respondentId ?? null,
    }).execute();
    return id;
  };
  const get = (who: string | null, query: string, headers: Record<string, string> = {}) => t.as(who, { method: 'GET', url: `/api/problems/low-answers?${query}`, headers });
  const ids = async (who: string, query: string) => {
    const res = await get(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { responseId: string }[]).map((i) => Object.entries(r).find(([, id]) => id === i.responseId)?.[0] ?? i.responseId);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedRules(t.deps);
    const { root, own, child, sibling, other } = t.tree.orgs;
    survey = await openForm(t, { orgId: root.id, kind: 'resident_survey', anonymous: true, who: 'admin', title: '群众问卷' });
    r.r1 = await insert(survey, '2026-02-20', own.id, { score: 1, sat: 'bad', detail: '  村里道路坑洼无人管  ' });
    r.r2 = await insert(survey, '2026-02-21', own.id, { score: 2 });
    r.r3 = await insert(survey, '2026-02-22', own.id, { score: 4, winds: { formalism: 'serious', bureaucratism: 'slight' } });
    r.r4 = await insert(survey, '2026-02-23', child.id, { score: 2, detail: '垃圾清运不及时' });
    r.r5 = await insert(survey, '2026-02-24', child.id, { score: 5, sat: 'fair' });
    r.r6 = await insert(survey, '2026-02-25', sibling.id, { score: 1, detail: '青山村的意见' });
    r.r7 = await insert(survey, '2026-02-26', null, { score: 2 });
    mutual = await openForm(t, { orgId: own.id, kind: 'mutual_check', anonymous: false, title: '相互查摆' });
    r.m1 = await insert(mutual, '2026-02-27', own.id, { score: 1, winds: { bureaucratism: 'serious' } }, { subjectId: t.tree.users.cadre.personId, respondentId: t.tree.users.secretary.personId });
    // The secretary of another township.
    const stranger = await insertPerson(t.deps, '外镇书记', [other.id]);
    await insertAccount(t.deps, stranger, 'other-secretary');
    await insertGrant(t.deps, stranger, 'secretary', other.id);
  });
  afterAll(() => t.close());

  it('lists the responses that rated at or below the mark, newest first, with their comments and where they came from', async () => {
    const res = await get('admin', `formId=${survey}&question=score`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ total: 5, hidden: false, partial: false, nextCursor: null });
    expect(page.items.map((i: { responseId: string }) => i.responseId)).toEqual([r.r7, r.r6, r.r4, r.r2, r.r1]);
    expect(page.items[4]).toEqual({
      responseId: r.r1, day: '2026-02-20', org: { id: t.tree.orgs.own.id, name: '红旗村党支部' }, subject: null,
      marks: [{ row: null, rowLabel: null, value: '1', label: '1', raised: false, problemId: null }],
      comments: [{ question: 'detail', label: '您认为最需要解决的问题是什么？', text: '村里道路坑洼无人管' }],
    });
    expect(page.items[0]).toMatchObject({ org: null, comments: [] });
    // At or below a chosen mark.
    expect(await ids('admin', `formId=${survey}&question=score&max=1`)).toEqual(['r6', 'r1']);
    // As filtered on the results page: one org's responses.
    expect(await ids('admin', `formId=${survey}&question=score&orgId=${t.tree.orgs.own.id}`)).toEqual(['r2', 'r1']);
  });

  it('lists a choice graded 不满意 and the matrix rows graded 比较突出, one row or all', async () => {
    const sat = (await get('admin', `formId=${survey}&question=sat`)).json();
    expect(sat.items).toEqual([expect.objectContaining({ responseId: r.r1, marks: [{ row: null, rowLabel: null, value: 'bad', label: '不满意', raised: false, problemId: null }] })]);
    const winds = (await get('admin', `formId=${survey}&question=winds`)).json();
    expect(winds.items).toEqual([expect.objectContaining({ responseId: r.r3, marks: [{ row: 'formalism', rowLabel: '形式主义', value: 'serious', label: '比较突出', raised: false, problemId: null }] })]);
    expect(await ids('admin', `formId=${survey}&question=winds&row=formalism`)).toEqual(['r3']);
    expect(await ids('admin', `formId=${survey}&question=winds&row=bureaucratism`)).toEqual([]);
  });

  it('pages with a keyset cursor through every low mark once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get('admin', `formId=${survey}&question=score&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(5);
      seen.push(...res.json().items.map((i: { responseId: string }) => i.responseId));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([r.r7, r.r6, r.r4, r.r2, r.r1]);
  });

  it('shows a village\'s readers of the township\'s form only their own subtree, and hides a handful outside the office', async () => {
    // own + child gave 5 responses: enough to show, and only theirs.
    for (const who of ['office', 'secretary', 'inspector']) {
      expect(await ids(who, `formId=${survey}&question=score`), who).toEqual(['r4', 'r2', 'r1']);
      expect((await get(who, `formId=${survey}&question=score`)).json()).toMatchObject({ total: 3, partial: true });
    }
    // A sibling village's responses stay out of sight, even when asked for by org.
    expect(await ids('secretary', `formId=${survey}&question=score&orgId=${t.tree.orgs.sibling.id}`)).toEqual([]);
    // Only the 3 responses of `own` itself: too few to show outside the office.
    expect((await get('secretary', `formId=${survey}&question=score&orgId=${t.tree.orgs.own.id}`)).json()).toEqual({ total: 0, items: [], nextCursor: null, hidden: true, partial: true });
    // Nobody else reads the form at all.
    for (const who of ['cadre', 'surveyor', 'other-secretary']) {
      const res = await get(who, `formId=${survey}&question=score`);
      expect([res.statusCode, res.json().error.code], who).toEqual([404, 'not_found']);
    }
    expect((await get(null, `formId=${survey}&question=score`)).statusCode).toBe(401);
  });

  it('names whom a mutual inspection is about, never who answered; the office sees even one response', async () => {
    const page = (await get('office', `formId=${mutual}&question=score`)).json();
    // The village's own form: every response of it, not a part.
    expect(page).toMatchObject({ hidden: false, partial: false });
    expect(page.items).toEqual([expect.objectContaining({ responseId: r.m1, subject: { id: t.tree.users.cadre.personId, name: 'cadre用户' } })]);
    const text = JSON.stringify(page);
    for (const secret of [t.tree.users.secretary.personId, 'secretary用户', 'respondent']) expect(text).not.toContain(secret);
    // A secretary reads the form but not a single response of it.
    expect((await get('secretary', `formId=${mutual}&question=score`)).json()).toMatchObject({ items: [], hidden: true });
    // The anonymous survey: nothing about any person at all.
    const anonymous = (await get('admin', `formId=${survey}&question=score`)).json();
    for (const item of anonymous.items) expect(item.subject).toBeNull();
  });

  it('marks what was raised, linking the problem only for those who may read it', async () => {
    const raised = await t.as('secretary', { method: 'POST', url: '/api/problems/from-answer', payload: { formId: survey, responseId: r.r1, question: 'score' } });
    expect(raised.statusCode, raised.body).toBe(201);
    expect(raised.json().sources[0]).toMatchObject({ type: 'response_rating', answer: { value: '1', question: 'score', anonymous: true } });
    // The admin raises r4 for the sibling village: the secretary sees the mark raised, not the problem.
    const elsewhere = await t.as('admin', { method: 'POST', url: '/api/problems/from-answer', payload: { formId: survey, responseId: r.r4, question: 'score', ownerOrgId: t.tree.orgs.sibling.id } });
    expect(elsewhere.statusCode).toBe(201);
    const marks = async (who: string) => Object.fromEntries(((await get(who, `formId=${survey}&question=score`)).json().items as { responseId: string; marks: { raised: boolean; problemId: string | null }[] }[])
      .map((i) => [Object.entries(r).find(([, id]) => id === i.responseId)![0], [i.marks[0].raised, i.marks[0].problemId]]));
    expect(await marks('secretary')).toEqual({ r4: [true, null], r2: [false, null], r1: [true, raised.json().id] });
    expect(await marks('admin')).toMatchObject({ r4: [true, elsewhere.json().id], r1: [true, raised.json().id], r7: [false, null] });
    // Raising it again is refused in the server's words; the other question of the same response is its own answer.
    const again = await t.as('office', { method: 'POST', url: '/api/problems/from-answer', payload: { formId: survey, responseId: r.r1, question: 'score' } });
    expect(again.json().error).toEqual({ code: 'answer_in_problem', message: '该回答已经列为问题，不能重复列入' });
    expect((await get('admin', `formId=${survey}&question=sat`)).json().items[0].marks[0]).toMatchObject({ raised: false });
  });

  it('takes the lower half of any rating scale as low, and raises only what it lists', async () => {
    const res = await t.as('office', {
      method: 'POST', url: '/api/forms',
      payload: { orgId: t.tree.orgs.own.id, kind: 'custom', title: '十分制', anonymous: true, distribution: 'open', definition: { sections: [{ key: 's', questions: [{ key: 'ten', type: 'rating', label: '打分', min: 0, max: 10 }] }] } },
    });
    const ten = res.json().id as string;
    expect((await t.as('office', { method: 'POST', url: `/api/forms/${ten}/open`, payload: {} })).statusCode).toBe(200);
    const four = await insert(ten, '2026-02-20', t.tree.orgs.own.id, { ten: 4 });
    const five = await insert(ten, '2026-02-21', t.tree.orgs.own.id, { ten: 5 });
    const zero = await insert(ten, '2026-02-22', t.tree.orgs.own.id, { ten: 0 });
    expect((await get('office', `formId=${ten}&question=ten`)).json().items.map((i: { responseId: string }) => i.responseId)).toEqual([zero, four]);
    const raise = (responseId: string) => t.as('office', { method: 'POST', url: '/api/problems/from-answer', payload: { formId: ten, responseId, question: 'ten' } });
    expect((await raise(four)).statusCode).toBe(201);
    expect([(await raise(five)).statusCode, (await raise(five)).json().error.code]).toEqual([422, 'answer_not_raisable']);
    expect((await get('office', `formId=${ten}&question=ten&max=4`)).statusCode).toBe(200);
    const over = await get('office', `formId=${ten}&question=ten&max=5`);
    expect([over.statusCode, over.json().error.details]).toEqual([422, [{ path: 'max', message: 'between 0 and 4' }]]);
  });

  it('refuses bad input with 4xx in the caller\'s language, never a 500', async () => {
    const cases: [string, number, string, string[]?][] = [
      [`formId=${survey}&question=detail`, 404, 'not_found'], // a text question has no low marks
      [`formId=${survey}&question=when`, 404, 'not_found'],
      [`formId=${survey}&question=nope`, 404, 'not_found'],
      ['formId=no-such-form&question=score', 404, 'not_found'],
      [`formId=${survey}&question=score&row=formalism`, 404, 'not_found'],
      [`formId=${survey}&question=winds&row=hedonism`, 404, 'not_found'],
      [`formId=${survey}&question=score&max=3`, 422, 'validation_failed', ['max']],
      [`formId=${survey}&question=score&max=0`, 422, 'validation_failed', ['max']],
      [`formId=${survey}&question=sat&max=1`, 422, 'validation_failed', ['max']],
      [`formId=${survey}&question=score&max=abc`, 422, 'validation_failed', ['max']],
      [`formId=${survey}&question=score&max=11`, 422, 'validation_failed', ['max']],
      [`formId=${survey}&question=score&limit=0`, 422, 'validation_failed', ['limit']],
      [`formId=${survey}&question=score&limit=101`, 422, 'validation_failed', ['limit']],
      [`formId=${survey}&question=score&cursor=%25%25%25`, 422, 'validation_failed', ['cursor']],
      [`formId=${survey}&question=score&sort=day`, 422, 'validation_failed', ['']],
      ['question=score', 422, 'validation_failed', ['formId']],
      [`formId=${survey}`, 422, 'validation_failed', ['question']],
    ];
    for (const [query, status, code, paths] of cases) {
      const res = await get('admin', query);
      expect([res.statusCode, res.json().error.code], query).toEqual([status, code]);
      expect(res.json().error.message, query).toMatch(/[\u4e00-\u9fff]/);
      if (paths) expect(res.json().error.details.map((d: { path: string }) => d.path), query).toEqual(paths);
    }
    const en = await get('admin', `formId=${survey}&question=score&max=3`, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('The submitted data is invalid');
  });
});
