import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/kernel/db.js';
import { cleanImage, type ImageType } from '../src/kernel/images.js';

/**
 * Photos re-encoded, with thumbnails (issue 12, section 3). Each table that keeps uploads gets a
 * thumbnail beside the file; the photos already stored are re-encoded the way new uploads are
 * now, because the marker walk that cleaned them before left whatever a JPEG carries after its
 * first picture (the second, multi-picture image of MPF with its own Exif and GPS). A photo that
 * no longer decodes keeps its bytes and has no thumbnail. Rows are read one at a time: a file is
 * up to 10 MB.
 */
const TABLES = [
  { table: 'opinion_attachments', mime: 'mime', data: 'data', thumb: 'thumb', size: 'size' },
  { table: 'rectification_attachments', mime: 'mime', data: 'data', thumb: 'thumb', size: 'size' },
  { table: 'meeting_files', mime: 'mime', data: 'data', thumb: 'thumb', size: 'size' },
  { table: 'task_evidence', mime: 'file_mime', data: 'file_data', thumb: 'file_thumb', size: null },
] as const;

const IMAGES: ImageType[] = ['image/jpeg', 'image/png', 'image/webp'];

export async function up(db: Kysely<any>): Promise<void> {
  const blob = dialectOf(db) === 'postgres' ? sql`bytea` : sql`blob`;
  for (const t of TABLES) {
    await db.schema.alterTable(t.table).addColumn(t.thumb, blob).execute();
    const rows = await db.selectFrom(t.table).select(['id', `${t.mime} as mime`]).where(t.mime, 'in', IMAGES).execute();
    for (const { id, mime } of rows as { id: string; mime: ImageType }[]) {
      const row = await db.selectFrom(t.table).select(`${t.data} as data`).where('id', '=', id).executeTakeFirst();
      if (!row?.data) continue;
      const clean = await cleanImage(Buffer.from(row.data), mime);
      if (!clean.ok) continue;
      const set: Record<string, unknown> = { [t.data]: clean.value.data, [t.thumb]: clean.value.thumb };
      if (t.size) set[t.size] = clean.value.data.length;
      await db.updateTable(t.table).set(set).where('id', '=', id).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) await db.schema.alterTable(t.table).dropColumn(t.thumb).execute();
}
