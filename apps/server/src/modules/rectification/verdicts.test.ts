import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';

/**
 * Residents' verdicts under attack: one machine trying to stuff an item, a receipt voting twice in
 * two places, one code sent 60 times at once, merged opinions, and who may count and call back.
 */
describe('verdicts that one person cannot stuff', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const put = (who: string, url: string, payload: object) => t.as(who, { method: 'PUT', url, payload });
  const get = (who: string, url: string) => t.as(who, { method: 'GET', url });
  /** A resident's phone: a fresh browser each time (no cookie, no token), from one address unless told. */
  const pub = (method: 'GET' | 'POST', url: string, payload?: object, address = '203.0.113.7') =>
    t.app.inject({ method, url, remoteAddress: address, headers: { host: 'massline.test', origin: 'http://massline.test' }, ...(payload ? { payload } : {}) });
  const unsolved = { solved: 'unsolved', satisfied: 'unsatisfied' };
  const solved = { solved: 'solved', satisfied: 'satisfied' };

  /** `n` residents' anonymous opinions on one problem, an item fixing it (owned by `org`), done and published. */
  async function finishedItem(n: number, org: 'own' | 'child' = 'own') {
    const orgId = t.tree.orgs[org].id;
    const receipts: string[] = [];
    for (let i = 0; i < n; i++) {
      const sent = await pub('POST', '/api/public/opinions', { orgId, category: 'livelihood', content: `村道坑洼第${i}处`, idempotencyKey: `verdict-attack-key-${String(i).padStart(6, '0')}` }, `198.51.100.${i + 1}`);
      expect(sent.statusCode).toBe(201);
      receipts.push(sent.json().receipt);
    }
    const opinions = await t.deps.db.selectFrom('opinions').select('id').where('org_id', '=', orgId).execute();
    const problem = (await post('office', '/api/problems', { title: '村道坑洼', category: 'livelihood', ownerOrgId: orgId, sources: n ? opinions.map((o) => ({ type: 'opinion', opinionId: o.id })) : [{ type: 'inspector', note: '督导发现' }] })).json();
    expect(problem.id, JSON.stringify(problem)).toBeTruthy();
    const item = (await post('office', '/api/rectifications', { problemIds: [problem.id], title: '修复村道', measures: '硬化', commitment: '6 月底前修好', ownerOrgId: orgId, ...(org === 'own' ? { ownerPersonId: t.tree.users.cadre.personId } : {}), deadline: '2026-06-30' })).json();
    expect((await post(org === 'own' ? 'cadre' : 'office', `/api/rectifications/${item.id}/status`, { status: 'done', reason: '已硬化' })).statusCode).toBe(200);
    expect((await post('office', `/api/rectifications/${item.id}/publish`, { published: true })).statusCode).toBe(200);
    return { itemId: item.id as string, receipts, opinionIds: opinions.map((o) => o.id), problemId: problem.id as string };
  }
  const status = async (itemId: string) => (await get('office', `/api/rectifications/${itemId}`)).json();
  const flags = (kind: string) => t.deps.db.selectFrom('notifications').select(['person_id', 'title', 'body']).where('kind', '=', kind).execute();

  it('the five-from-one-machine attack (one receipt on /r, four fresh browsers on /d/i) leaves the item done and flags it', async () => {
    const { itemId, receipts } = await finishedItem(1);
    expect((await pub('POST', '/api/public/receipts/verdicts', { receipt: receipts[0], rectificationId: itemId, ...unsolved })).statusCode).toBe(201);
    const open = [];
    for (let i = 0; i < 4; i++) open.push(await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, unsolved));
    expect(open.map((r) => r.statusCode)).toEqual([201, 409, 409, 409]);
    expect(open[1].json().error.code).toBe('verdict_open_today');
    const item = await status(itemId);
    expect(item).toMatchObject({ status: 'done', progress: 100 });
    expect(item.verdicts).toMatchObject({ countedKinds: ['receipt', 'code'], counted: { total: 1, unsolved: 1 }, byBacking: { receipt: { total: 1 }, open: { total: 1 } } });
    // More than the threshold (3) of open attempts in an hour on one item: the office is told.
    const told = await flags('rectification.verdict_flag');
    expect(told.map((n) => n.person_id)).toContain(t.tree.users.office.personId);
    expect(told[0].title).toContain('集中出现');
    // The public page shows the kinds apart and the rule.
    const page = (await pub('GET', `/api/public/rectification/items/${itemId}`)).json();
    expect(page).toMatchObject({ status: 'done', progress: 100, verdictAccepts: ['receipt', 'open'], verdicts: { reopenMin: 3, counted: { total: 1 }, byBacking: { open: { total: 1 } } } });
  });

  it('three receipt holders saying 未解决 send the item back, and it no longer shows 100 %', async () => {
    const { itemId, receipts } = await finishedItem(3);
    const results = await Promise.all(receipts.map((receipt) => pub('POST', '/api/public/receipts/verdicts', { receipt, rectificationId: itemId, ...unsolved, comment: '还是坑' })));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.some((r) => r.json().reopened)).toBe(true);
    const item = await status(itemId);
    expect(item.status).toBe('in_progress');
    expect(item.progress).toBeLessThan(100);
    expect(item.timeline.at(-1)).toMatchObject({ kind: 'reopened', body: expect.stringContaining('计票 3 票）中 3 票认为未解决') });
    expect((await pub('GET', `/api/public/rectification/items/${itemId}`)).json()).toMatchObject({ status: 'in_progress', verdictOpen: false });
    expect((await pub('GET', `/api/public/rectification/items/${itemId}`)).json().progress).toBeLessThan(100);
    const told = await flags('rectification.reopened');
    expect(told.map((n) => n.person_id).sort()).toEqual([t.tree.users.office.personId, t.tree.users.cadre.personId].sort());
    expect((await pub('POST', '/api/public/receipts/verdicts', { receipt: receipts[0], rectificationId: itemId, ...solved })).json().error.code).toBe('verdict_not_open');
  });

  it('a receipt voting on /r and then on /d/i counts once: the second changes the first', async () => {
    const { itemId, receipts } = await finishedItem(1);
    const first = await pub('POST', '/api/public/receipts/verdicts', { receipt: receipts[0], rectificationId: itemId, ...unsolved });
    expect(first.json()).toMatchObject({ changed: false, verdicts: { counted: { total: 1, unsolved: 1 } } });
    const second = await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { receipt: receipts[0].toLowerCase(), ...solved }, '192.0.2.99');
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ changed: true, verdicts: { counted: { total: 1, solved: 1, unsolved: 0 }, byBacking: { receipt: { total: 1 }, open: { total: 0 } } } });
    expect(await t.deps.db.selectFrom('verdicts').select(['backing', 'solved']).execute()).toEqual([{ backing: 'receipt', solved: 'solved' }]);
    expect((await pub('POST', '/api/public/receipts/verdicts/view', { receipt: receipts[0] })).json().items[0].given).toEqual({ solved: 'solved', satisfied: 'satisfied' });
    // The org's counters moved with the change, not by two.
    const progress = (await get('office', `/api/rectifications/progress?orgId=${t.tree.orgs.own.id}`)).json();
    expect(progress.orgs[0].verdicts).toMatchObject({ total: 1, solved: 1, unsolved: 0, satisfied: 1, solvedRate: 100, satisfaction: 100 });
  });

  it('60 concurrent verdicts with one code give one', async () => {
    const { itemId } = await finishedItem(1);
    const [code] = (await post('office', `/api/rectification-plans/${t.tree.orgs.own.id}/verdict-codes`, { count: 2 })).json().codes;
    expect((await pub('GET', `/api/public/rectification/items/${itemId}`)).json().verdictAccepts).toEqual(['receipt', 'code']);
    expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, unsolved)).json().error.code).toBe('verdict_code_required');
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, { code, ...unsolved }, `10.1.${i}.1`)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(await t.deps.db.selectFrom('verdicts').select(['backing', 'voter_key']).execute()).toEqual([{ backing: 'code', voter_key: expect.stringMatching(/^c:[0-9a-f]{64}$/) }]);
    expect((await status(itemId)).verdicts.counted.total).toBe(1);
    expect((await status(itemId)).status).toBe('done');
  });

  it('receipts of opinions staff merged into one count once together', async () => {
    const { itemId, receipts, opinionIds } = await finishedItem(3);
    const [keep, ...dupes] = opinionIds;
    for (const d of dupes) expect((await post('office', `/api/opinions/${d}/merge`, { intoId: keep })).statusCode).toBe(200);
    for (const receipt of receipts) expect((await pub('POST', '/api/public/receipts/verdicts', { receipt, rectificationId: itemId, ...unsolved })).statusCode).toBe(201);
    const item = await status(itemId);
    expect(item.verdicts).toMatchObject({ counted: { total: 1, unsolved: 1 }, byBacking: { receipt: { total: 3 } } });
    expect(item.status).toBe('done');
  });

  it('a clear majority of open verdicts against a fix only tells the office; where the level above counts them, they can send it back', async () => {
    const { itemId } = await finishedItem(0, 'child');
    for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, unsolved, a)).statusCode).toBe(201);
    expect((await status(itemId)).status).toBe('done');
    expect((await flags('rectification.verdict_flag')).some((n) => n.title.includes('多数认为未解决'))).toBe(true);
    // The judged org cannot change its own rule; the office above it can, for the list or one item.
    const child = t.tree.orgs.child.id;
    const own = t.tree.orgs.own.id;
    expect((await put('office', `/api/rectification-plans/${own}/verdict-rule`, { countedKinds: ['receipt', 'code', 'open'] })).json().error.code).toBe('verdict_rule_level');
    expect((await put('secretary', `/api/rectifications/${itemId}/verdict-rule`, { countedKinds: ['open'] })).json().error.code).toBe('verdict_rule_level');
    expect((await get('office', `/api/rectification-plans/${own}/verdict-rule`)).json()).toMatchObject({ countedKinds: ['receipt', 'code'], inherited: true, reopenMin: 3, canChange: false });
    const set = await put('office', `/api/rectification-plans/${child}/verdict-rule`, { countedKinds: ['receipt', 'open'], reopenMin: 4 });
    expect(set.json()).toMatchObject({ countedKinds: ['receipt', 'open'], inherited: false, reopenMin: 4, canChange: true });
    expect((await status(itemId)).verdicts).toMatchObject({ countedKinds: ['receipt', 'open'], reopenMin: 4, counted: { total: 3 } });
    const fourth = await pub('POST', `/api/public/rectification/items/${itemId}/verdicts`, unsolved, '192.0.2.4');
    expect(fourth.json()).toMatchObject({ reopened: true });
    expect((await status(itemId)).status).toBe('in_progress');
  });

  it('call-backs are made by the level above or an inspector, never by the judged org, and count like a receipt', async () => {
    const recorded = await post('secretary', '/api/opinions', { orgId: t.tree.orgs.child.id, channel: 'forum', category: 'livelihood', content: '路灯坏了半年没人修', sender: { name: '王大妈', phone: '13900002222' } });
    expect(recorded.statusCode).toBe(201);
    const opinionId = recorded.json().id;
    const problem = (await post('office', '/api/problems', { title: '路灯损坏', category: 'livelihood', ownerOrgId: t.tree.orgs.child.id, sources: [{ type: 'opinion', opinionId }] })).json();
    const item = (await post('office', '/api/rectifications', { problemIds: [problem.id], title: '修复路灯', measures: '更换灯具', commitment: '一周内修好', ownerOrgId: t.tree.orgs.child.id, deadline: '2026-03-08' })).json();
    await post('office', `/api/rectifications/${item.id}/status`, { status: 'done', reason: '已更换' });
    // A secretary granted on `own` is the level above `child` but not an office: refused.
    expect((await post('secretary', `/api/rectifications/${item.id}/verdicts`, { opinionId, ...solved })).json().error.code).toBe('verdict_callback_level');
    const list = (await get('office', '/api/callbacks?pending=true')).json().items;
    expect(list).toEqual([expect.objectContaining({ opinionId, senderName: '王大妈', phone: '13900002222', subject: expect.objectContaining({ kind: 'item', id: item.id }), recorded: null })]);
    const done = await post('office', `/api/rectifications/${item.id}/verdicts`, { opinionId, solved: 'partly', satisfied: 'basic', comment: '亮了，但还有一盏不亮' });
    expect(done.statusCode).toBe(201);
    expect(done.json().verdicts).toMatchObject({ counted: { total: 1, partly: 1, basic: 1 }, byBacking: { callback: { total: 1 } } });
    expect((await get('office', '/api/callbacks?pending=true')).json().items).toEqual([]);
    expect((await get('office', '/api/callbacks')).json().items[0].recorded).toMatchObject({ solved: 'partly', satisfied: 'basic' });
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'rectification.callback').execute();
    expect(audit).toEqual([{ action: 'rectification.callback', summary: expect.stringContaining('部分解决，基本满意') }]);
    // An item of `own` itself: its office is the judged org; an inspector over it may call back.
    const ownOpinion = (await post('secretary', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'livelihood', content: '井盖丢了', sender: { name: '李大爷', phone: '13900003333' } })).json().id;
    const ownProblem = (await post('office', '/api/problems', { title: '井盖', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'opinion', opinionId: ownOpinion }] })).json();
    const ownItem = (await post('office', '/api/rectifications', { problemIds: [ownProblem.id], title: '补井盖', measures: '补装', commitment: '三天内', ownerOrgId: t.tree.orgs.own.id, deadline: '2026-03-08' })).json();
    await post('office', `/api/rectifications/${ownItem.id}/status`, { status: 'done', reason: '已补' });
    expect((await post('office', `/api/rectifications/${ownItem.id}/verdicts`, { opinionId: ownOpinion, ...solved })).json().error.code).toBe('verdict_callback_level');
    expect((await post('inspector', `/api/rectifications/${ownItem.id}/verdicts`, { opinionId: ownOpinion, ...solved })).statusCode).toBe(201);
  });

  it('an answered opinion is judged on the receipt page with the same shape, and may be changed', async () => {
    const sent = await pub('POST', '/api/public/opinions', { orgId: t.tree.orgs.own.id, category: 'livelihood', content: '低保公示不清楚', idempotencyKey: 'opinion-verdict-key-000001' });
    const receipt = sent.json().receipt;
    const opinion = await t.deps.db.selectFrom('opinions').select('id').executeTakeFirstOrThrow();
    expect((await pub('POST', '/api/public/receipts/view', { receipt })).json().verdict).toEqual({ asked: false, given: null });
    expect((await pub('POST', '/api/public/receipts/opinion-verdict', { receipt, ...solved })).json().error.code).toBe('opinion_verdict_not_open');
    expect((await post('office', `/api/opinions/${opinion.id}/reply`, { body: '已在村务栏重新公示', public: false })).statusCode).toBe(200);
    expect((await pub('POST', '/api/public/receipts/view', { receipt })).json().verdict).toEqual({ asked: true, given: null });
    const first = await pub('POST', '/api/public/receipts/opinion-verdict', { receipt, solved: 'partly', satisfied: 'unsatisfied', comment: '字太小' });
    expect([first.statusCode, first.json()]).toEqual([201, { changed: false }]);
    const again = await pub('POST', '/api/public/receipts/opinion-verdict', { receipt, solved: 'solved', satisfied: 'basic' });
    expect(again.json()).toEqual({ changed: true });
    expect((await pub('POST', '/api/public/receipts/view', { receipt })).json().verdict).toEqual({ asked: true, given: { solved: 'solved', satisfied: 'basic', comment: '' } });
    expect(await t.deps.db.selectFrom('opinion_verdicts').select(['solved', 'satisfied', 'backing']).execute()).toEqual([{ solved: 'solved', satisfied: 'basic', backing: 'receipt' }]);
    // An anonymous opinion cannot be called back.
    expect((await post('admin', `/api/opinions/${opinion.id}/callback`, solved)).json().error.code).toBe('callback_not_named');
  });
});
