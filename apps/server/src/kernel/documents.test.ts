import { describe, expect, it } from 'vitest';
import { minimalDocx, tinyPdf, tinyXlsx } from '../../test/documents.js';
import { DOCX_MIME, sniffDocument, sniffType, zipEntryNames } from './attachments.js';

describe('documents: PDF and Word .docx known by their bytes', () => {
  it('knows a .docx by its parts, a PDF by its header and end marker', async () => {
    const docx = await minimalDocx('制度', ['第一条']);
    expect(zipEntryNames(docx)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(sniffDocument(docx)).toBe(DOCX_MIME);
    expect(sniffDocument(tinyPdf)).toBe('application/pdf');
    // Up to 1 KB after %%EOF is tolerated, as readers do.
    expect(sniffDocument(Buffer.concat([tinyPdf, Buffer.alloc(500, 0x20)]))).toBe('application/pdf');
  });

  it('refuses what only looks like one', async () => {
    // Text claiming to be a PDF, a header with nothing after it, an end marker too far from the end.
    expect(sniffDocument(Buffer.from('this is not a pdf, whatever the name says'))).toBeNull();
    expect(sniffDocument(Buffer.from('%PDF-1.4'))).toBeNull();
    expect(sniffDocument(Buffer.concat([tinyPdf, Buffer.alloc(2000, 0x20)]))).toBeNull();
    // A spreadsheet is a ZIP with a content-types part, but no Word document.
    const sheet = await tinyXlsx();
    expect(zipEntryNames(sheet)).toContain('[Content_Types].xml');
    expect(sniffDocument(sheet)).toBeNull();
    // Images, empty files, a bare ZIP signature.
    expect(sniffDocument(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBeNull();
    expect(sniffDocument(Buffer.alloc(0))).toBeNull();
    expect(sniffDocument(Buffer.from('PK\u0003\u0004 and then nothing of a zip', 'latin1'))).toBeNull();
  });

  it('refuses a .docx cut short or with a central directory pointing outside the file', async () => {
    const docx = await minimalDocx('制度', ['第一条']);
    expect(sniffDocument(docx.subarray(0, docx.length - 10))).toBeNull();
    expect(sniffDocument(docx.subarray(0, Math.floor(docx.length / 2)))).toBeNull();
    const end = docx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const moved = Buffer.from(docx);
    moved.writeUInt32LE(docx.length + 100, end + 16);
    expect(sniffDocument(moved)).toBeNull();
    const longName = Buffer.from(docx);
    const central = docx.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    longName.writeUInt16LE(0xffff, central + 28);
    expect(sniffDocument(longName)).toBeNull();
  });

  it('never throws, whatever bytes are damaged', async () => {
    const docx = await minimalDocx('制度', ['第一条', '第二条']);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(docx.subarray(0, i % 3 === 0 ? Math.floor(random() * docx.length) : docx.length));
      for (let k = 0; k < 4; k++) if (b.length) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      expect(() => sniffDocument(b)).not.toThrow();
    }
  });

  it('leaves what opinions accept as it was: no Word documents there', async () => {
    expect(sniffType(await minimalDocx('制度', ['第一条']))).toBeNull();
    expect(sniffType(tinyPdf)).toBe('application/pdf');
  });
});
