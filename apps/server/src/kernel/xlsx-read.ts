import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser } from 'saxes';

/**
 * A bounded .xlsx reader for uploads. It runs in a child process (see uploads.ts), never in the
 * server: it trusts nothing the archive declares. Every entry is inflated as a stream and its
 * bytes are counted as they come out, so a zip bomb is cut off at `maxBytes` whatever sizes its
 * headers claim; cells are read with a SAX parser, so memory holds one sheet's filled cells, not
 * its XML. Only cells with a value count: a sheet formatted down to row 1,048,576 costs one pass
 * over its XML and nothing more. A filled cell beyond `maxRows` / `maxColumns` refuses the file.
 */
export interface XlsxLimits {
  /** Uncompressed bytes over the whole archive. */
  maxBytes: number;
  /** Last row (1-based, the header included) that may hold a value. */
  maxRows: number;
  /** Last column (1-based) that may hold a value. */
  maxColumns: number;
  /** Characters over all cells returned. */
  maxChars: number;
}

/** Filled cells of one row: `cells[0]` is column A; unfilled cells are ''. */
export interface XlsxRow { r: number; cells: string[] }
export interface XlsxSheet { name: string; rows: XlsxRow[] }
export type XlsxRefusal = 'unreadable' | 'too_large' | 'too_many_rows' | 'too_many_columns';
export type XlsxReadResult = { ok: true; sheets: XlsxSheet[] } | { ok: false; reason: XlsxRefusal };

/** Which sheets to read: the first one, or those whose names (trimmed, case-insensitive) are listed. */
export type SheetChoice = { first: true } | { names: string[] };

class Refused extends Error {
  constructor(readonly reason: XlsxRefusal) {
    super(reason);
  }
}

interface Entry { name: string; method: number; compressedSize: number; localOffset: number }

/** The central directory: names, methods and where each entry's data starts. */
function readDirectory(zip: Buffer): Map<string, Entry> {
  const unreadable = () => new Refused('unreadable');
  if (zip.length < 22) throw unreadable();
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw unreadable();
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  if (count > 10_000) throw unreadable();
  const entries = new Map<string, Entry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw unreadable();
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name.replace(/^\/+/, ''), { name, method, compressedSize, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Reads entries, counting every uncompressed byte against one budget for the whole archive. */
class Archive {
  private used = 0;
  private readonly entries: Map<string, Entry>;
  constructor(private readonly zip: Buffer, private readonly maxBytes: number) {
    this.entries = readDirectory(zip);
  }
  has(name: string) {
    return this.entries.has(name);
  }
  /** Feed the entry's text to `onText`, chunk by chunk. */
  async stream(name: string, onText: (text: string) => void): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new Refused('unreadable');
    const { zip } = this;
    const at = entry.localOffset;
    if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw new Refused('unreadable');
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > zip.length) throw new Refused('unreadable');
    const data = zip.subarray(start, end);
    const decoder = new StringDecoder('utf8');
    const take = (chunk: Buffer) => {
      this.used += chunk.length;
      if (this.used > this.maxBytes) throw new Refused('too_large');
      onText(decoder.write(chunk));
    };
    if (entry.method === 0) {
      for (let i = 0; i < data.length; i += 65536) take(data.subarray(i, i + 65536));
    } else if (entry.method === 8) {
      const inflate = createInflateRaw({ chunkSize: 65536 });
      const source = Readable.from([data]);
      source.pipe(inflate);
      try {
        for await (const chunk of inflate) take(chunk as Buffer);
      } catch (err) {
        if (err instanceof Refused) throw err;
        throw new Refused('unreadable');
      } finally {
        source.unpipe(inflate);
        inflate.destroy();
      }
    } else throw new Refused('unreadable');
    onText(decoder.end());
  }
  /** A small entry as one string (workbook, relationships). */
  async text(name: string): Promise<string> {
    let out = '';
    await this.stream(name, (t) => { out += t; });
    return out;
  }
}

/** Run a SAX parser over an entry; malformed XML makes the file unreadable. */
async function parseXml(archive: Archive, name: string, handlers: (parser: SaxesParser) => void): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  handlers(parser);
  let bad = false;
  parser.on('error', () => { bad = true; });
  await archive.stream(name, (text) => {
    if (!bad && text) parser.write(text);
    if (bad) throw new Refused('unreadable');
  });
  if (!bad) parser.close();
  if (bad) throw new Refused('unreadable');
}

const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

/** Column letters of a cell reference ("AB12") → 1-based column. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > 16384) return col;
  }
  return col;
}

function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export async function readXlsx(zip: Buffer, choice: SheetChoice, limits: XlsxLimits): Promise<XlsxReadResult> {
  try {
    return { ok: true, sheets: await read(zip, choice, limits) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.reason };
    return { ok: false, reason: 'unreadable' };
  }
}

async function read(zip: Buffer, choice: SheetChoice, limits: XlsxLimits): Promise<XlsxSheet[]> {
  const archive = new Archive(zip, limits.maxBytes);
  if (!archive.has('xl/workbook.xml')) throw new Refused('unreadable');

  const declared: { name: string; rid: string }[] = [];
  await parseXml(archive, 'xl/workbook.xml', (p) => p.on('opentag', (tag) => {
    if (localName(tag.name) !== 'sheet') return;
    const rid = Object.entries(tag.attributes).find(([k]) => localName(k) === 'id')?.[1];
    declared.push({ name: String(tag.attributes.name ?? ''), rid: String(rid ?? '') });
  }));
  const targets = new Map<string, string>();
  if (archive.has('xl/_rels/workbook.xml.rels')) {
    await parseXml(archive, 'xl/_rels/workbook.xml.rels', (p) => p.on('opentag', (tag) => {
      if (localName(tag.name) === 'Relationship') targets.set(String(tag.attributes.Id), resolveTarget(String(tag.attributes.Target ?? '')));
    }));
  }
  const wanted = 'first' in choice
    ? declared.slice(0, 1)
    : declared.filter((s) => choice.names.includes(s.name.trim().toLowerCase()));
  if ('first' in choice && wanted.length === 0) throw new Refused('unreadable');

  let chars = 0;
  const count = (text: string) => {
    chars += text.length;
    if (chars > limits.maxChars) throw new Refused('too_large');
    return text;
  };

  // Shared strings, only if a wanted sheet exists (they count against the same budget).
  const shared: string[] = [];
  if (wanted.length && archive.has('xl/sharedStrings.xml')) {
    let current: string | null = null;
    let inText = false;
    let phonetic = 0;
    await parseXml(archive, 'xl/sharedStrings.xml', (p) => {
      p.on('opentag', (tag) => {
        const n = localName(tag.name);
        if (n === 'si') current = '';
        else if (n === 'rPh') phonetic++;
        else if (n === 't' && phonetic === 0) inText = true;
      });
      p.on('text', (t) => { if (inText && current !== null) current += t; });
      p.on('closetag', (tag) => {
        const n = localName(tag.name);
        if (n === 't') inText = false;
        else if (n === 'rPh') phonetic--;
        else if (n === 'si') { shared.push(current ?? ''); chars += (current ?? '').length; current = null; }
        if (chars > limits.maxChars) throw new Refused('too_large');
      });
    });
    chars = 0; // what counts against maxChars is what the sheets return
  }

  const sheets: XlsxSheet[] = [];
  for (const s of wanted) {
    const path = targets.get(s.rid) ?? '';
    if (!archive.has(path)) throw new Refused('unreadable');
    const rows: XlsxRow[] = [];
    let rowNumber = 0;
    let cells: string[] = [];
    let cell: { col: number; type: string; value: string; inValue: boolean } | null = null;
    let nextCol = 1;
    await parseXml(archive, path, (p) => {
      p.on('opentag', (tag) => {
        const n = localName(tag.name);
        if (n === 'row') {
          const r = Number(tag.attributes.r);
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          nextCol = 1;
        } else if (n === 'c') {
          const ref = String(tag.attributes.r ?? '');
          const col = ref ? columnOf(ref) : nextCol;
          nextCol = col + 1;
          cell = { col, type: String(tag.attributes.t ?? 'n'), value: '', inValue: false };
        } else if (cell && (n === 'v' || n === 't')) cell.inValue = true;
        else if (cell && n === 'rPh') cell.inValue = false;
      });
      p.on('text', (t) => { if (cell?.inValue) cell.value += t; });
      p.on('closetag', (tag) => {
        const n = localName(tag.name);
        if (cell && (n === 'v' || n === 't')) cell.inValue = false;
        else if (n === 'c' && cell) {
          const text = cellText(cell.type, cell.value, shared);
          if (text !== '') {
            if (rowNumber > limits.maxRows) throw new Refused('too_many_rows');
            if (cell.col > limits.maxColumns) throw new Refused('too_many_columns');
            while (cells.length < cell.col - 1) cells.push('');
            cells[cell.col - 1] = count(text);
          }
          cell = null;
        } else if (n === 'row') {
          if (cells.length) rows.push({ r: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
          cells = [];
        }
      });
    });
    sheets.push({ name: s.name, rows });
  }
  return sheets;
}

/** A cell's text as ExcelJS gave it before: shared and inline strings, numbers as JavaScript prints them. */
function cellText(type: string, raw: string, shared: string[]): string {
  switch (type) {
    case 's': return shared[Number(raw)] ?? '';
    case 'inlineStr':
    case 'str': return raw;
    case 'b': return raw === '1' ? 'true' : raw === '0' ? 'false' : '';
    case 'e': return '';
    case 'd': return raw.slice(0, 10);
    default: {
      if (raw.trim() === '') return '';
      const n = Number(raw);
      return Number.isFinite(n) ? String(n) : raw;
    }
  }
}
