import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { columnName, escapeXml, writeXlsx, type Cell } from './xlsx-stream.js';

async function* rowsOf(rows: Cell[][]) {
  yield* rows;
}

async function written(rows: Cell[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(out, '回答', rowsOf(rows), [12, 24]);
  return Buffer.concat(chunks);
}

describe('streaming .xlsx writer', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('escapes markup and drops the control characters XML cannot hold', () => {
    expect(escapeXml('<a href="x">&\u0001\u0008ok\t\n')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;ok\t\n');
  });

  it('writes a workbook that a spreadsheet library reads back cell for cell', async () => {
    const rows: Cell[][] = [['日期', '意见', '评分'], ['2026-11-24', '村里道路<坑洼>&无人管', 4], ['2026-11-25', '', 2.5], ['2026-11-26', '=1+1', null]];
    const file = await written(rows);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('回答');
    const read = [1, 2, 3, 4].map((r) => [1, 2, 3].map((c) => sheet.getRow(r).getCell(c).value ?? null));
    expect(read).toEqual([['日期', '意见', '评分'], ['2026-11-24', '村里道路<坑洼>&无人管', 4], ['2026-11-25', null, 2.5], ['2026-11-26', '=1+1', null]]);
    // A resident's "=1+1" stays text: inline strings are never formulas.
    expect(sheet.getRow(4).getCell(2).formula).toBeUndefined();
  });
});
