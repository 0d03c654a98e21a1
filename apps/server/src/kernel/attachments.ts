import type { ErrorCode } from '@massline/shared';
import { z } from 'zod';
import { ok, refuse, type Outcome } from './errors.js';
import { cleanImage, isHeif, THUMB_MIME } from './images.js';

/**
 * What an uploaded file really is, read from its first bytes (never from its name or the type the
 * client claims). Images are then re-encoded (images.ts) so none of the metadata phones write
 * into them survives — above all the GPS position, which would say where a resident was when
 * they photographed their complaint. Four formats only, so a few magic numbers say it all.
 */
export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * Whether the bytes are a PDF a reader would open, as far as its frame says: the `%PDF-` header,
 * and at the end (readers tolerate up to 1 KB after it) `startxref`, the cross-reference offset
 * and `%%EOF`. Any file can start with five bytes of `%PDF-`; this is the one PDF check for every
 * upload (attachments, evidence, documents).
 */
export function isPdf(b: Buffer): boolean {
  if (b.length < 5 || b.toString('latin1', 0, 5) !== '%PDF-') return false;
  const tail = b.toString('latin1', Math.max(5, b.length - 1024 - 64));
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0 || tail.length - eof > 1024 + 5) return false;
  return /startxref\s+\d+\s+$/.test(tail.slice(0, eof));
}

export function sniffType(b: Buffer): AttachmentType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (isPdf(b)) return 'application/pdf';
  return null;
}

/**
 * Documents (a rule's text): PDF or Word .docx, and nothing else. Kept apart from `sniffType` on
 * purpose: adding .docx there would quietly widen what residents may attach to opinions.
 */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export type DocumentType = 'application/pdf' | typeof DOCX_MIME;

export function sniffDocument(b: Buffer): DocumentType | null {
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return isPdf(b) ? 'application/pdf' : null;
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

/**
 * The request content types a raw file upload may declare (the bytes decide what it is). HEIC and
 * HEIF are read too, so that such a photo meets its clear refusal rather than a 415.
 */
export const FILE_BODY_TYPES = ['application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf', DOCX_MIME];
/** The same for routes that take photos and PDF only. */
export const ATTACHMENT_BODY_TYPES = ['application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'];

export type UploadMime = AttachmentType | DocumentType;

export interface StoredUpload {
  mime: UploadMime;
  data: Buffer;
  /** A JPEG thumbnail (see images.ts) for images; null for documents. */
  thumb: Buffer | null;
}

/**
 * Who uploads decides what may come:
 * - `resident`: a sender adding to their opinion by receipt: photos only. A PDF keeps its author
 *   and XMP (WPS writes the user's name into both), which would name an anonymous sender.
 * - `attachment`: staff adding to an opinion or to rectification evidence: photos or PDF.
 * - `staff`: a meeting's or a task's file: photos, PDF or Word .docx.
 */
export type UploadKind = 'resident' | 'attachment' | 'staff';

/**
 * An upload made ready to store: typed by its bytes, photos re-encoded without any metadata and
 * with a thumbnail, documents kept as they are. `wrongType` is the caller's own refusal for a
 * file of no accepted type.
 */
export async function readUpload(body: Buffer, kind: UploadKind, wrongType: ErrorCode): Promise<Outcome<StoredUpload>> {
  if (isHeif(body)) return refuse('image_heic');
  const sniffed = sniffType(body);
  if (sniffed && sniffed !== 'application/pdf') {
    const clean = await cleanImage(body, sniffed);
    return clean.ok ? ok({ mime: clean.value.mime, data: clean.value.data, thumb: clean.value.thumb }) : refuse(clean.reason);
  }
  if (kind === 'resident') return refuse('attachment_images_only');
  if (kind === 'attachment') return sniffed === 'application/pdf' ? ok({ mime: sniffed, data: body, thumb: null }) : refuse(wrongType);
  const mime = sniffDocument(body);
  return mime ? ok({ mime, data: body, thumb: null }) : refuse(wrongType);
}

/**
 * How a stored file is sent: images inline (the browser shows them, and they were re-encoded on
 * the way in), anything else as an attachment to save, so that no document is ever rendered
 * on our origin. `fallback` is the ASCII name for old clients; `name` goes as UTF-8.
 */
export function fileDisposition(mime: string, fallback: string, name: string): string {
  const how = mime.startsWith('image/') ? 'inline' : 'attachment';
  return `${how}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** `?size=thumb` on a file's download route: the thumbnail instead of the file. */
export const FileSize = z.enum(['thumb']).optional().describe('thumb：照片的缩略图（JPEG，宽不超过 320 像素）；文档没有缩略图');
export const FileSizeQuery = z.strictObject({ size: FileSize });

/** What a download sends: the file, or for `thumb` its thumbnail; null when a document has none. */
export function fileVariant(file: { mime: string; data: Uint8Array; thumb: Uint8Array | null }, size: 'thumb' | undefined): { mime: string; data: Buffer } | null {
  if (size !== 'thumb') return { mime: file.mime, data: Buffer.from(file.data) };
  return file.thumb ? { mime: THUMB_MIME, data: Buffer.from(file.thumb) } : null;
}
