import { PassThrough } from 'node:stream';
import { rosterColumns } from '@massline/shared';
import type ExcelJS from 'exceljs';
import { excel } from './excel.js';
import type { Db } from '../../../database.js';
import { listPeople, membershipsOf } from '../queries.js';

const widths = [14, 8, 16, 20, 10, 40];

function styleSheet(sheet: ExcelJS.Worksheet, rows: number) {
  sheet.columns = rosterColumns.map((header, i) => ({ header, key: header, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  // Drop-down lists, so a typed roster passes the import's checks the first time.
  for (let r = 2; r <= rows + 1; r++) {
    sheet.getCell(`B${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"男,女"'] };
    sheet.getCell(`E${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
  }
}

/** An empty roster with the expected header and drop-downs. */
export async function rosterTemplate(): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet('花名册');
  styleSheet(sheet, 500);
  sheet.addRow(['张三', '男', '13800000000', '村委委员', '是', '']);
  sheet.getRow(2).font = { color: { argb: 'FF999999' } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Stream the roster of an organisation's subtree as .xlsx, page by page, so a large roster never
 * sits whole in memory. Columns match the import, so an export can be edited and imported back.
 */
export async function exportRoster(db: Db, org: { path: string; name: string }): Promise<PassThrough> {
  const out = new PassThrough();
  const workbook = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet('花名册');
  sheet.columns = rosterColumns.map((header, i) => ({ header, key: header, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    let after: [string, string] | undefined;
    for (;;) {
      const page = await listPeople(db, { scope: null, orgPath: org.path, includeArchived: false, after, limit: 500 });
      const rows = page.slice(0, 500);
      const memberships = await membershipsOf(db, rows.map((p) => p.id));
      for (const p of rows) {
        const orgs = memberships.filter((m) => m.person_id === p.id && m.path.startsWith(org.path)).map((m) => m.org_name);
        sheet.addRow([p.name, p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '', p.phone ?? '', p.position ?? '', Number(p.party_member) === 1 ? '是' : '否', orgs.join('、')]).commit();
      }
      if (page.length <= 500) break;
      const last = rows[rows.length - 1];
      after = [last.name, last.id];
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
