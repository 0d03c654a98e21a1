import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { likePrefix, underAny } from '../../kernel/db.js';

type Reader = Db | Kysely<Database>;

// ---------------------------------------------------------------- campaigns and orgs

export const findCampaign = (db: Reader, id: string) =>
  db
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.title', 'c.org_id', 'o.path as org_path', 'o.name as org_name'])
    .where('c.id', '=', id)
    .executeTakeFirst();
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

export const findOrg = (db: Reader, id: string) =>
  db.selectFrom('orgs').select(['id', 'name', 'path', 'archived_at']).where('id', '=', id).executeTakeFirst();

/** The person's orgs (not archived) inside a subtree: where they may write a note as a member. */
export const memberOrgsUnder = (db: Reader, personId: string, path: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.name', 'o.path'])
    .where('m.person_id', '=', personId)
    .where('o.archived_at', 'is', null)
    .where(sql<SqlBool>`o.path like ${likePrefix(path)} escape '\\'`)
    .orderBy('o.path')
    .execute();

// ---------------------------------------------------------------- reading list

/** A reading without its file's bytes: their size, and how many study sessions covered it. */
const readingRows = (db: Reader) =>
  db
    .selectFrom('campaign_readings as r')
    .select((eb) => [
      'r.id', 'r.campaign_id', 'r.seq', 'r.title', 'r.kind', 'r.url', 'r.file_name', 'r.file_mime', 'r.note', 'r.created_at',
      // length() of a blob / bytea is its size in bytes on both databases.
      sql<number | null>`length(r.file_data)`.as('file_size'),
      eb.selectFrom('meeting_readings as mr').select((e) => e.fn.countAll<number>().as('n')).whereRef('mr.reading_id', '=', 'r.id').as('sessions'),
    ]);
export type ReadingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof readingRows>['executeTakeFirst']>>>;

export const listReadings = (db: Reader, campaignId: string) =>
  readingRows(db).where('r.campaign_id', '=', campaignId).orderBy('r.seq').orderBy('r.id').execute();

export const findReading = (db: Reader, id: string) => readingRows(db).where('r.id', '=', id).executeTakeFirst();

export const readingIds = async (db: Reader, campaignId: string) =>
  (await db.selectFrom('campaign_readings').select('id').where('campaign_id', '=', campaignId).execute()).map((r) => r.id);

export const nextSeq = async (db: Reader, campaignId: string) => {
  const row = await db.selectFrom('campaign_readings').select((eb) => eb.fn.max('seq').as('seq')).where('campaign_id', '=', campaignId).executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
};

export const readingFile = (db: Reader, id: string) =>
  db.selectFrom('campaign_readings').select(['campaign_id', 'file_name', 'file_mime', 'file_data']).where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- study notes

/** A note with its campaign, org, author and reviewer's name. */
export const noteRows = (db: Reader) =>
  db
    .selectFrom('study_notes as n')
    .innerJoin('campaigns as c', 'c.id', 'n.campaign_id')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .innerJoin('people as p', 'p.id', 'n.person_id')
    .leftJoin('accounts as ra', 'ra.id', 'n.reviewed_by')
    .leftJoin('people as rp', 'rp.id', 'ra.person_id')
    .select([
      'n.id', 'n.campaign_id', 'n.org_id', 'n.person_id', 'n.title', 'n.body', 'n.status', 'n.review_comment', 'n.reviewed_at', 'n.created_at', 'n.updated_at',
      'c.title as campaign_title', 'o.name as org_name', 'o.path as org_path', 'p.name as person_name', 'rp.name as reviewer_name',
    ]);
export type NoteRow = NonNullable<Awaited<ReturnType<ReturnType<typeof noteRows>['executeTakeFirst']>>>;

export const findNote = (db: Reader, id: string) => noteRows(db).where('n.id', '=', id).executeTakeFirst();

export const notesOf = (db: Reader, personId: string, campaignId: string) =>
  noteRows(db).where('n.person_id', '=', personId).where('n.campaign_id', '=', campaignId).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').execute();

export interface NoteFilter {
  /** Org paths the caller reads notes under; null = everywhere. */
  scope: string[] | null;
  orgPath?: string;
  campaignId?: string;
  status?: string;
  after?: [string, string];
  limit: number;
}

/** Newest first, keyset-paged on (created_at, id). */
export function listNotes(db: Reader, f: NoteFilter) {
  let q = noteRows(db);
  if (f.scope) q = q.where(underAny(sql.ref('o.path'), f.scope));
  if (f.orgPath) q = q.where(sql<SqlBool>`o.path like ${likePrefix(f.orgPath)} escape '\\'`);
  if (f.campaignId) q = q.where('n.campaign_id', '=', f.campaignId);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb: ExpressionBuilder<any, any>) => eb(eb.refTuple('n.created_at', 'n.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(f.limit + 1).execute();
}
