import { rosterColumns, type Person } from '@massline/shared';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertPerson, type TestApp } from '../../../test/factories.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Cell = string | number | null;

/** A roster workbook as an office would fill it in: a header row, then one row per person. */
async function rosterFile(rows: Cell[][], header: readonly string[] = rosterColumns): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  sheet.addRow([...header]);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The first sheet of an .xlsx as text rows (header included). */
async function readSheet(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const out: string[][] = [];
  workbook.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
    out.push(rosterColumns.map((_, i) => {
      const v = row.getCell(i + 1).value;
      return v === null || v === undefined ? '' : String(v);
    }));
  });
  return out;
}

describe('roster (花名册) import and export', () => {
  let h: TestApp;
  beforeEach(async () => {
    h = await createTestApp();
  });
  afterEach(() => h.close());

  const upload = (who: string | null, orgId: string, body: Buffer, contentType = XLSX) =>
    h.as(who, { method: 'POST', url: `/api/orgs/${orgId}/roster`, payload: body, headers: { 'content-type': contentType } });

  async function counts() {
    const db = h.deps.db as unknown as Kysely<any>;
    const n = async (table: string) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { people: await n('people'), memberships: await n('memberships'), audit_log: await n('audit_log') };
  }

  /** Everyone the caller sees in an organisation's subtree, by name (fits in one page here). */
  async function peopleIn(orgId: string, who = 'office'): Promise<Map<string, Person>> {
    const res = await h.as(who, { method: 'GET', url: `/api/people?orgId=${orgId}&limit=100` });
    expect(res.statusCode).toBe(200);
    expect(res.json().next).toBeNull();
    return new Map((res.json().items as Person[]).map((p) => [p.name, p]));
  }
  const orgNames = (p: Person | undefined) => (p?.memberships ?? []).map((m) => m.orgName).sort();

  it('creates the people of a good file, with their organisations', async () => {
    const { own, child } = h.tree.orgs;
    const before = await counts();
    const file = await rosterFile([
      ['张三', '男', '13800000001', '村委委员', '是', ''],
      ['李四', '女', 13800000002, null, '否', '红旗村第一党小组'],
      ['王五', null, '138-0000-0003', '', '中共党员', '红旗村党支部、红旗村第一党小组'],
      ['赵六', '女', '', '网格员', '群众', '红旗村党支部/红旗村第一党小组'],
    ]);
    const res = await upload('office', own.id, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 4, updated: 0 });

    const inOwn = await peopleIn(own.id);
    expect(inOwn.get('张三')).toMatchObject({ gender: 'male', phone: '13800000001', position: '村委委员', partyMember: true, archived: false, username: null });
    expect(orgNames(inOwn.get('张三'))).toEqual([own.name]);
    expect(inOwn.get('李四')).toMatchObject({ gender: 'female', phone: '13800000002', position: null, partyMember: false });
    expect(orgNames(inOwn.get('李四'))).toEqual([child.name]);
    // Dashes in a phone number are dropped; both organisations are joined.
    expect(inOwn.get('王五')).toMatchObject({ gender: null, phone: '13800000003', position: null, partyMember: true });
    expect(orgNames(inOwn.get('王五'))).toEqual([child.name, own.name].sort());
    expect(inOwn.get('赵六')).toMatchObject({ gender: 'female', phone: null, position: '网格员', partyMember: false });
    expect(orgNames(inOwn.get('赵六'))).toEqual([child.name]);

    const inChild = await peopleIn(child.id);
    expect(['张三', '李四', '王五', '赵六'].filter((n) => inChild.has(n))).toEqual(['李四', '王五', '赵六']);

    expect(await counts()).toEqual({ people: before.people + 4, memberships: before.memberships + 5, audit_log: before.audit_log + 1 });
    const audit = await h.deps.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'roster.import', entity_type: 'org', entity_id: own.id, org_path: own.path, actor_id: h.tree.users.office.accountId,
      summary: '导入“红旗村党支部”花名册：新增 4 人，更新 0 人',
    });
  });

  it('reports every bad cell of the checks on the file itself, and writes nothing', async () => {
    const before = await counts();
    const file = await rosterFile([
      ['', '男', '13900000001', '', '是', ''],
      ['赵六', '未知', '13900000002', '', '否', ''],
      ['钱七', '男', 12345, '', '否', ''],
      ['孙八', '女', '13900000005', '', '否', ''],
      ['周九', '男', '13900000005', '', '否', ''],
      ['吴十', '男', '13900000007', '', '可能', ''],
      ['郑一', '女', '13900000008', '', '是', ''],
    ]);
    const res = await upload('office', h.tree.orgs.own.id, file);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: {
        code: 'roster_invalid',
        message: '花名册有 5 处错误，未导入任何数据',
        details: {
          rows: [
            { row: 2, column: '姓名', reason: '姓名不能为空' },
            { row: 3, column: '性别', reason: '性别只能填“男”或“女”，不能是“未知”' },
            { row: 4, column: '手机号', reason: '“12345”不是有效的 11 位手机号' },
            { row: 6, column: '手机号', reason: '与第 5 行的手机号重复' },
            { row: 7, column: '是否党员', reason: '只能填“是”或“否”，不能是“可能”' },
          ],
        },
      },
    });
    expect(await counts()).toEqual(before);
    expect((await h.deps.db.selectFrom('people').select('id').where('name', 'in', ['孙八', '郑一']).execute()).length).toBe(0);
  });

  it('reports an unknown organisation, and writes nothing', async () => {
    const before = await counts();
    const file = await rosterFile([
      ['孙八', '女', '13900000005', '', '否', '红旗村第一党小组'],
      ['郑一', '女', '13900000008', '', '是', '不存在的组织'],
      // A real organisation, but outside the target's subtree.
      ['冯二', '男', '13900000009', '', '否', '青山村党支部'],
    ]);
    const res = await upload('office', h.tree.orgs.own.id, file);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: {
        code: 'roster_invalid',
        message: '花名册有 2 处错误，未导入任何数据',
        details: {
          rows: [
            { row: 3, column: '所属组织', reason: '找不到组织“不存在的组织”（须为“红旗村党支部”或其下级组织）' },
            { row: 4, column: '所属组织', reason: '找不到组织“青山村党支部”（须为“红旗村党支部”或其下级组织）' },
          ],
        },
      },
    });
    expect(await counts()).toEqual(before);
  });

  // BUG: importRoster (roster/import.ts) returns the errors of parseRoster before it resolves the
  // 所属组织 cells, so a file with both kinds of mistakes reports only the first kind; after fixing
  // those and uploading again, the user meets a second list. Every bad row should be listed at once.
  it('lists every bad row at once, an unknown organisation among cell errors included', async () => {
    const before = await counts();
    const file = await rosterFile([
      ['', '男', '13900000001', '', '是', ''],
      ['赵六', '未知', '13900000002', '', '否', ''],
      ['钱七', '男', '12345', '', '否', ''],
      ['孙八', '女', '13900000005', '', '否', ''],
      ['周九', '男', '13900000005', '', '否', ''],
      ['吴十', '男', '13900000007', '', '可能', ''],
      ['郑一', '女', '13900000008', '', '是', '不存在的组织'],
    ]);
    const res = await upload('office', h.tree.orgs.own.id, file);
    expect(await counts()).toEqual(before);
    expect(res.statusCode).toBe(422);
    const rows = res.json().error.details.rows as { row: number; column: string; reason: string }[];
    expect(rows.map((r) => [r.row, r.column])).toEqual([[2, '姓名'], [3, '性别'], [4, '手机号'], [6, '手机号'], [7, '是否党员'], [8, '所属组织']]);
    for (const r of rows) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('updates instead of duplicating when the same people are imported again (matched by phone)', async () => {
    const { own } = h.tree.orgs;
    const first = [
      ['张三', '男', '13800000001', '村委委员', '是', ''],
      ['李四', '女', '13800000002', '', '否', '红旗村第一党小组'],
      ['王五', '男', '', '', '否', ''],
    ];
    expect((await upload('office', own.id, await rosterFile(first))).json()).toEqual({ created: 3, updated: 0 });
    const ids = new Map([...(await peopleIn(own.id))].map(([name, p]) => [name, p.id]));
    const afterFirst = await counts();

    expect((await upload('office', own.id, await rosterFile(first))).json()).toEqual({ created: 0, updated: 3 });
    expect(await counts()).toEqual({ ...afterFirst, audit_log: afterFirst.audit_log + 1 });

    // Same phone, new name and position: the same person, changed.
    const changed = [['张三丰', '男', '13800000001', '村委会主任', '是', '红旗村第一党小组'], ...first.slice(1)];
    const res = await upload('office', own.id, await rosterFile(changed));
    expect(res.json()).toEqual({ created: 0, updated: 3 });
    const people = await peopleIn(own.id);
    expect(people.has('张三')).toBe(false);
    expect(people.get('张三丰')).toMatchObject({ id: ids.get('张三'), phone: '13800000001', position: '村委会主任' });
    // Memberships are only ever added by an import.
    expect(orgNames(people.get('张三丰'))).toEqual([h.tree.orgs.child.name, own.name].sort());
    expect(await counts()).toEqual({ people: afterFirst.people, memberships: afterFirst.memberships + 1, audit_log: afterFirst.audit_log + 2 });
    const audit = await h.deps.db.selectFrom('audit_log').select('summary').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.summary).toBe('导入“红旗村党支部”花名册：新增 0 人，更新 3 人');
  });

  it('leaves alone a person outside the importer\'s reach who has the same phone, without revealing them', async () => {
    const outsider = await insertPerson(h.deps, '青山村村民', [h.tree.orgs.sibling.id], { phone: '13700000001' });
    const rowsBefore = await h.deps.db.selectFrom('people').selectAll().where('id', '=', outsider).executeTakeFirstOrThrow();
    const file = await rosterFile([
      ['张三', '男', '13800000001', '', '是', ''],
      ['冒名', '女', '13700000001', '村委委员', '是', ''],
    ]);
    const res = await upload('office', h.tree.orgs.own.id, file);
    // Exactly what an unknown phone gets: the import says nothing about the outsider.
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    expect(await h.deps.db.selectFrom('people').selectAll().where('id', '=', outsider).executeTakeFirstOrThrow()).toEqual(rowsBefore);
    expect((await h.deps.db.selectFrom('memberships').select('org_id').where('person_id', '=', outsider).execute()).map((m) => m.org_id)).toEqual([h.tree.orgs.sibling.id]);
    const namesake = await h.deps.db.selectFrom('people').select(['id', 'name']).where('phone', '=', '13700000001').where('id', '!=', outsider).execute();
    expect(namesake.map((p) => p.name)).toEqual(['冒名']);
  });

  describe('who may import where', () => {
    const where = { own: 'own', child: 'child', parent: 'root', sibling: 'sibling', other: 'other' } as const;
    const allowed: Record<string, (keyof typeof where)[]> = {
      admin: ['own', 'child', 'parent', 'sibling', 'other'],
      office: ['own', 'child'],
      secretary: ['own', 'child'],
      cadre: [],
      inspector: [],
      surveyor: [],
    };
    for (const [role, places] of Object.entries(allowed)) {
      it(`${role}: may import into ${places.join(', ') || 'nowhere'}`, async () => {
        let n = 0;
        for (const [position, key] of Object.entries(where) as [keyof typeof where, keyof typeof h.tree.orgs][]) {
          n++;
          const before = await counts();
          const res = await upload(role, h.tree.orgs[key].id, await rosterFile([[`${role}导入${n}`, '男', `1350000${String(n).padStart(4, '0')}`, '', '否', '']]));
          if (places.includes(position)) {
            expect({ position, status: res.statusCode, body: res.json() }).toEqual({ position, status: 200, body: { created: 1, updated: 0 } });
            expect(await counts()).toEqual({ people: before.people + 1, memberships: before.memberships + 1, audit_log: before.audit_log + 1 });
          } else {
            // Refused where the organisation is in sight (own subtree); not found outside it.
            const visible = position === 'own' || position === 'child';
            expect({ position, status: res.statusCode, code: res.json().error.code }).toEqual(
              visible ? { position, status: 403, code: 'forbidden' } : { position, status: 404, code: 'not_found' },
            );
            expect(await counts()).toEqual(before);
          }
        }
      });
    }

    it('anonymous: 401, nothing written', async () => {
      const before = await counts();
      const res = await upload(null, h.tree.orgs.own.id, await rosterFile([['张三', '男', '13800000001', '', '是', '']]));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      expect(await counts()).toEqual(before);
    });
  });

  it('refuses a file that is not an .xlsx workbook', async () => {
    const before = await counts();
    for (const [body, type] of [
      [Buffer.from('姓名,性别,手机号\n张三,男,13800000001\n'), XLSX],
      [Buffer.from('PK\u0003\u0004 broken zip'), XLSX],
      [Buffer.from('not a spreadsheet'), 'application/octet-stream'],
    ] as const) {
      const res = await upload('office', h.tree.orgs.own.id, body, type);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toEqual({ error: { code: 'roster_unreadable', message: '无法读取文件，请上传 .xlsx 格式的花名册' } });
    }
    const en = await h.as('office', { method: 'POST', url: `/api/orgs/${h.tree.orgs.own.id}/roster`, payload: Buffer.from('nope'), headers: { 'content-type': XLSX, 'accept-language': 'en' } });
    expect(en.json().error).toEqual({ code: 'roster_unreadable', message: 'The file could not be read; upload the roster as .xlsx' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a workbook without a 姓名 column, or without anyone in it', async () => {
    const before = await counts();
    const noName = await upload('office', h.tree.orgs.own.id, await rosterFile([['张三', '男']], ['名字', '性别']));
    expect(noName.statusCode).toBe(422);
    expect(noName.json().error.code).toBe('roster_invalid');
    expect(noName.json().error.details.rows).toEqual([{ row: 1, column: '姓名', reason: '缺少“姓名”列（表头须为：姓名、性别、手机号、职务、是否党员、所属组织）' }]);
    const empty = await upload('office', h.tree.orgs.own.id, await rosterFile([]));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.details.rows).toEqual([{ row: 2, column: '姓名', reason: '花名册中没有任何人员' }]);
    expect(await counts()).toEqual(before);
  });

  it('exports the subtree, and the export imports back unchanged', async () => {
    const { own, child } = h.tree.orgs;
    await upload('office', own.id, await rosterFile([
      ['张三', '男', '13800000001', '村委委员', '是', ''],
      ['李四', '女', '13800000002', '妇女主任', '否', '红旗村第一党小组'],
      ['王五', '', '13800000003', '', '是', '红旗村党支部、红旗村第一党小组'],
    ]));
    const res = await h.as('office', { method: 'GET', url: `/api/orgs/${own.id}/roster.xlsx` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent('红旗村党支部花名册.xlsx')}`);
    const sheet = await readSheet(res.rawPayload);
    expect(sheet[0]).toEqual([...rosterColumns]);
    const byName = new Map(sheet.slice(1).map((r) => [r[0], r]));
    expect(byName.get('张三')).toEqual(['张三', '男', '13800000001', '村委委员', '是', own.name]);
    expect(byName.get('李四')).toEqual(['李四', '女', '13800000002', '妇女主任', '否', child.name]);
    expect(byName.get('王五')).toEqual(['王五', '', '13800000003', '', '是', `${own.name}、${child.name}`]);
    // Everyone of the subtree, and no one from outside it.
    const visible = await peopleIn(own.id);
    expect([...byName.keys()].sort()).toEqual([...visible.keys()].sort());
    expect(byName.has(`成员${h.tree.orgs.sibling.name}`)).toBe(false);

    const db = h.deps.db;
    const state = async () => ({
      people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
      memberships: await db.selectFrom('memberships').selectAll().orderBy('person_id').orderBy('org_id').execute(),
    });
    const before = await state();
    const again = await upload('office', own.id, res.rawPayload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ created: 0, updated: sheet.length - 1 });
    expect(await state()).toEqual(before);
    // And the same names, phones and organisations come out a second time.
    const second = await h.as('office', { method: 'GET', url: `/api/orgs/${own.id}/roster.xlsx` });
    expect((await readSheet(second.rawPayload)).sort()).toEqual([...sheet].sort());
  });

  it('lets only those who may export download a roster', async () => {
    const url = (key: keyof typeof h.tree.orgs) => `/api/orgs/${h.tree.orgs[key].id}/roster.xlsx`;
    expect((await h.as('inspector', { method: 'GET', url: url('child') })).statusCode).toBe(200);
    expect((await h.as('secretary', { method: 'GET', url: url('own') })).statusCode).toBe(200);
    for (const [who, key, status, code] of [['office', 'sibling', 404, 'not_found'], ['office', 'root', 404, 'not_found'], ['surveyor', 'own', 403, 'forbidden'], ['cadre', 'own', 403, 'forbidden']] as const) {
      const res = await h.as(who, { method: 'GET', url: url(key) });
      expect({ who, key, status: res.statusCode, code: res.json().error.code }).toEqual({ who, key, status, code });
    }
    const missing = await h.as('office', { method: 'GET', url: '/api/orgs/no-such-org/roster.xlsx' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('serves a template with the header row', async () => {
    const res = await h.as('surveyor', { method: 'GET', url: '/api/roster/template.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('花名册模板.xlsx')}`);
    const sheet = await readSheet(res.rawPayload);
    expect(sheet[0]).toEqual(['姓名', '性别', '手机号', '职务', '是否党员', '所属组织']);
    expect((await h.as(null, { method: 'GET', url: '/api/roster/template.xlsx' })).statusCode).toBe(401);
  });

  it('imports 5,000 rows', async () => {
    const { own, child } = h.tree.orgs;
    const rows: Cell[][] = Array.from({ length: 5000 }, (_, i) => [
      `测试人员${i}`, i % 2 ? '男' : '女', String(13000000000 + i), i % 7 === 0 ? '村民代表' : '', i % 3 ? '否' : '是', i % 2 ? own.name : child.name,
    ]);
    const file = await rosterFile(rows);
    const before = await counts();
    const started = performance.now();
    const res = await upload('office', own.id, file);
    const ms = performance.now() - started;
    console.log(`roster import of 5000 rows (${(file.length / 1024).toFixed(0)} KB) on ${h.deps.dialect}: ${ms.toFixed(0)} ms`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 5000, updated: 0 });
    expect(await counts()).toEqual({ people: before.people + 5000, memberships: before.memberships + 5000, audit_log: before.audit_log + 1 });
    const inChild = await h.deps.db
      .selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id')
      .select((eb) => eb.fn.countAll().as('n')).where('m.org_id', '=', child.id).where('p.name', 'like', '测试人员%').executeTakeFirstOrThrow();
    expect(Number(inChild.n)).toBe(2500);
    const last = await h.deps.db.selectFrom('people').selectAll().where('phone', '=', String(13000000000 + 4999)).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ name: '测试人员4999', gender: 'male', position: null, party_member: 0 });
  });
});
