import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as m0014 from '../../../migrations/0014_thumbnails.js';
import { minimalDocx, tinyPdf } from '../../../test/documents.js';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { heicHeader, markersIn, multiPictureJpeg, pngBomb } from '../../../test/images.js';

const RECEIPT = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}(-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}){3}$/;

describe('opinions: intake, receipts, triage', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const pub = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { host: 'massline.test', origin: 'http://massline.test', ...headers }, payload });
  const send = (content: string, key: string, extra: object = {}, headers: Record<string, string> = {}) =>
    pub('/api/public/opinions', { orgId: t.tree.orgs.own.id, category: 'livelihood', content, idempotencyKey: key, ...extra }, headers);
  const view = (receipt: string) => pub('/api/public/receipts/view', { receipt });
  const record = (who: string, body: object) => t.as(who, { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'formalism', content: '会议太多', ...body } });
  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });

  it('records what residents said, by staff who heard it, within their reach', async () => {
    const res = await record('secretary', { content: '村里道路坑洼无人管', place: '红旗村村部', day: '2026-02-20', sender: { name: '张大爷', phone: '13900001111' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'forum', category: 'formalism', day: '2026-02-20', dueDay: '2026-02-27', status: 'received', named: true, sender: { name: '张大爷', phone: '13900001111' }, overdue: true });
    expect((await record('surveyor', { channel: 'visit' })).statusCode).toBe(201);
    expect((await record('cadre', {})).statusCode).toBe(403);
    expect((await t.as('secretary', { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.sibling.id, channel: 'forum', category: 'other', content: '外村意见' } })).statusCode).toBe(403);
    const online = await record('office', { channel: 'online' });
    expect(online.statusCode).toBe(422);
    const counts = await t.deps.db.selectFrom('org_counts').select(['metric', 'count']).where('org_id', '=', t.tree.orgs.own.id).orderBy('metric').execute();
    expect(Object.fromEntries(counts.map((c) => [c.metric, Number(c.count)]))).toEqual({
      opinions: 2, 'opinions.category.formalism': 2, 'opinions.channel.forum': 1, 'opinions.channel.visit': 1,
    });
  });

  it('gives an anonymous sender a receipt once, the same one on a retry, that opens the opinion and its answers', async () => {
    const first = await send('村里道路坑洼无人管，希望尽快修好', 'anon-key-000000000001');
    expect(first.statusCode).toBe(201);
    const { receipt } = first.json();
    expect(receipt).toMatch(RECEIPT);
    const retry = await send('村里道路坑洼无人管，希望尽快修好', 'anon-key-000000000001');
    expect([retry.statusCode, retry.json()]).toEqual([200, { receipt, duplicate: true }]);
    expect(await t.deps.db.selectFrom('opinions').select('id').execute()).toHaveLength(1);

    // Typed in lower case without dashes works too.
    const opened = await view(receipt.replace(/-/g, '').toLowerCase());
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ content: '村里道路坑洼无人管，希望尽快修好', status: 'received', orgName: t.tree.orgs.own.name, messages: [] });

    // The office answers privately; the sender reads it and writes back; the office sees that.
    const [{ id }] = (await t.as('office', { method: 'GET', url: '/api/opinions' })).json().items;
    expect((await post('office', `/api/opinions/${id}/reply`, { body: '已安排下周修路', public: false })).statusCode).toBe(200);
    expect((await pub('/api/public/receipts/reply', { receipt, body: '谢谢，东头那段最严重' })).statusCode).toBe(201);
    const after = (await view(receipt)).json();
    expect(after.status).toBe('answered');
    expect(after.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([['staff', '已安排下周修路'], ['sender', '谢谢，东头那段最严重']]);
    const detail = (await t.as('office', { method: 'GET', url: `/api/opinions/${id}` })).json();
    expect(detail).toMatchObject({ named: false, sender: null, hasReceipt: true, answeredDay: '2026-03-01' });
    expect(detail.messages.map((m: { author: string }) => m.author)).toEqual(['staff', 'sender']);
  });

  it('tells the sender whether the opinion was passed on (交办), never to whom', async () => {
    const direct = (await send('便民服务大厅中午没人', 'step-key-00000000001')).json().receipt;
    const passed = (await send('垃圾清运不及时', 'step-key-00000000002')).json().receipt;
    expect((await view(direct)).json()).toMatchObject({ status: 'received', assigned: false });
    const items = (await t.as('office', { method: 'GET', url: '/api/opinions' })).json().items as { id: string; content: string }[];
    const idOf = (content: string) => items.find((o) => o.content === content)!.id;

    // Answered straight away: received → answered, never assigned.
    expect((await post('office', `/api/opinions/${idOf('便民服务大厅中午没人')}/reply`, { body: '已安排中午轮流值班', public: true })).statusCode).toBe(200);
    const answered = (await view(direct)).json();
    expect(answered).toMatchObject({ status: 'answered', assigned: false });
    expect(Object.keys(answered).sort()).toEqual(['assigned', 'category', 'content', 'day', 'handling', 'messages', 'orgName', 'status', 'verdict']);

    // Passed to a unit and a cadre, then answered: assigned stays true after the answer.
    expect((await post('secretary', `/api/opinions/${idOf('垃圾清运不及时')}/assign`, { orgId: t.tree.orgs.child.id, personId: t.tree.users.cadre.personId })).statusCode).toBe(200);
    expect((await view(passed)).json()).toMatchObject({ status: 'assigned', assigned: true });
    expect((await post('office', `/api/opinions/${idOf('垃圾清运不及时')}/reply`, { body: '已增加清运车次', public: false })).statusCode).toBe(200);
    const after = (await view(passed)).json();
    expect(after).toMatchObject({ status: 'answered', assigned: true });
    // Whom it went to stays with the staff.
    for (const secret of [t.tree.orgs.child.id, t.tree.orgs.child.name, t.tree.users.cadre.personId, 'cadre用户']) expect(JSON.stringify(after)).not.toContain(secret);

    // Handled on the spot without being passed on: closed, not assigned.
    const spot = (await send('路灯坏了', 'step-key-00000000003')).json().receipt;
    const spotId = (await t.as('office', { method: 'GET', url: `/api/opinions?q=${encodeURIComponent('路灯')}` })).json().items[0].id;
    expect((await post('office', `/api/opinions/${spotId}/handle`, { handling: 'resolved_on_spot', note: '当场报修，已修好' })).statusCode).toBe(200);
    expect((await view(spot)).json()).toMatchObject({ status: 'closed', handling: 'resolved_on_spot', assigned: false });
  });

  it('names an org and the units below it for the public page, and nothing archived or unknown', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/orgs/${t.tree.orgs.root.id}` });
    expect(res.json()).toEqual({ id: t.tree.orgs.root.id, name: t.tree.orgs.root.name, children: expect.arrayContaining([{ id: t.tree.orgs.own.id, name: t.tree.orgs.own.name }]) });
    expect(Object.keys(res.json().children[0]).sort()).toEqual(['id', 'name']);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/orgs/nowhere' })).statusCode).toBe(404);
  });

  it('answers a wrong receipt the same way whether it is malformed or unknown', async () => {
    const unknown = await view('ABCD-EFGH-JKLM-NPQR');
    const malformed = await view('not a code at all!!');
    for (const res of [unknown, malformed]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toEqual({ code: 'receipt_unknown', message: '查询码不正确，请核对后重新输入' });
    }
    expect((await pub('/api/public/receipts/reply', { receipt: 'ABCD-EFGH-JKLM-NPQR', body: '补充' })).statusCode).toBe(404);
  });

  it('stores nothing that links an anonymous opinion to its sender (every table dumped)', async () => {
    const keys = [0, 1, 2].map((i) => `dump-key-${i}-abcdefghijk`);
    const receipts: string[] = [];
    for (const [i, key] of keys.entries()) {
      const res = await send(`意见${i}：便民服务大厅中午没人`, key, {}, { 'user-agent': `MicroMessenger-Phone-${i}`, 'x-forwarded-for': `203.0.113.${i + 10}`, cookie: `tracker=visitor-${i}` });
      receipts.push(res.json().receipt);
    }
    await pub('/api/public/receipts/reply', { receipt: receipts[0], body: '补充一点情况' }, { 'user-agent': 'MicroMessenger-Phone-0' });
    const tables = ['orgs', 'people', 'memberships', 'accounts', 'grants', 'sessions', 'audit_log', 'audit_head', 'change_counters', 'opinions', 'opinion_messages', 'opinion_attachments', 'opinion_flags', 'org_counts', 'problems', 'problem_sources'] as const;
    const dump: Record<string, Record<string, unknown>[]> = {};
    for (const table of tables) dump[table] = (await t.deps.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    const everything = JSON.stringify(dump);
    for (const secret of [...keys, ...receipts, ...receipts.map((r) => r.replace(/-/g, '')), 'MicroMessenger', '203.0.113', 'visitor-']) expect(everything).not.toContain(secret);
    for (const o of dump.opinions) {
      expect(o).toMatchObject({ named: 0, sender_name: null, sender_phone: null, sender_village: null, recorded_by: null, day: '2026-03-01' });
      // No time of day anywhere on the row; the id is random (v4).
      expect(o.updated_at).toBe('2026-03-01T00:00:00.000Z');
      expect(o.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const m of dump.opinion_messages) expect(m).toMatchObject({ author: 'sender', account_id: null, day: '2026-03-01' });
    // Sending leaves no audit entry of its own (it would keep the moment): the ballot box writes
    // one per batch, with counts only.
    expect(dump.audit_log.length).toBeGreaterThan(0);
    for (const e of dump.audit_log) {
      expect([e.action, e.actor_id, e.org_path]).toEqual(['ballot_box.batch', null, null]);
      expect(e.summary).toMatch(/^票箱封存一批，共 \d+ 份（(意见建议|意见补充) \d+(，(意见建议|意见补充) \d+)?）$/);
    }
  });

  it('triages: assign to an org and a cadre, who sees it but never its sender; merge; on the spot; publish', async () => {
    const named = (await record('office', { content: '低保评定不公开', sender: { name: '李四', phone: '13900002222', village: '红旗村' } })).json();
    const dup = (await send('低保评定要公开透明', 'dup-key-00000000001')).json();
    const [dupRow] = (await t.as('office', { method: 'GET', url: '/api/opinions?channel=online' })).json().items;

    // The cadre sees nothing until assigned, then only that opinion, without the sender.
    expect((await t.as('cadre', { method: 'GET', url: '/api/opinions' })).json().items).toEqual([]);
    const assigned = await post('secretary', `/api/opinions/${named.id}/assign`, { orgId: t.tree.orgs.child.id, personId: t.tree.users.cadre.personId, dueDay: '2026-03-05' });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', dueDay: '2026-03-05', assignee: { orgId: t.tree.orgs.child.id, personId: t.tree.users.cadre.personId } });
    const cadreView = (await t.as('cadre', { method: 'GET', url: '/api/opinions' })).json().items;
    expect(cadreView.map((o: { id: string }) => o.id)).toEqual([named.id]);
    expect(cadreView[0]).toMatchObject({ named: true, sender: null });
    expect((await t.as('inspector', { method: 'GET', url: `/api/opinions/${named.id}` })).json().sender).toMatchObject({ name: '李四' });
    // Readers who do not triage cannot answer.
    expect((await post('inspector', `/api/opinions/${named.id}/reply`, { body: '收到', public: true })).statusCode).toBe(403);
    expect((await post('cadre', `/api/opinions/${named.id}/reply`, { body: '收到', public: true })).statusCode).toBe(403);

    // Merging: not into itself, not in a cycle; the merged sender still reads the answer.
    expect((await post('office', `/api/opinions/${named.id}/merge`, { intoId: named.id })).json().error.code).toBe('opinion_merge_invalid');
    const merged = await post('office', `/api/opinions/${dupRow.id}/merge`, { intoId: named.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().merged.map((m: { id: string }) => m.id)).toEqual([dupRow.id]);
    expect((await post('office', `/api/opinions/${named.id}/merge`, { intoId: dupRow.id })).json().error.code).toBe('opinion_merge_invalid');
    expect((await post('office', `/api/opinions/${dupRow.id}/reply`, { body: 'x', public: true })).json().error.code).toBe('opinion_merged');

    // Publishing needs an answer first.
    expect((await post('office', `/api/opinions/${named.id}/publish`)).json().error.code).toBe('opinion_not_answered');
    const handled = await post('secretary', `/api/opinions/${named.id}/handle`, { handling: 'resolved_on_spot', note: '当场核实，已公示低保名单' });
    expect(handled.json()).toMatchObject({ status: 'closed', handling: 'resolved_on_spot', answeredDay: '2026-03-01' });
    // The merged sender follows the opinion it went into, which had been assigned.
    expect((await view(dup.receipt)).json()).toMatchObject({ status: 'closed', handling: 'resolved_on_spot', assigned: true, messages: [{ author: 'staff', body: '当场核实，已公示低保名单' }] });
    expect((await post('secretary', `/api/opinions/${named.id}/publish`)).statusCode).toBe(403);
    expect((await post('office', `/api/opinions/${named.id}/publish`)).json().published).toBe(true);
    const counts = await t.deps.db.selectFrom('org_counts').select('count').where('org_id', '=', t.tree.orgs.own.id).where('metric', '=', 'opinions.answered').executeTakeFirst();
    expect(Number(counts?.count)).toBe(1);
  });

  it('lists by filters, keyword (Chinese substring) and keyset pages, and flags overdue ones', async () => {
    const contents = ['村里道路坑洼无人管', '道路两旁垃圾多', '办事要跑好几趟', '会议太多干部下村少', '低保评定要公开'];
    for (const [i, content] of contents.entries()) {
      expect((await record('office', { content, day: `2026-02-${String(10 + i).padStart(2, '0')}`, category: i % 2 ? 'service' : 'livelihood' })).statusCode).toBe(201);
    }
    const list = async (qs: string) => (await t.as('office', { method: 'GET', url: `/api/opinions?${qs}` })).json();
    expect((await list(`q=${encodeURIComponent('道路')}`)).items.map((o: { content: string }) => o.content)).toEqual(['道路两旁垃圾多', '村里道路坑洼无人管']);
    expect((await list('category=service')).items).toHaveLength(2);
    expect((await list('from=2026-02-12&to=2026-02-13')).items).toHaveLength(2);
    // A keyword with LIKE's wildcards matches them literally.
    expect((await list(`q=${encodeURIComponent('%')}`)).items).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((o: { content: string }) => o.content));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...contents].reverse());
    // All are past their 7 days on 2026-03-01 but the one from 02-22 or later would not be.
    expect((await list('overdue=true')).items).toHaveLength(5);
    const bad = await t.as('office', { method: 'GET', url: '/api/opinions?cursor=@@@' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'validation_failed']);
    // Another township's secretary sees none of it.
    expect((await t.as('secretary', { method: 'GET', url: `/api/opinions?orgId=${t.tree.orgs.other.id}` })).json().items).toEqual([]);
  });

  it('searches through the bigram index page by page, as a substring scan would', async () => {
    const contents = ['村里道路坑洼无人管', '道路两旁垃圾多', '修路占了道', '路灯不亮', '道路修好了 Road OK', '希望修好东头的路'];
    for (const [i, content] of contents.entries()) {
      expect((await record('office', { content, day: `2026-02-${String(10 + i).padStart(2, '0')}`, place: i === 3 ? '道路口' : '' })).statusCode).toBe(201);
    }
    const search = async (q: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await (await t.as('office', { method: 'GET', url: `/api/opinions?q=${encodeURIComponent(q)}&limit=1${cursor ? `&cursor=${cursor}` : ''}` })).json();
        seen.push(...page.items.map((o: { content: string }) => o.content));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    // The place is searched too; newest first across pages of one.
    expect(await search('道路')).toEqual(['道路修好了 Road OK', '路灯不亮', '道路两旁垃圾多', '村里道路坑洼无人管']);
    // Several pairs must all be there, and adjacent: 修好 and 好了 but not 修…好 apart.
    expect(await search('修好了')).toEqual(['道路修好了 Road OK']);
    expect(await search('road ok')).toEqual(['道路修好了 Road OK']);
    // One character has no pair: the list is scanned and still finds it.
    expect(await search('灯')).toEqual(['路灯不亮']);
    expect(await search('坑洼道路')).toEqual([]);
    const rows = await t.deps.db.selectFrom('opinion_terms').select('term').where('term', '=', '道路').execute();
    expect(rows).toHaveLength(4);
  });

  it('refuses bad input with clear messages and stores nothing', async () => {
    const empty = await send('   ', 'bad-key-0000000000001');
    expect([empty.statusCode, empty.json().error.code]).toEqual([422, 'validation_failed']);
    const long = await send('长'.repeat(20_000), 'bad-key-0000000000002');
    expect(long.statusCode).toBe(422);
    const english = await t.app.inject({ method: 'POST', url: '/api/public/opinions', headers: { host: 'massline.test', origin: 'http://massline.test', 'accept-language': 'en' }, payload: { orgId: 'nowhere', category: 'other', content: 'x', idempotencyKey: 'bad-key-0000000000003' } });
    expect([english.statusCode, english.json().error.code]).toEqual([404, 'not_found']);
    expect(await t.deps.db.selectFrom('opinions').select('id').execute()).toEqual([]);
  });
});

describe('opinions: public list, 纠错, counts, export', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());
  const post = (who: string, url: string, payload: object = {}) => t.as(who, { method: 'POST', url, payload });
  const pub = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { host: 'massline.test', origin: 'http://massline.test' }, ...(payload ? { payload } : {}) });

  it('publishes only what the office chose, with public answers only; 纠错 reaches the office, and nothing unpublished is reachable', async () => {
    const rec = async (content: string, day = '2026-02-27') => (await post('office', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'livelihood', content, day, sender: { name: '王五' } })).json().id as string;
    const shown = await rec('自来水经常停');
    const hidden = await rec('路灯不亮');
    await post('office', `/api/opinions/${shown}/reply`, { body: '已协调供水公司，本月底前更换管道', public: true });
    await post('office', `/api/opinions/${shown}/reply`, { body: '私下说明：施工队已进场', public: false });
    await post('office', `/api/opinions/${hidden}/reply`, { body: '已修好', public: true });
    await post('office', `/api/opinions/${shown}/publish`);

    const list = (await pub('GET', '/api/public/opinions')).json();
    expect(list.items).toEqual([{ id: shown, orgName: t.tree.orgs.own.name, category: 'livelihood', content: '自来水经常停', day: '2026-02-27', status: 'answered', handling: null, answers: [{ body: '已协调供水公司，本月底前更换管道', day: '2026-03-01' }] }]);
    expect(JSON.stringify(list)).not.toContain('王五');

    expect((await pub('POST', `/api/public/opinions/${hidden}/flags`, { body: '这条没有公开' })).statusCode).toBe(404);
    expect((await pub('POST', '/api/public/opinions/no-such-id/flags', { body: '乱猜的编号' })).statusCode).toBe(404);
    expect((await pub('POST', `/api/public/opinions/${shown}/flags`, { body: '管道还没换，答复不实' })).statusCode).toBe(201);

    const queue = (await t.as('office', { method: 'GET', url: '/api/opinion-flags?status=open' })).json().items;
    expect(queue).toEqual([expect.objectContaining({ opinionId: shown, body: '管道还没换，答复不实', status: 'open' })]);
    expect((await t.as('secretary', { method: 'GET', url: '/api/opinion-flags' })).statusCode).toBe(403);
    expect((await post('office', `/api/opinion-flags/${queue[0].id}/answer`, { status: 'answered', answer: '已核实，施工推迟到下月，已更正答复' })).statusCode).toBe(200);
    expect((await t.as('office', { method: 'GET', url: '/api/opinion-flags?status=open' })).json().items).toEqual([]);
  });

  it('counts per org from the counters, with overdue counted now, and exports the filtered list', async () => {
    const rec = (orgId: string, channel: string, category: string, day: string) => post('office', '/api/opinions', { orgId, channel, category, content: `意见${day}`, day });
    await rec(t.tree.orgs.own.id, 'forum', 'service', '2026-02-01');
    await rec(t.tree.orgs.child.id, 'visit', 'service', '2026-02-28');
    const answered = (await rec(t.tree.orgs.child.id, 'phone', 'other', '2026-02-28')).json().id;
    await post('office', `/api/opinions/${answered}/reply`, { body: '已答复', public: true });
    const counts = (await t.as('office', { method: 'GET', url: `/api/opinions/counts?orgId=${t.tree.orgs.own.id}` })).json().items;
    expect(counts[0]).toEqual({ orgId: t.tree.orgs.own.id, orgName: t.tree.orgs.own.name, received: 3, answered: 1, overdue: 1, problems: 0, byChannel: { forum: 1, visit: 1, phone: 1 }, byCategory: { service: 2, other: 1 } });
    expect(counts[1]).toMatchObject({ orgId: t.tree.orgs.child.id, received: 2, answered: 1, overdue: 0 });
    expect((await t.as('secretary', { method: 'GET', url: `/api/opinions/counts?orgId=${t.tree.orgs.sibling.id}` })).statusCode).toBe(404);

    const xlsx = await t.as('office', { method: 'GET', url: '/api/opinions.xlsx?category=service' });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push([1, 2, 3, 4, 5].map((c) => String(r.getCell(c).value ?? ''))));
    expect(rows).toEqual([
      ['日期', '组织', '渠道', '类别', '内容'],
      ['2026-02-28', t.tree.orgs.child.name, '走访', '服务群众不到位', '意见2026-02-28'],
      ['2026-02-01', t.tree.orgs.own.name, '座谈会', '服务群众不到位', '意见2026-02-01'],
    ]);
  });
});

describe('opinions: attachments', () => {
  let t: TestApp;
  let jpegBytes: Buffer;
  beforeEach(async () => {
    t = await createTestApp();
    jpegBytes = await multiPictureJpeg();
  });
  afterEach(() => t.close());

  const jpeg = () => jpegBytes;
  const upload = (who: string | null, url: string, body: Buffer, type = 'image/jpeg', headers: Record<string, string> = {}) =>
    who ? t.as(who, { method: 'POST', url, payload: body, headers: { 'content-type': type, ...headers } })
      : t.app.inject({ method: 'POST', url, payload: body, headers: { host: 'massline.test', origin: 'http://massline.test', 'content-type': type, ...headers } });
  const sendOpinion = async () => (await t.app.inject({ method: 'POST', url: '/api/public/opinions', headers: { host: 'massline.test', origin: 'http://massline.test' }, payload: { orgId: t.tree.orgs.own.id, category: 'livelihood', content: '路灯坏了', idempotencyKey: 'photo-key-0000000001' } })).json() as { receipt: string };

  it('keeps photos re-encoded with nothing of the phone in them, with a thumbnail; refuses what only claims to be an image; stops at 10 MB', async () => {
    const { id } = (await t.as('secretary', { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.own.id, channel: 'visit', category: 'livelihood', content: '桥栏杆坏了' } })).json();
    expect(markersIn(jpeg())).toContain('GPS');
    const res = await upload('secretary', `/api/opinions/${id}/attachments?name=${encodeURIComponent('C:\\photos\\桥.jpg')}`, jpeg());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '桥.jpg', mime: 'image/jpeg' });
    const stored = await t.deps.db.selectFrom('opinion_attachments').select(['data', 'thumb']).executeTakeFirstOrThrow();
    const data = Buffer.from(stored.data);
    const thumb = Buffer.from(stored.thumb!);
    // Neither the first picture's Exif and GPS nor the second picture appended after it.
    expect(markersIn(data)).toEqual([]);
    expect(markersIn(thumb)).toEqual([]);
    const meta = await sharp(data).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif, meta.xmp, meta.icc]).toEqual(['jpeg', 800, 600, undefined, undefined, undefined]);
    expect(await sharp(thumb).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    expect(thumb.length).toBeLessThan(data.length);

    const download = await t.as('inspector', { method: 'GET', url: `/api/opinions/${id}/attachments/${res.json().id}` });
    expect([download.statusCode, download.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect(download.rawPayload).toEqual(data);
    const small = await t.as('inspector', { method: 'GET', url: `/api/opinions/${id}/attachments/${res.json().id}?size=thumb` });
    expect([small.statusCode, small.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect(small.rawPayload).toEqual(thumb);
    expect((await t.as('inspector', { method: 'GET', url: `/api/opinions/${id}/attachments/${res.json().id}?size=huge` })).statusCode).toBe(422);
    expect((await t.as('office', { method: 'GET', url: `/api/opinions/${id}` })).json().attachments).toEqual([expect.objectContaining({ name: '桥.jpg', size: data.length })]);

    // Staff may keep a PDF as it is; it has no thumbnail.
    const pdf = await upload('secretary', `/api/opinions/${id}/attachments?name=a.pdf`, tinyPdf, 'application/pdf');
    expect(pdf.statusCode).toBe(201);
    expect((await t.as('inspector', { method: 'GET', url: `/api/opinions/${id}/attachments/${pdf.json().id}` })).rawPayload).toEqual(tinyPdf);
    expect((await t.as('inspector', { method: 'GET', url: `/api/opinions/${id}/attachments/${pdf.json().id}?size=thumb` })).statusCode).toBe(404);

    const fake = await upload('secretary', `/api/opinions/${id}/attachments`, Buffer.from('<script>alert(1)</script>'));
    expect([fake.statusCode, fake.json().error.code]).toEqual([422, 'attachment_type']);
    const broken = await upload('secretary', `/api/opinions/${id}/attachments`, jpeg().subarray(0, 600));
    expect([broken.statusCode, broken.json().error.code]).toEqual([422, 'image_unreadable']);
    const bomb = await upload('secretary', `/api/opinions/${id}/attachments`, pngBomb(), 'image/png');
    expect([bomb.statusCode, bomb.json().error.code]).toEqual([422, 'image_too_large']);
    const heic = await upload('secretary', `/api/opinions/${id}/attachments?name=IMG_0001.HEIC`, heicHeader(), 'application/octet-stream');
    expect([heic.statusCode, heic.json().error]).toEqual([400, { code: 'image_heic', message: expect.stringContaining('暂不支持 HEIC/HEIF 格式的照片') }]);
    const big = await upload('secretary', `/api/opinions/${id}/attachments`, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]), 'application/pdf');
    expect(big.statusCode).toBe(413);
    expect(await t.deps.db.selectFrom('opinion_attachments').select('id').execute()).toHaveLength(2);
    // Someone who cannot read the opinion cannot add to it or fetch from it.
    expect((await upload('cadre', `/api/opinions/${id}/attachments`, jpeg())).statusCode).toBe(404);
    expect((await t.as('cadre', { method: 'GET', url: `/api/opinions/${id}/attachments/${res.json().id}` })).statusCode).toBe(404);
    expect((await t.as('cadre', { method: 'GET', url: `/api/opinions/${id}/attachments/${res.json().id}?size=thumb` })).statusCode).toBe(404);
  });

  it('lets the sender add a photo with the receipt, never a PDF nor a HEIC photo, and nothing without it', async () => {
    const { receipt } = await sendOpinion();
    expect((await upload(null, '/api/public/receipts/attachments?name=light.jpg', jpeg(), 'image/jpeg', { 'x-receipt': receipt })).statusCode).toBe(201);
    const stored = await t.deps.db.selectFrom('opinion_attachments').select(['data', 'thumb']).executeTakeFirstOrThrow();
    expect(markersIn(Buffer.from(stored.data))).toEqual([]);
    expect(stored.thumb).not.toBeNull();
    // A PDF keeps its author (WPS writes the user's name): a sender, often anonymous, sends photos only.
    const pdf = await upload(null, '/api/public/receipts/attachments?name=a.pdf', tinyPdf, 'application/pdf', { 'x-receipt': receipt });
    expect([pdf.statusCode, pdf.json().error]).toEqual([422, { code: 'attachment_images_only', message: expect.stringContaining('群众补充的附件只能是照片') }]);
    const docx = await upload(null, '/api/public/receipts/attachments?name=a.docx', await minimalDocx('情况', ['正文']), 'application/octet-stream', { 'x-receipt': receipt });
    expect(docx.json().error.code).toBe('attachment_images_only');
    const heic = await upload(null, '/api/public/receipts/attachments?name=IMG_0001.HEIC', heicHeader(), 'image/heic', { 'x-receipt': receipt });
    expect([heic.statusCode, heic.json().error.code]).toEqual([400, 'image_heic']);
    const wrong = await upload(null, '/api/public/receipts/attachments', jpeg(), 'image/jpeg', { 'x-receipt': 'ABCD-EFGH-JKLM-NPQR' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([404, 'receipt_unknown']);
    expect(await t.deps.db.selectFrom('opinion_attachments').select('name').execute()).toEqual([{ name: 'light.jpg' }]);
  });

  it('migration 0014 re-encodes the photos stored before it, with thumbnails, and leaves PDFs alone', async () => {
    const { id } = (await t.as('secretary', { method: 'POST', url: '/api/opinions', payload: { orgId: t.tree.orgs.own.id, channel: 'visit', category: 'livelihood', content: '桥栏杆坏了' } })).json();
    await upload('secretary', `/api/opinions/${id}/attachments?name=a.pdf`, tinyPdf, 'application/pdf');
    await upload('secretary', `/api/opinions/${id}/attachments?name=b.jpg`, jpeg());
    await m0014.down(t.deps.db);
    // As the marker walk left it: the first picture's Exif gone, the second picture's still there.
    await t.deps.db.updateTable('opinion_attachments').set({ data: jpeg(), size: jpeg().length } as never).where('mime', '=', 'image/jpeg').execute();
    await m0014.up(t.deps.db);
    const rows = await t.deps.db.selectFrom('opinion_attachments').select(['name', 'mime', 'size', 'data', 'thumb']).orderBy('name').execute();
    expect(rows.map((r) => [r.name, r.thumb === null])).toEqual([['a.pdf', true], ['b.jpg', false]]);
    expect(Buffer.from(rows[0].data)).toEqual(tinyPdf);
    expect(markersIn(Buffer.from(rows[1].data))).toEqual([]);
    expect(Number(rows[1].size)).toBe(rows[1].data.length);
    expect(await sharp(Buffer.from(rows[1].thumb!)).metadata()).toMatchObject({ format: 'jpeg', width: 320 });
  });
});
