import sharp, { type Sharp } from 'sharp';

/**
 * Every uploaded photo is decoded and encoded again, so nothing of the file the phone made is kept
 * but its pixels: no Exif (the GPS position, the phone's make, the time), no XMP, no IPTC, no
 * comments, no text chunks, no ICC profile (colours are converted to sRGB), and none of what a
 * JPEG may carry after its first picture (the second, multi-picture image of MPF, a gain map, a
 * video), which a marker walk over the first picture never sees. The orientation is applied to
 * the pixels first, so the photo stands as it was taken once its Exif is gone.
 *
 * sharp works on libuv's threads; a small gate keeps at most `PARALLEL` images in work at once, so
 * uploads never take every thread (password hashing and file reads share them) nor the memory of
 * many large decodes at the same time.
 */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** 50 megapixels: above every phone's default (12 to 50 MP); a decompression bomb stops here, before any pixel is decoded. */
export const MAX_INPUT_PIXELS = 50_000_000;
export const THUMB_WIDTH = 320;
/** A very long screenshot keeps a thumbnail of reasonable size: 320 wide, at most 960 high. */
export const THUMB_MAX_HEIGHT = 960;
export const THUMB_MIME = 'image/jpeg';
const PARALLEL = 2;

export interface CleanImage {
  mime: ImageType;
  data: Buffer;
  width: number;
  height: number;
  /** JPEG, at most THUMB_WIDTH wide; made from the cleaned image, so it carries nothing either. */
  thumb: Buffer;
}

export type ImageRefusal = 'image_too_large' | 'image_unreadable';
export type CleanOutcome = { ok: true; value: CleanImage } | { ok: false; reason: ImageRefusal };

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);

/**
 * HEIC/HEIF (an iPhone's own format), told by its `ftyp` box: sharp's prebuilt binaries do not
 * decode HEVC, so such a photo is refused with words that say what to do, not as an unknown file.
 * AVIF shares the container but names its own brand and is not caught here.
 */
export function isHeif(b: Buffer): boolean {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return false;
  const size = Math.min(b.readUInt32BE(0), b.length, 256);
  if (size < 16) return false;
  const brands: string[] = [b.toString('latin1', 8, 12)];
  for (let i = 16; i + 4 <= size; i += 4) brands.push(b.toString('latin1', i, i + 4));
  if (brands.some((x) => x === 'avif' || x === 'avis')) return false;
  return brands.some((x) => HEIF_BRANDS.has(x));
}

let running = 0;
const waiting: (() => void)[] = [];

/** A finished job hands its slot straight to the next in line, so no newcomer slips in between. */
async function gated<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

const open = (b: Buffer) => sharp(b, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });

function encode(img: Sharp, type: ImageType): Sharp {
  // No withMetadata, keepExif, keepIccProfile or withXmp: sharp writes none of them by default.
  switch (type) {
    case 'image/jpeg': return img.jpeg({ quality: 85, mozjpeg: true });
    case 'image/png': return img.png({ compressionLevel: 8 });
    case 'image/webp': return img.webp({ quality: 85 });
  }
}

/** Decode, orient, encode again in the same format, and make the thumbnail from the result. */
export function cleanImage(input: Buffer, type: ImageType): Promise<CleanOutcome> {
  return gated(async () => {
    try {
      const { data, info } = await encode(open(input).rotate(), type).toBuffer({ resolveWithObject: true });
      const thumb = await sharp(data)
        .resize({ width: THUMB_WIDTH, height: THUMB_MAX_HEIGHT, fit: 'inside', withoutEnlargement: true })
        // Transparent PNG and WebP become JPEG on white, not on black.
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75, mozjpeg: true })
        .toBuffer();
      return { ok: true, value: { mime: type, data, width: info.width, height: info.height, thumb } };
    } catch (e) {
      if (e instanceof Error && /pixel limit/i.test(e.message)) return { ok: false, reason: 'image_too_large' };
      // Anything libvips cannot decode (truncated, corrupt, only the magic number of an image).
      return { ok: false, reason: 'image_unreadable' };
    }
  });
}
