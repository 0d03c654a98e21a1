import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { minimalDocx, tinyPdf } from '../../test/documents.js';
import { drawing, heicHeader, jpegWithGps, markersIn, multiPictureJpeg, pngBomb, pngWithText, sidewaysJpeg, webpWithMetadata } from '../../test/images.js';
import { DOCX_MIME, fileVariant, readUpload, sniffType, type StoredUpload } from './attachments.js';
import { cleanImage, isHeif, THUMB_WIDTH } from './images.js';

const stored = async (body: Buffer, kind: 'resident' | 'attachment' | 'staff' = 'attachment'): Promise<StoredUpload> => {
  const out = await readUpload(body, kind, 'attachment_type');
  if (!out.ok) throw new Error(`refused: ${out.reason}`);
  return out.value;
};

/** Nothing but pixels: no Exif, XMP, IPTC, text chunks or colour profile, by sharp's own reading. */
async function expectNoMetadata(b: Buffer) {
  const m = await sharp(b).metadata();
  expect({ exif: m.exif, xmp: m.xmp, iptc: m.iptc, icc: m.icc, comments: m.comments, orientation: m.orientation }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined, icc: undefined, comments: undefined, orientation: undefined });
  // Without a profile the pixels are sRGB, which is what they were converted to.
  expect(m.space).toBe('srgb');
}

describe('attachments: what a file is', () => {
  it('knows a file by its bytes, not by what it claims', async () => {
    expect(sniffType(await jpegWithGps())).toBe('image/jpeg');
    expect(sniffType(await pngWithText())).toBe('image/png');
    expect(sniffType(await webpWithMetadata())).toBe('image/webp');
    expect(sniffType(tinyPdf)).toBe('application/pdf');
    // Five bytes of header make no PDF: without startxref and %%EOF at its end it is refused.
    expect(sniffType(Buffer.from('%PDF-1.7\n…'))).toBeNull();
    expect(sniffType(Buffer.from('<html>not an image</html>'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });

  it('tells HEIC/HEIF from AVIF and from anything else', () => {
    expect(isHeif(heicHeader())).toBe(true);
    const avif = Buffer.from(heicHeader());
    avif.write('avif', 8, 'latin1');
    expect(isHeif(avif)).toBe(false);
    expect(isHeif(Buffer.from('....ftyp'))).toBe(false);
    expect(isHeif(tinyPdf)).toBe(false);
  });
});

describe('photos: re-encoded, nothing left but the pixels', () => {
  it('a multi-picture JPEG loses the Exif and GPS of both pictures, the second picture with them', async () => {
    const input = await multiPictureJpeg();
    // The fixture carries all it should, or the test below proves nothing.
    expect(markersIn(input)).toEqual(expect.arrayContaining(['Exif', 'GPS', 'http://ns.adobe.com/xap', 'MPF', 'Zhang San', 'Li Si', '2676/100 LE', '4321/100 LE']));
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await stored(input);
    expect(out.mime).toBe('image/jpeg');
    expect(markersIn(out.data)).toEqual([]);
    await expectNoMetadata(out.data);
    // One picture: a single end of image, at the very end.
    expect(out.data.indexOf(Buffer.from([0xff, 0xd9]))).toBe(out.data.length - 2);
    expect(await sharp(out.data).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
  });

  it('a PNG loses its tEXt and iTXt chunks and stays a PNG', async () => {
    const input = await pngWithText();
    expect(markersIn(input)).toEqual(expect.arrayContaining(['tEXt', 'iTXt', 'http://ns.adobe.com/xap', 'taken at home', '30.2741']));
    expect((await sharp(input).metadata()).comments).toBeDefined();
    const out = await stored(input);
    expect(out.mime).toBe('image/png');
    expect(markersIn(out.data)).toEqual([]);
    await expectNoMetadata(out.data);
    expect(await sharp(out.data).metadata()).toMatchObject({ format: 'png', width: 640, height: 480 });
  });

  it('a WebP loses its EXIF and XMP chunks and stays a WebP', async () => {
    const input = await webpWithMetadata();
    expect(markersIn(input)).toEqual(expect.arrayContaining(['Exif', 'GPS', 'http://ns.adobe.com/xap', 'XMP ', 'Zhang San']));
    const out = await stored(input);
    expect(out.mime).toBe('image/webp');
    expect(markersIn(out.data)).toEqual([]);
    await expectNoMetadata(out.data);
    expect(await sharp(out.data).metadata()).toMatchObject({ format: 'webp', width: 800, height: 600 });
  });

  it('a sideways JPEG (orientation 6) is turned upright before its Exif goes', async () => {
    const input = await sidewaysJpeg();
    expect(await sharp(input).metadata()).toMatchObject({ width: 400, height: 200, orientation: 6 });
    const out = await stored(input);
    expect(await sharp(out.data).metadata()).toMatchObject({ width: 200, height: 400 });
    await expectNoMetadata(out.data);
  });

  it('makes a JPEG thumbnail at most 320 wide, smaller than the photo and as clean', async () => {
    for (const make of [multiPictureJpeg, pngWithText, webpWithMetadata]) {
      const out = await stored(await make());
      const m = await sharp(out.thumb!).metadata();
      expect(m).toMatchObject({ format: 'jpeg', width: THUMB_WIDTH });
      expect(out.thumb!.length).toBeLessThan(out.data.length);
      expect(markersIn(out.thumb!)).toEqual([]);
      await expectNoMetadata(out.thumb!);
    }
    // Upright too: the sideways photo's thumbnail is taller than wide.
    const upright = await stored(await sidewaysJpeg());
    expect(await sharp(upright.thumb!).metadata()).toMatchObject({ width: 200, height: 400 });
  });

  it('refuses a decompression bomb from its header, a HEIC photo, and an image that does not decode', async () => {
    expect(await readUpload(pngBomb(), 'attachment', 'attachment_type')).toMatchObject({ ok: false, reason: 'image_too_large' });
    expect(await readUpload(heicHeader(), 'staff', 'meeting_file_type')).toMatchObject({ ok: false, reason: 'image_heic' });
    expect(await readUpload(heicHeader(), 'resident', 'attachment_type')).toMatchObject({ ok: false, reason: 'image_heic' });
    const truncated = (await jpegWithGps()).subarray(0, 600);
    expect(await readUpload(truncated, 'attachment', 'attachment_type')).toMatchObject({ ok: false, reason: 'image_unreadable' });
    expect(await readUpload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'attachment', 'attachment_type')).toMatchObject({ ok: false, reason: 'image_unreadable' });
  });

  it('works off the event loop: timers keep firing while a large photo is re-encoded', async () => {
    const big = await drawingJpeg(4000, 3000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = Date.now();
    const out = await cleanImage(big, 'image/jpeg');
    const took = Date.now() - started;
    clearInterval(timer);
    expect(out.ok).toBe(true);
    // Blocked, the loop would not tick at all until the work was done.
    expect(ticks).toBeGreaterThan(Math.min(5, took / 10));
  });
});

const drawingJpeg = (w: number, h: number) => drawing(w, h).jpeg().toBuffer();

describe('readUpload: who may send what', () => {
  it('residents send photos only; staff attachments photos or PDF; staff files PDF and .docx too', async () => {
    const docx = await minimalDocx('总结', ['正文']);
    expect(await readUpload(tinyPdf, 'resident', 'attachment_type')).toMatchObject({ ok: false, reason: 'attachment_images_only' });
    expect(await readUpload(docx, 'resident', 'attachment_type')).toMatchObject({ ok: false, reason: 'attachment_images_only' });
    expect((await stored(await jpegWithGps(), 'resident')).mime).toBe('image/jpeg');

    expect(await readUpload(tinyPdf, 'attachment', 'attachment_type')).toEqual({ ok: true, value: { mime: 'application/pdf', data: tinyPdf, thumb: null } });
    expect(await readUpload(docx, 'attachment', 'attachment_type')).toMatchObject({ ok: false, reason: 'attachment_type' });

    expect(await readUpload(tinyPdf, 'staff', 'meeting_file_type')).toEqual({ ok: true, value: { mime: 'application/pdf', data: tinyPdf, thumb: null } });
    expect(await readUpload(docx, 'staff', 'meeting_file_type')).toEqual({ ok: true, value: { mime: DOCX_MIME, data: docx, thumb: null } });
    expect(await readUpload(Buffer.from('MZ not a document'), 'staff', 'meeting_file_type')).toMatchObject({ ok: false, reason: 'meeting_file_type' });
    // A PDF header with no end is not a document.
    expect(await readUpload(Buffer.from('%PDF-1.4\n'), 'staff', 'task_evidence_file_type')).toMatchObject({ ok: false, reason: 'task_evidence_file_type' });
  });

  it('serves the thumbnail for size=thumb, and none for a document', () => {
    const photo = { mime: 'image/png', data: Buffer.from('full'), thumb: Buffer.from('small') };
    expect(fileVariant(photo, undefined)).toEqual({ mime: 'image/png', data: Buffer.from('full') });
    expect(fileVariant(photo, 'thumb')).toEqual({ mime: 'image/jpeg', data: Buffer.from('small') });
    expect(fileVariant({ mime: 'application/pdf', data: tinyPdf, thumb: null }, 'thumb')).toBeNull();
  });
});

describe('images: the gate', () => {
  it('re-encodes many photos sent at once, each one right', async () => {
    const inputs = await Promise.all([jpegWithGps(), pngWithText(), webpWithMetadata(), multiPictureJpeg(), sidewaysJpeg(), jpegWithGps(320, 240)]);
    const outs = await Promise.all(inputs.map((b) => cleanImage(b, sniffType(b) as 'image/jpeg')));
    expect(outs.map((o) => o.ok && [o.value.mime, o.value.width, o.value.height])).toEqual([
      ['image/jpeg', 800, 600], ['image/png', 640, 480], ['image/webp', 800, 600], ['image/jpeg', 800, 600], ['image/jpeg', 200, 400], ['image/jpeg', 320, 240],
    ]);
  });
});
