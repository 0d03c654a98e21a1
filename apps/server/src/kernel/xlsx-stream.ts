import { Readable, type Writable } from 'node:stream';
import archiver from 'archiver';

/**
 * A one-sheet .xlsx written as it is read, with backpressure from the download all the way back
 * to the database pages. ExcelJS's streaming writer keeps every chunk of the sheet it has zipped
 * (its StreamBuf also buffers what it already emitted), so a 100,000-row export held the whole
 * sheet's XML in memory; here only the zip's window and one page of rows are.
 *
 * The sheet uses inline strings and no styles: the smallest valid workbook that Excel, WPS and
 * LibreOffice open.
 */
export type Cell = string | number | null | undefined;

const xmlFile = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const contentTypes = xmlFile(
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '</Types>',
);
const rootRels = xmlFile(
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
);
const workbookRels = xmlFile(
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
);
const workbook = (sheetName: string) =>
  xmlFile(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`);

/** XML text: escaped, and without the control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A, B, …, Z, AA, …: the column part of a cell reference. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function rowXml(cells: Cell[], rowNumber: number): string {
  let xml = `<row r="${rowNumber}">`;
  cells.forEach((value, i) => {
    if (value === null || value === undefined || value === '') return;
    const ref = `${columnName(i)}${rowNumber}`;
    xml += typeof value === 'number' && Number.isFinite(value)
      ? `<c r="${ref}"><v>${value}</v></c>`
      : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
  });
  return `${xml}</row>`;
}

async function* sheetXml(rows: AsyncIterable<Cell[]>, widths: number[]): AsyncGenerator<Buffer> {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  yield Buffer.from(xmlFile(`<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`));
  let n = 0;
  let batch = '';
  for await (const row of rows) {
    batch += rowXml(row, ++n);
    // A few hundred rows per chunk: few enough calls, small enough chunks.
    if (n % 200 === 0) {
      yield Buffer.from(batch);
      batch = '';
    }
  }
  yield Buffer.from(`${batch}</sheetData></worksheet>`);
}

/** Stream `rows` (the header first) as a one-sheet workbook into `out`; resolves when written. */
export async function writeXlsx(out: Writable, sheetName: string, rows: AsyncIterable<Cell[]>, widths: number[] = []): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(contentTypes, { name: '[Content_Types].xml' });
  zip.append(rootRels, { name: '_rels/.rels' });
  zip.append(workbook(sheetName), { name: 'xl/workbook.xml' });
  zip.append(workbookRels, { name: 'xl/_rels/workbook.xml.rels' });
  zip.append(Readable.from(sheetXml(rows, widths)), { name: 'xl/worksheets/sheet1.xml' });
  await zip.finalize();
  await done;
}
