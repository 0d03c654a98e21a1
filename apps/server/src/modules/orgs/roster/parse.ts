import { rosterColumns, type RosterRowError } from '@massline/shared';
import { readXlsxUpload, uploadRefusal, type UploadRefusal } from '../../../kernel/uploads.js';

export interface RosterRow {
  row: number;
  name: string;
  gender: 'male' | 'female' | null;
  phone: string | null;
  position: string | null;
  partyMember: boolean;
  /** Organisation names or paths as written, split on 、 , ; */
  orgs: string[];
}

const genderWords: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female' };
const partyWords: Record<string, boolean> = { 是: true, 否: false, 党员: true, 中共党员: true, 群众: false, 非党员: false };

/** A cell's text as the child reader gave it, trimmed. */
function cellText(value: string | undefined): string {
  // NUL bytes are never meant in a roster and PostgreSQL refuses them in text.
  return (value ?? '').replace(/\u0000/g, '').trim();
}

/** Rows as read (with whatever could be read of bad cells) and every problem found in them. */
export type ParseResult =
  | { unreadable: true; refused?: ReturnType<typeof uploadRefusal> }
  | { unreadable: false; rows: RosterRow[]; errors: RosterRowError[] };

/** Read the first sheet of a roster and check every cell; report every problem, not just the first. */
export async function parseRoster(buffer: Buffer): Promise<ParseResult> {
  // Read in a child process with byte, row, column, time and memory limits (kernel/uploads.ts).
  const read = await readXlsxUpload(buffer, { first: true });
  if (!read.ok) return read.reason === 'unreadable' ? { unreadable: true } : { unreadable: true, refused: uploadRefusal(read.reason as Exclude<UploadRefusal, 'unreadable'>) };
  const sheet = read.sheets[0];
  if (!sheet) return { unreadable: true };

  const header = sheet.rows[0]?.r === 1 ? sheet.rows[0].cells : [];
  const columnOf = new Map<string, number>();
  header.forEach((cell, i) => { if (cellText(cell)) columnOf.set(cellText(cell), i); });
  const errors: RosterRowError[] = [];
  for (const required of ['姓名'] as const) {
    if (!columnOf.has(required)) errors.push({ row: 1, column: required, reason: `缺少“${required}”列（表头须为：${rosterColumns.join('、')}）` });
  }
  if (errors.length) return { unreadable: false, rows: [], errors };

  const rows: RosterRow[] = [];
  const phoneRows = new Map<string, number>();
  const text = (r: string[], column: string) => (columnOf.has(column) ? cellText(r[columnOf.get(column)!]) : '');
  for (const { r: rowNumber, cells: r } of sheet.rows) {
    if (rowNumber === 1) continue;
    const cells = Object.fromEntries(rosterColumns.map((c) => [c, text(r, c)])) as Record<(typeof rosterColumns)[number], string>;
    if (Object.values(cells).every((v) => v === '')) continue;
    const bad = (column: string, reason: string) => errors.push({ row: rowNumber, column, reason });

    if (!cells.姓名) bad('姓名', '姓名不能为空');
    else if (cells.姓名.length > 50) bad('姓名', '姓名不能超过 50 个字');
    const gender = cells.性别 === '' ? null : genderWords[cells.性别];
    if (gender === undefined) bad('性别', `性别只能填“男”或“女”，不能是“${cells.性别}”`);
    const phone = cells.手机号.replace(/[\s-]/g, '');
    if (phone && !/^1[3-9]\d{9}$/.test(phone)) bad('手机号', `“${cells.手机号}”不是有效的 11 位手机号`);
    else if (phone && phoneRows.has(phone)) bad('手机号', `与第 ${phoneRows.get(phone)} 行的手机号重复`);
    else if (phone) phoneRows.set(phone, rowNumber);
    if (cells.职务.length > 100) bad('职务', '职务不能超过 100 个字');
    const party = cells.是否党员 === '' ? false : partyWords[cells.是否党员];
    if (party === undefined) bad('是否党员', `只能填“是”或“否”，不能是“${cells.是否党员}”`);

    rows.push({
      row: rowNumber,
      name: cells.姓名,
      gender: gender ?? null,
      phone: phone || null,
      position: cells.职务 || null,
      partyMember: party ?? false,
      orgs: cells.所属组织.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean),
    });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 2, column: '姓名', reason: '花名册中没有任何人员' });
  return { unreadable: false, rows, errors };
}
