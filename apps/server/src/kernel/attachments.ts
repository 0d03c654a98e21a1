/**
 * What an uploaded file really is, read from its first bytes (never from its name or the type the
 * client claims), and images cleaned of the metadata phones write into them — above all the GPS
 * position, which would say where a resident was when they photographed their complaint.
 * Four formats only, so a few magic numbers say it all.
 */
export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

export function sniffType(b: Buffer): AttachmentType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Documents (a rule's text): PDF or Word .docx, and nothing else. Kept apart from `sniffType` on
 * purpose: adding .docx there would quietly widen what residents may attach to opinions.
 */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export type DocumentType = 'application/pdf' | typeof DOCX_MIME;

export function sniffDocument(b: Buffer): DocumentType | null {
  // A PDF starts with its header and ends with %%EOF (readers tolerate up to 1 KB after it).
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return b.subarray(Math.max(0, b.length - 1024)).includes('%%EOF', 0, 'latin1') ? 'application/pdf' : null;
  const names = zipEntryNames(b);
  // A .docx is a ZIP (Open Packaging) with a content-types part and a Word main document;
  // an .xlsx, a .pptx or any other ZIP lacks the second.
  if (names && names.includes('[Content_Types].xml') && names.includes('word/document.xml')) return DOCX_MIME;
  return null;
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/**
 * The entry names of a ZIP archive, read from its central directory (nothing is decompressed), or
 * null when the bytes are not a well-formed ZIP: every offset and length is checked against the
 * buffer before it is read. ZIP64 archives are refused; no document under 10 MB needs one.
 */
export function zipEntryNames(b: Buffer, maxEntries = 10_000): string[] | null {
  if (b.length < 30 || b.readUInt32LE(0) !== ZIP_LOCAL) return null;
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535, at the very end.
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === ZIP_END && i + 22 + b.readUInt16LE(i + 20) <= b.length) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = b.readUInt16LE(end + 10);
  const size = b.readUInt32LE(end + 12);
  const offset = b.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (count > maxEntries || offset + size > end) return null;
  const names: string[] = [];
  const limit = offset + size;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > limit || b.readUInt32LE(p) !== ZIP_CENTRAL) return null;
    const nameEnd = p + 46 + b.readUInt16LE(p + 28);
    const next = nameEnd + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    if (next > limit) return null;
    names.push(b.toString('utf8', p + 46, nameEnd));
    p = next;
  }
  return names;
}

/** JPEG: drop APP1 (Exif, XMP), APP13 (IPTC) and comments; keep JFIF, ICC colour (APP2) and Adobe (APP14). */
function stripJpeg(b: Buffer): Buffer {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    // Start of scan: the compressed image follows to the end; nothing more to inspect.
    if (marker === 0xda) break;
    const length = b.readUInt16BE(i + 2);
    const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe || (marker >= 0xe3 && marker <= 0xef && marker !== 0xee);
    if (!drop) parts.push(b.subarray(i, i + 2 + length));
    i += 2 + length;
  }
  parts.push(b.subarray(i));
  return Buffer.concat(parts);
}

/** PNG: drop the eXIf chunk and every text chunk (tEXt, zTXt, iTXt) and the time stamp. */
function stripPng(b: Buffer): Buffer {
  const parts: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (!['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'].includes(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(parts);
}

/** WebP: drop the EXIF and XMP chunks and clear their flags in the extended header. */
function stripWebp(b: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = b.toString('latin1', i, i + 4);
    const size = b.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = Buffer.from(b.subarray(i, end));
      // VP8X flags: bit 3 EXIF, bit 2 XMP.
      if (type === 'VP8X') chunk[8] &= ~0x0c;
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.from(b.subarray(0, 12));
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}

export function stripMetadata(b: Buffer, type: AttachmentType): Buffer {
  switch (type) {
    case 'image/jpeg': return stripJpeg(b);
    case 'image/png': return stripPng(b);
    case 'image/webp': return stripWebp(b);
    default: return b;
  }
}

/** The request content types a raw file upload may declare (the bytes decide what it is). */
export const FILE_BODY_TYPES = ['application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'application/pdf', DOCX_MIME];

/**
 * A staff file (a meeting's sign-in sheet, a task's evidence): a photo without its metadata, a PDF
 * or a .docx, typed by its bytes; null for anything else.
 */
export function staffFile(body: Buffer): { mime: AttachmentType | DocumentType; data: Buffer } | null {
  const image = sniffType(body);
  if (image && image !== 'application/pdf') return { mime: image, data: stripMetadata(body, image) };
  const mime = sniffDocument(body);
  return mime ? { mime, data: body } : null;
}
