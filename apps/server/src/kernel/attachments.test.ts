import { describe, expect, it } from 'vitest';
import { minimalDocx, tinyPdf } from '../../test/documents.js';
import { DOCX_MIME, sniffType, staffFile, stripMetadata } from './attachments.js';

/** A JPEG skeleton: SOI, JFIF APP0, an Exif APP1 with a GPS tag marker, a comment, then scan data. */
function jpegWithExif(): Buffer {
  const segment = (marker: number, payload: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from('Exif\0\0GPSLatitude=30.2741;GPSLongitude=120.1551', 'latin1')),
    segment(0xfe, Buffer.from('taken at home', 'latin1')),
    Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x02, 0x11, 0x22, 0x33, 0xff, 0xd9]),
  ]);
}

function pngWithExif(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.alloc(13)),
    chunk('eXIf', Buffer.from('GPSLatitude=30.2741', 'latin1')),
    chunk('tEXt', Buffer.from('Comment\0near my house', 'latin1')),
    chunk('IDAT', Buffer.from([1, 2, 3])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('attachments: what a file is, and no position left in it', () => {
  it('knows a file by its bytes, not by what it claims', () => {
    expect(sniffType(jpegWithExif())).toBe('image/jpeg');
    expect(sniffType(pngWithExif())).toBe('image/png');
    expect(sniffType(Buffer.from('%PDF-1.7\n…'))).toBe('application/pdf');
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(Buffer.from('<html>not an image</html>'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });

  it('removes Exif (GPS) and comments from a JPEG, keeping the image data', () => {
    const clean = stripMetadata(jpegWithExif(), 'image/jpeg');
    expect(clean.toString('latin1')).not.toContain('GPS');
    expect(clean.toString('latin1')).not.toContain('Exif');
    expect(clean.toString('latin1')).not.toContain('taken at home');
    expect(clean.toString('latin1')).toContain('JFIF');
    expect(clean.subarray(-7)).toEqual(Buffer.from([0x01, 0x02, 0x11, 0x22, 0x33, 0xff, 0xd9]));
  });

  it('removes eXIf and text chunks from a PNG', () => {
    const clean = stripMetadata(pngWithExif(), 'image/png');
    const text = clean.toString('latin1');
    expect(text).not.toContain('GPS');
    expect(text).not.toContain('near my house');
    expect(text).toContain('IHDR');
    expect(text).toContain('IDAT');
    expect(text).toContain('IEND');
  });
});

describe('staffFile', () => {
  it('keeps a photo without its GPS, a PDF and a .docx as they are, and nothing else', async () => {
    const photo = staffFile(jpegWithExif())!;
    expect(photo.mime).toBe('image/jpeg');
    expect(photo.data.toString('latin1')).not.toContain('GPSLatitude');
    expect(staffFile(tinyPdf)).toEqual({ mime: 'application/pdf', data: tinyPdf });
    const docx = await minimalDocx('总结', ['正文']);
    expect(staffFile(docx)).toEqual({ mime: DOCX_MIME, data: docx });
    expect(staffFile(Buffer.from('MZ not a document'))).toBeNull();
    // A PDF header with no end is not a document.
    expect(staffFile(Buffer.from('%PDF-1.4\n'))).toBeNull();
  });
});
