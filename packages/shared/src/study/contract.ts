import { z } from 'zod';
import { Id, text } from '../common.js';

/**
 * 学习教育 apart from the study sessions themselves (those are meetings of kind `study`): the
 * campaign's reading list (必学书籍), study notes (心得体会) reviewed by the author's secretary, and
 * study hours per person and per org, counted from held study sessions and make-up study.
 */

export const readingKinds = ['book', 'article', 'speech', 'document', 'video'] as const;
export const ReadingKind = z.enum(readingKinds);
export type ReadingKind = z.infer<typeof ReadingKind>;

export const READING_TITLE_MAX = 200;
export const READING_NOTE_MAX = 1000;
export const READINGS_MAX = 200;
/** A reading's file: PDF or Word (.docx), recognised by its content; the same limit as a rule's document. */
export const MAX_READING_FILE_BYTES = 10 * 1024 * 1024;
export const readingFileTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;

/**
 * The shortest study note accepted, in characters not counting white space (a 心得体会 is expected
 * to be a page or more; 300 characters is about a third of a printed page). Change it here: the
 * server checks it and the web's live counter shows it.
 */
export const STUDY_NOTE_MIN_CHARS = 300;
export const STUDY_NOTE_MAX_CHARS = 20_000;
export const STUDY_NOTE_TITLE_MAX = 200;
export const STUDY_REVIEW_COMMENT_MAX = 2000;

/** What counts towards a note's length: every character but white space (so padding never helps). */
export const noteLength = (body: string): number => [...body.replace(/\s/g, '')].length;

const ReadingTitle = text().min(1).max(READING_TITLE_MAX);
const ReadingNote = text().max(READING_NOTE_MAX);
/** A web link (http or https only: no javascript: or file: addresses on a page others open). */
const ReadingUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);

// ---------------------------------------------------------------- reading list: input

export const ReadingListQuery = z.strictObject({ campaignId: Id });

export const ReadingCreateBody = z.strictObject({
  campaignId: Id,
  title: ReadingTitle,
  kind: ReadingKind,
  url: ReadingUrl.nullable().default(null),
  note: ReadingNote.default(''),
});
export type ReadingCreateBody = z.infer<typeof ReadingCreateBody>;

export const ReadingUpdateBody = z
  .strictObject({
    title: ReadingTitle.optional(),
    kind: ReadingKind.optional(),
    /** null removes the link. */
    url: ReadingUrl.nullable().optional(),
    note: ReadingNote.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type ReadingUpdateBody = z.infer<typeof ReadingUpdateBody>;

/** Every reading of the campaign, each once, in the new order. */
export const ReadingReorderBody = z.strictObject({ campaignId: Id, ids: z.array(Id).min(1).max(READINGS_MAX) });
export type ReadingReorderBody = z.infer<typeof ReadingReorderBody>;

/** The file is the request body; its name travels in the query. */
export const ReadingFileQuery = z.strictObject({ name: text().min(1).max(200).optional() });

// ---------------------------------------------------------------- reading list: output

const Named = z.object({ id: Id, name: z.string() });

export const Reading = z.object({
  id: Id,
  campaignId: Id,
  seq: z.number().int(),
  title: z.string(),
  kind: ReadingKind,
  url: z.string().nullable(),
  file: z.object({ name: z.string(), mime: z.string(), size: z.number().int() }).nullable(),
  note: z.string(),
  /** Study sessions that covered it (a covered reading cannot be deleted). */
  sessions: z.number().int(),
  createdAt: z.string(),
});
export type Reading = z.infer<typeof Reading>;

export const ReadingList = z.object({
  items: z.array(Reading),
  /** manage: the caller keeps the list (the office of the campaign's org). */
  abilities: z.array(z.enum(['manage'])),
});
export type ReadingList = z.infer<typeof ReadingList>;

// ---------------------------------------------------------------- study notes

export const noteStatuses = ['submitted', 'returned', 'approved'] as const;
export const NoteStatus = z.enum(noteStatuses);
export type NoteStatus = z.infer<typeof NoteStatus>;

const NoteTitle = text().min(1).max(STUDY_NOTE_TITLE_MAX);
// The minimum is checked by the server's command, so the refusal can name it and the count.
const NoteBody = text().max(STUDY_NOTE_MAX_CHARS);

export const NoteCreateBody = z.strictObject({
  campaignId: Id,
  /** The org the author writes as a member of (one of theirs inside the campaign's subtree). */
  orgId: Id,
  title: NoteTitle,
  body: NoteBody,
});
export type NoteCreateBody = z.infer<typeof NoteCreateBody>;

/** Only the author, while submitted or returned; editing a returned note submits it again. */
export const NoteUpdateBody = z
  .strictObject({ title: NoteTitle.optional(), body: NoteBody.optional() })
  .refine((b) => b.title !== undefined || b.body !== undefined, { message: 'nothing to change' });
export type NoteUpdateBody = z.infer<typeof NoteUpdateBody>;

export const NoteReviewBody = z.strictObject({
  decision: z.enum(['approve', 'return']),
  /** Required to return a note: what to improve. */
  comment: text().max(STUDY_REVIEW_COMMENT_MAX).default(''),
});
export type NoteReviewBody = z.infer<typeof NoteReviewBody>;

export const NoteListQuery = z.strictObject({
  campaignId: Id.optional(),
  /** The org and its subtree. */
  orgId: Id.optional(),
  status: NoteStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type NoteListQuery = z.infer<typeof NoteListQuery>;

export const MyNotesQuery = z.strictObject({ campaignId: Id });

export const noteAbilities = ['edit', 'review'] as const;

export const Note = z.object({
  id: Id,
  campaign: z.object({ id: Id, title: z.string() }),
  org: Named,
  author: Named,
  title: z.string(),
  /** Characters not counting white space. */
  length: z.number().int(),
  status: NoteStatus,
  reviewComment: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.array(z.enum(noteAbilities)),
});
export type Note = z.infer<typeof Note>;

export const NoteDetail = Note.extend({ body: z.string() });
export type NoteDetail = z.infer<typeof NoteDetail>;

export const NotePage = z.object({ items: z.array(Note), nextCursor: z.string().nullable() });
export type NotePage = z.infer<typeof NotePage>;

export const MyNotes = z.object({
  items: z.array(NoteDetail),
  /** The orgs the caller may write as (their memberships inside the campaign's subtree). */
  orgs: z.array(Named),
  minChars: z.number().int(),
});
export type MyNotes = z.infer<typeof MyNotes>;

// ---------------------------------------------------------------- study hours

export const HoursQuery = z.strictObject({
  campaignId: Id,
  /** The org whose members (those of its whole subtree) are counted. */
  orgId: Id,
  /** Who is below this many hours is flagged (学时不足). */
  minHours: z.coerce.number().min(0).max(1000).optional(),
});
export type HoursQuery = z.infer<typeof HoursQuery>;

export const MyHoursQuery = z.strictObject({ campaignId: Id });

export const PersonHours = z.object({
  person: Named,
  /** Their orgs inside the org counted. */
  orgs: z.array(z.string()),
  /** Study sessions attended (present) and their minutes. */
  sessions: z.number().int(),
  sessionMinutes: z.number().int(),
  makeupMinutes: z.number().int(),
  totalMinutes: z.number().int(),
  below: z.boolean(),
});
export type PersonHours = z.infer<typeof PersonHours>;

export const OrgHours = z.object({
  org: Named,
  members: z.number().int(),
  totalMinutes: z.number().int(),
  /** Per member; 0 for an org without members. */
  averageMinutes: z.number(),
  below: z.boolean(),
});
export type OrgHours = z.infer<typeof OrgHours>;

export const HoursReport = OrgHours.extend({
  campaign: z.object({ id: Id, title: z.string() }),
  minHours: z.number().nullable(),
  /** Members below the threshold (0 without one). */
  belowCount: z.number().int(),
  people: z.array(PersonHours),
  /** The org's child orgs, each counting its own subtree. */
  children: z.array(OrgHours),
});
export type HoursReport = z.infer<typeof HoursReport>;

export const MyHours = z.object({ sessions: z.number().int(), sessionMinutes: z.number().int(), makeupMinutes: z.number().int(), totalMinutes: z.number().int() });
export type MyHours = z.infer<typeof MyHours>;

// ---------------------------------------------------------------- labels (zh-CN)

export const readingKindLabels: Record<ReadingKind, string> = { book: '书籍', article: '文章', speech: '讲话', document: '文件', video: '视频' };
export const noteStatusLabels: Record<NoteStatus, string> = { submitted: '待审核', returned: '已退回', approved: '已通过' };
