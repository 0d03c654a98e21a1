import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/factories.js';
import { columnName } from './kernel/xlsx-stream.js';

/**
 * Uploads that used to stall the server or exhaust its memory (issue 13, section 2): a zip bomb
 * to roster or XLSForm import, a sheet formatted down to row 1,048,576, too many rows or columns.
 * They are refused (or, for empty formatted rows, read without them) with a message in the
 * caller's language, nothing written, never a 500. How long they take is measured by the
 * benchmark, not here.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface ZipEntry { name: string; deflated: Buffer; declaredSize: number }

/** A zip archive put together by hand, so its headers may lie about sizes (CRCs are left 0). */
function zip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.deflated.length, 20);
    dir.writeUInt32LE(e.declaredSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.deflated);
    central.push(dir, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

const small = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), declaredSize: data.length };
};

/** Deflate a sheet produced piece by piece (never held whole in memory). */
async function deflateStream(pieces: Iterable<Buffer>): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (const piece of pieces) if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A one-sheet workbook around the given (deflated) sheet XML. */
function workbookWith(sheet: ZipEntry, sheetName = 'Sheet1'): Buffer {
  return zip([
    small('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
    small('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    small('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    sheet,
  ]);
}

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`);
const tail = Buffer.from('</sheetData></worksheet>');
const rosterRows = `<row r="1">${cell('A1', '姓名')}${cell('B1', '手机号')}</row><row r="2">${cell('A2', '张大山')}${cell('B2', '13800000001')}</row><row r="3">${cell('A3', '李小梅')}</row>`;

/** 1 GB of sheet XML (whitespace after two people) in about 1 MB, its headers claiming 1 KB. */
async function zipBomb(sheetName?: string): Promise<Buffer> {
  const spaces = Buffer.alloc(1 << 20, 0x20);
  const deflated = await deflateStream((function* () {
    yield head;
    yield Buffer.from(rosterRows);
    for (let i = 0; i < 1024; i++) yield spaces;
    yield tail;
  })());
  return workbookWith({ name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: 1024 }, sheetName);
}

/** Two people, then every row down to 1,048,576 formatted (a style, no value), as Excel writes them. */
async function formattedToTheEnd(): Promise<Buffer> {
  const deflated = await deflateStream((function* () {
    yield head;
    yield Buffer.from(rosterRows);
    let batch = '';
    for (let r = 4; r <= 1_048_576; r++) {
      batch += `<row r="${r}" s="1" customFormat="1"><c r="A${r}" s="1"/><c r="B${r}" s="1"/></row>`;
      if (r % 10_000 === 0) { yield Buffer.from(batch); batch = ''; }
    }
    yield Buffer.from(batch + tail.toString());
  })());
  return workbookWith({ name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: 0 });
}

async function sheetOf(xml: string): Promise<Buffer> {
  const data = Buffer.concat([head, Buffer.from(xml), tail]);
  return workbookWith({ name: 'xl/worksheets/sheet1.xml', deflated: deflateRawSync(data), declaredSize: data.length });
}

describe('uploads that could stall the server or exhaust its memory', () => {
  let h: TestApp;
  beforeEach(async () => {
    h = await createTestApp();
  });
  afterEach(() => h.close());

  const roster = (body: Buffer, lang?: string) =>
    h.as('secretary', { method: 'POST', url: `/api/orgs/${h.tree.orgs.own.id}/roster`, payload: body, headers: { 'content-type': XLSX, ...(lang ? { 'accept-language': lang } : {}) } });
  const xlsform = (body: Buffer) =>
    h.as('office', { method: 'POST', url: `/api/forms/import/xlsform?orgId=${h.tree.orgs.own.id}`, payload: body, headers: { 'content-type': XLSX } });

  async function counts() {
    const db = h.deps.db as unknown as Kysely<any>;
    const n = async (table: string) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { people: await n('people'), memberships: await n('memberships'), forms: await n('forms'), audit_log: await n('audit_log') };
  }

  it('refuses a zip bomb sent to roster import with 413, writing nothing, whatever sizes the archive declares', async () => {
    const bomb = await zipBomb();
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    const before = await counts();
    const res = await roster(bomb);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'upload_too_large', message: '文件解压后的内容过大（上限 200 MB），未导入任何数据' });
    const en = await roster(bomb, 'en');
    expect(en.statusCode).toBe(413);
    expect(en.json().error.message).toBe('The file is too large once unpacked (limit 200 MB); nothing was imported');
    expect(await counts()).toEqual(before);
  });

  it('refuses a zip bomb sent to XLSForm import with 413, creating no form', async () => {
    const bomb = await zipBomb('survey');
    const before = await counts();
    const res = await xlsform(bomb);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('upload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('imports a roster formatted down to row 1,048,576 without its empty rows', async () => {
    const file = await formattedToTheEnd();
    const before = await counts();
    const res = await roster(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    expect((await counts()).people).toBe(before.people + 2);
  });

  it('refuses a value below row 20,001 or right of column 200, writing nothing', async () => {
    const before = await counts();
    const tooLong = await roster(await sheetOf(`${rosterRows}<row r="20002">${cell('A20002', '王五')}</row>`));
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error).toEqual({ code: 'upload_too_many_rows', message: '表格超过 20000 行，未导入任何数据；请拆分后分批导入' });
    const wide = columnName(200); // the 201st column
    const tooWide = await roster(await sheetOf(`${rosterRows}<row r="4">${cell(`${wide}4`, 'x')}</row>`));
    expect(tooWide.statusCode).toBe(422);
    expect(tooWide.json().error).toEqual({ code: 'upload_too_many_columns', message: '表格超过 200 列，未导入任何数据' });
    const form = await xlsform(await sheetOf(`<row r="20002">${cell('A20002', 'text')}</row>`));
    expect(form.statusCode).toBe(422);
    expect(form.json().error.code).toBe('xlsform_unreadable'); // the sheet is not called survey
    expect(await counts()).toEqual(before);
  });

  it('still imports an ordinary roster, and refuses what is not a zip as before', async () => {
    const res = await roster(await sheetOf(rosterRows));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    const junk = await roster(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(junk.statusCode).toBe(422);
    expect(junk.json().error.code).toBe('roster_unreadable');
  });
});
