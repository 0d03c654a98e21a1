import { PassThrough } from 'node:stream';
import { writeXlsx } from '../src/kernel/xlsx-stream.js';

export { minimalDocx } from '../src/demo/documents.js';

/** A minimal PDF: header, one object, trailer, end marker. */
export const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** A real .xlsx: a ZIP with a content-types part, but no Word document in it. */
export async function tinyXlsx(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(out, 'sheet', (async function* () { yield ['a', 1]; })());
  return Buffer.concat(chunks);
}
