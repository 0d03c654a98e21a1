import { noteLength, type Note, type NoteDetail, type NoteStatus, type Reading, type ReadingKind } from '@massline/shared';
import type { Actor } from '../../kernel/policy.js';
import { noteAbilities } from './policy.js';
import type { NoteRow, ReadingRow } from './queries.js';

/** Allow-list of a reading's fields; the file's bytes never, its name, type and size only. */
export const presentReading = (r: ReadingRow): Reading => ({
  id: r.id,
  campaignId: r.campaign_id,
  seq: Number(r.seq),
  title: r.title,
  kind: r.kind as ReadingKind,
  url: r.url,
  file: r.file_name !== null && r.file_mime !== null ? { name: r.file_name, mime: r.file_mime, size: Number(r.file_size ?? 0) } : null,
  note: r.note,
  sessions: Number(r.sessions ?? 0),
  createdAt: r.created_at,
});

/** Allow-list of a note's fields for lists: its length, not its text. */
export const presentNote = (actor: Actor, n: NoteRow): Note => ({
  id: n.id,
  campaign: { id: n.campaign_id, title: n.campaign_title },
  org: { id: n.org_id, name: n.org_name },
  author: { id: n.person_id, name: n.person_name },
  title: n.title,
  length: noteLength(n.body),
  status: n.status as NoteStatus,
  reviewComment: n.review_comment,
  reviewedBy: n.reviewer_name ?? null,
  reviewedAt: n.reviewed_at,
  createdAt: n.created_at,
  updatedAt: n.updated_at,
  abilities: noteAbilities(actor, n),
});

export const presentNoteDetail = (actor: Actor, n: NoteRow): NoteDetail => ({ ...presentNote(actor, n), body: n.body });
