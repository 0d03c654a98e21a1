import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { escapeXml } from '../kernel/xlsx-stream.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;

/**
 * The smallest Word document Word, WPS and LibreOffice open: a title and paragraphs, in three
 * parts. For the demo township's rules (and the tests of what counts as a .docx).
 */
export async function minimalDocx(title: string, paragraphs: string[]): Promise<Buffer> {
  const para = (text: string, bold = false) =>
    `<w:p>${bold ? '<w:pPr><w:jc w:val="center"/></w:pPr>' : ''}<w:r>${bold ? '<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>' : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  const zip = archiver('zip', { zlib: { level: 6 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(xml(
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  ), { name: '[Content_Types].xml' });
  zip.append(xml(
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  ), { name: '_rels/.rels' });
  zip.append(xml(`<w:document xmlns:w="${W}"><w:body>${para(title, true)}${paragraphs.map((p) => para(p)).join('')}</w:body></w:document>`), { name: 'word/document.xml' });
  await zip.finalize();
  await done;
  return Buffer.concat(chunks);
}
