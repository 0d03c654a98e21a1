import sharp, { type Sharp } from 'sharp';
import { crc32 } from 'node:zlib';

/**
 * Real photos for upload tests, made by sharp itself, carrying what phones write into them: Exif
 * with a GPS position (the West Lake, 30°16'26.76" N 120°9'18.36" E), XMP, PNG text chunks, a
 * second picture after the first JPEG's end. Drawn from SVG, not noise, so each fixture is the
 * same bytes on every run: a marker search that passes once passes always.
 */

// Written as rationals, the way Exif stores them; the seconds are the values searched for.
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '30/1 16/1 2676/100', GPSLongitudeRef: 'E', GPSLongitude: '120/1 9/1 1836/100', GPSMapDatum: 'WGS-84' };
const GPS_SECOND = { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 4321/100', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 2468/100', GPSMapDatum: 'WGS-84' };
const exif = (gps: Record<string, string>, who: string) => ({ IFD0: { Make: 'PhoneMaker', Model: 'P60', Artist: who, ImageDescription: `GPS 30.2741,120.1551 ${who}` }, IFD3: gps });
export const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
  + '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmp:CreatorTool="Camera" exif:GPSLatitude="30,16.446N" exif:GPSLongitude="120,9.306E"/>'
  + '</rdf:RDF></x:xmpmeta>';

/** A drawing of `w` by `h` with gradients and shapes, so it compresses like a picture, not a flat colour. */
export function drawing(w: number, h: number, hue = 20): Sharp {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},80%,60%)"/><stop offset="1" stop-color="hsl(${hue + 180},70%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    ${Array.from({ length: 24 }, (_, i) => `<circle cx="${(i * 97) % w}" cy="${(i * 61) % h}" r="${10 + (i % 7) * 9}" fill="hsl(${(hue + i * 37) % 360},60%,${30 + (i % 5) * 10}%)" opacity="0.7"/>`).join('')}
    <rect x="${w / 10}" y="${h / 10}" width="${w / 4}" height="${h / 8}" fill="#fff"/>
  </svg>`;
  return sharp(Buffer.from(svg));
}

/** A JPEG with Exif (GPS, the phone, the owner's name) and XMP. */
export const jpegWithGps = (w = 800, h = 600) => drawing(w, h).jpeg({ quality: 90 }).withExif(exif(GPS, 'Zhang San')).withXmp(XMP).toBuffer();

/**
 * A multi-picture JPEG the way MPF files carry it: the first picture (Exif, GPS, an APP2 "MPF"
 * index) and, after its end of image, a second complete JPEG with its own Exif and GPS.
 */
export async function multiPictureJpeg(): Promise<Buffer> {
  const first = await jpegWithGps();
  const second = await drawing(400, 300, 200).jpeg().withExif(exif(GPS_SECOND, 'Li Si')).withXmp(XMP).toBuffer();
  // APP2 "MPF\0" with a little-endian TIFF header: the index readers use to find the second picture.
  const mpf = Buffer.concat([Buffer.from('MPF\0II*\0\x08\0\0\0', 'latin1'), Buffer.alloc(16)]);
  const app2 = Buffer.concat([Buffer.from([0xff, 0xe2, 0, 0]), mpf]);
  app2.writeUInt16BE(mpf.length + 2, 2);
  return Buffer.concat([first.subarray(0, 2), app2, first.subarray(2), second]);
}

/** A JPEG stored sideways with Exif orientation 6 (rotate 90° clockwise to view): 400 wide, 200 high as stored. */
export const sidewaysJpeg = () => drawing(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG with tEXt (a comment and the GPS) and iTXt (XMP) chunks right after its header. */
export async function pngWithText(): Promise<Buffer> {
  const png = await drawing(640, 480).png().toBuffer();
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    pngChunk('tEXt', Buffer.from('Comment\0taken at home, GPS 30.2741,120.1551', 'latin1')),
    pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(XMP, 'utf8')])),
    png.subarray(ihdrEnd),
  ]);
}

/** A WebP with EXIF (GPS) and XMP chunks. */
export const webpWithMetadata = () => drawing(800, 600).webp({ quality: 90 }).withExif(exif(GPS, 'Zhang San')).withXmp(XMP).toBuffer();

/** The start of an iPhone photo: an ISO-BMFF `ftyp` box of brand heic, then boxes sharp cannot decode. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 0x10]), Buffer.from('meta\0\0\0\0hdlrpict', 'latin1'), Buffer.alloc(64)]);
}

/** A PNG whose header claims 20000 x 20000 pixels (400 MP) in a few hundred bytes. */
export function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1])), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Byte strings that would show any metadata left: markers, names and the GPS values (as text and as Exif rationals, in both byte orders). */
export function metadataMarkers(): [string, Buffer][] {
  const rational = (n: number, d: number, le: boolean) => {
    const b = Buffer.alloc(8);
    if (le) { b.writeUInt32LE(n, 0); b.writeUInt32LE(d, 4); } else { b.writeUInt32BE(n, 0); b.writeUInt32BE(d, 4); }
    return b;
  };
  const text = ['Exif', 'GPS', 'http://ns.adobe.com/xap', 'tEXt', 'iTXt', 'zTXt', 'eXIf', 'XMP ', 'MPF', '30.2741', '120.1551', 'Zhang San', 'Li Si', 'PhoneMaker', 'WGS-84', 'taken at home'];
  return [
    ...text.map((s): [string, Buffer] => [s, Buffer.from(s, 'latin1')]),
    ...[[2676, 100], [1836, 100], [4321, 100], [2468, 100]].flatMap(([n, d]): [string, Buffer][] => [[`${n}/${d} BE`, rational(n, d, false)], [`${n}/${d} LE`, rational(n, d, true)]]),
  ];
}

/** The markers found in `b`: an empty list for a clean file. */
export const markersIn = (b: Buffer) => metadataMarkers().filter(([, m]) => b.includes(m)).map(([name]) => name);
