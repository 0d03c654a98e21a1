import { STUDY_NOTE_MIN_CHARS, type MyNotes, type NoteDetail, type NoteListQuery, type NotePage, type Reading, type ReadingList } from '@massline/shared';
import type { Db } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { campaignsPolicy, canReadCampaign } from '../campaigns/index.js';
import { canReadNote, studyPolicy } from './policy.js';
import { presentNote, presentNoteDetail, presentReading } from './presenters.js';
import { findCampaign, findNote, findOrg, findReading, listNotes, listReadings, memberOrgsUnder, notesOf, type CampaignRow } from './queries.js';

/** A campaign the caller reads; anything else is 404. */
export async function readableCampaign(db: Db, actor: Actor, id: string): Promise<CampaignRow> {
  const c = await findCampaign(db, id);
  if (!c || !canReadCampaign(actor, c.org_path)) throw new HttpError('not_found');
  return c;
}

export async function loadReadingList(db: Db, actor: Actor, campaignId: string): Promise<ReadingList> {
  const c = await readableCampaign(db, actor, campaignId);
  const rows = await listReadings(db, c.id);
  return { items: rows.map(presentReading), abilities: campaignsPolicy.can(actor, 'campaign.manage', atOrg(c.org_path)) ? ['manage'] : [] };
}

/** A reading of a campaign the caller reads; anything else is 404. */
export async function loadReading(db: Db, actor: Actor, id: string): Promise<Reading> {
  const r = await findReading(db, id);
  if (!r) throw new HttpError('not_found');
  await readableCampaign(db, actor, r.campaign_id);
  return presentReading(r);
}

// ---------------------------------------------------------------- notes

export async function loadNote(db: Db, actor: Actor, id: string): Promise<NoteDetail> {
  const n = await findNote(db, id);
  if (!n || !canReadNote(actor, n)) throw new HttpError('not_found');
  return presentNoteDetail(actor, n);
}

/** The caller's own notes for a campaign, and the orgs they may write as. */
export async function loadMyNotes(db: Db, actor: Actor, campaignId: string): Promise<MyNotes> {
  const c = await readableCampaign(db, actor, campaignId);
  const [rows, orgs] = await Promise.all([notesOf(db, actor.personId, c.id), memberOrgsUnder(db, actor.personId, c.org_path)]);
  return {
    items: rows.map((n) => presentNoteDetail(actor, n)),
    orgs: orgs.filter((o) => studyPolicy.can(actor, 'study.note', atOrg(o.path))).map((o) => ({ id: o.id, name: o.name })),
    minChars: STUDY_NOTE_MIN_CHARS,
  };
}

/** Notes of the caller's subtree for reviewers and inspectors, filtered; newest first. */
export async function loadNotePage(db: Db, actor: Actor, query: NoteListQuery): Promise<NotePage> {
  if (!studyPolicy.canSomewhere(actor, 'study.read')) throw new HttpError('forbidden');
  const scope = studyPolicy.scope(actor, 'study.read');
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await findOrg(db, query.orgId);
    // An org in view, or one above the caller's own (narrowing to the part they read); anything else is 404.
    if (!org || (scope !== null && !scope.some((p) => p.startsWith(org.path) || org.path.startsWith(p)))) throw new HttpError('not_found');
    orgPath = org.path;
  }
  if (query.campaignId) await readableCampaign(db, actor, query.campaignId);
  const rows = await listNotes(db, {
    scope, orgPath, campaignId: query.campaignId, status: query.status, limit: query.limit,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((n) => presentNote(actor, n)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
