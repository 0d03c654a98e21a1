import { PassThrough } from 'node:stream';
import { writeXlsx } from '../src/kernel/xlsx-stream.js';

export { minimalDocx } from '../src/demo/documents.js';

/** A minimal PDF: header, one object, its cross-reference table, trailer, startxref, end marker. */
export const tinyPdf = (() => {
  const head = '%PDF-1.4\n';
  const obj = '1 0 obj << /Type /Catalog >> endobj\n';
  const xref = `xref\n0 2\n0000000000 65535 f \n${String(head.length).padStart(10, '0')} 00000 n \n`;
  const at = head.length + obj.length;
  return Buffer.from(`${head}${obj}${xref}trailer << /Size 2 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`, 'latin1');
})();

/** A real .xlsx: a ZIP with a content-types part, but no Word document in it. */
export async function tinyXlsx(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(out, 'sheet', (async function* () { yield ['a', 1]; })());
  return Buffer.concat(chunks);
}
