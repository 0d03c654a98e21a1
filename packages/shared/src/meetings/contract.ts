import { z } from 'zod';
import { Id, Day, text } from '../common.js';

/**
 * Meetings of the campaign programme: mobilisation meetings, concentrated study sessions,
 * forums (one-to-one 个别听 or in groups 集体谈), democratic life meetings of leadership teams,
 * org life meetings of branches, topic discussions. Each has attendance (staff record it, or people
 * with accounts sign in by scanning the meeting's QR code), minutes, files and inspectors' comments.
 * A study session's length counts as study hours for those present; the absent make it up.
 */
export const meetingKinds = ['mobilisation', 'study', 'forum_individual', 'forum_group', 'democratic_life', 'org_life', 'topic_discussion'] as const;
export const MeetingKind = z.enum(meetingKinds);
export type MeetingKind = z.infer<typeof MeetingKind>;
/** Kinds held for criticism and self-criticism, opened by the phase setting `lifeMeetings`. */
export const lifeMeetingKinds: readonly MeetingKind[] = ['democratic_life', 'org_life'];
export const forumKinds: readonly MeetingKind[] = ['forum_individual', 'forum_group'];

export const attendanceStatuses = ['present', 'leave', 'absent'] as const;
export const AttendanceStatus = z.enum(attendanceStatuses);

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
/** Hours of a meeting: more than 0, at most 24, in steps of a quarter hour or finer. */
export const Hours = z.number().gt(0).max(24);
const Text = (max: number) => text().max(max);

export const AttendanceEntry = z.strictObject({
  personId: Id,
  status: AttendanceStatus,
  spoke: z.boolean().default(false),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

export const MeetingCreateBody = z.strictObject({
  orgId: Id,
  kind: MeetingKind,
  title: Text(200).min(1),
  agenda: Text(5000).default(''),
  place: Text(200).default(''),
  day: Day,
  startTime: Time.or(z.literal('')).default(''),
  hours: Hours,
  hostPersonId: Id.nullable().optional(),
  /** Study sessions: the readings of the campaign's list it covered. */
  readingIds: z.array(Id).max(100).default([]),
  attendance: z.array(AttendanceEntry).max(2000).default([]),
  minutes: Text(50_000).default(''),
});
export type MeetingCreateBody = z.infer<typeof MeetingCreateBody>;

export const MeetingUpdateBody = z.strictObject({
  title: Text(200).min(1).optional(),
  agenda: Text(5000).optional(),
  place: Text(200).optional(),
  day: Day.optional(),
  startTime: Time.or(z.literal('')).optional(),
  hours: Hours.optional(),
  hostPersonId: Id.nullable().optional(),
  readingIds: z.array(Id).max(100).optional(),
  minutes: Text(50_000).optional(),
});
export type MeetingUpdateBody = z.infer<typeof MeetingUpdateBody>;

/** Replaces what staff recorded; sign-ins by QR stay unless the person is listed here. */
export const AttendanceBody = z.strictObject({ entries: z.array(AttendanceEntry).max(2000) });
export type AttendanceBody = z.infer<typeof AttendanceBody>;

export const MeetingListQuery = z.strictObject({
  orgId: Id.optional(),
  campaignId: Id.optional(),
  kind: MeetingKind.optional(),
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuery>;

export const MeetingSummary = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  campaignId: Id.nullable(),
  kind: MeetingKind,
  title: z.string(),
  day: z.string(),
  startTime: z.string(),
  place: z.string(),
  hours: z.number(),
  held: z.boolean(),
  present: z.number().int(),
  expected: z.number().int(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;
export const MeetingPage = z.object({ items: z.array(MeetingSummary), total: z.number().int() });

export const Attendee = z.object({
  personId: Id,
  name: z.string(),
  status: AttendanceStatus,
  spoke: z.boolean(),
  via: z.enum(['staff', 'qr']),
  signedInAt: z.string().nullable(),
  /** Attending as an inspector (列席督导), not as a member of the org. */
  inspector: z.boolean(),
  /** Hours of make-up study recorded for someone who missed a study session. */
  makeupHours: z.number().nullable(),
});
export type Attendee = z.infer<typeof Attendee>;

export const MeetingComment = z.object({ id: Id, author: z.string(), body: z.string(), createdAt: z.string(), mine: z.boolean() });
export const MeetingFile = z.object({ id: Id, name: z.string(), mime: z.string(), size: z.number().int(), createdAt: z.string() });
export const MeetingReadingRef = z.object({ id: Id, title: z.string() });
export const MeetingOpinion = z.object({ id: Id, category: z.string(), content: z.string(), named: z.boolean(), status: z.string() });

export const meetingAbilities = ['manage', 'comment', 'criticism'] as const;

export const MeetingDetail = MeetingSummary.extend({
  agenda: z.string(),
  minutes: z.string(),
  hostPersonId: Id.nullable(),
  hostName: z.string().nullable(),
  campaignTitle: z.string().nullable(),
  readings: z.array(MeetingReadingRef),
  attendance: z.array(Attendee),
  /** Members of the org who are not in the attendance yet: the secretary records them. */
  notRecorded: z.array(z.object({ personId: Id, name: z.string() })),
  files: z.array(MeetingFile),
  comments: z.array(MeetingComment),
  opinions: z.array(MeetingOpinion),
  /** Sign-in by QR is open (the token itself is shown only to whoever opens it). */
  signinOpen: z.boolean(),
  abilities: z.array(z.enum(meetingAbilities)),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const CommentBody = z.strictObject({ body: Text(2000).min(1) });
export const SigninOpened = z.object({ token: z.string(), url: z.string() });
export const SigninBody = z.strictObject({ token: z.string().min(16).max(100) });
export const SigninResult = z.object({ meetingId: Id, title: z.string(), orgName: z.string(), alreadySignedIn: z.boolean() });

export const MakeupBody = z.strictObject({
  personId: Id,
  day: Day,
  hours: Hours,
  note: Text(500).default(''),
});
export type MakeupBody = z.infer<typeof MakeupBody>;

/** What a resident said at a forum, recorded straight into the opinions, linked to the meeting. */
export const ForumOpinionBody = z.strictObject({
  category: z.enum(['formalism', 'bureaucratism', 'hedonism', 'extravagance', 'service', 'livelihood', 'other']),
  content: text().min(1).max(5000),
  /** Absent: said anonymously. */
  sender: z.strictObject({ name: text().min(1).max(50), phone: z.string().regex(/^1\d{10}$/).optional(), village: Text(100).optional() }).optional(),
});
export type ForumOpinionBody = z.infer<typeof ForumOpinionBody>;

export const FileParams = z.strictObject({ id: Id, fileId: Id });

/** Criticism (from ≠ to) and self-criticism (from = to) in a democratic life or org life meeting. */
export const CriticismBody = z.strictObject({
  fromPersonId: Id,
  toPersonId: Id,
  content: Text(5000).min(1),
  response: Text(5000).default(''),
});
export type CriticismBody = z.infer<typeof CriticismBody>;
export const CriticismUpdateBody = z.strictObject({ content: Text(5000).min(1).optional(), response: Text(5000).optional() });
export type CriticismUpdateBody = z.infer<typeof CriticismUpdateBody>;
export const EntryParams = z.strictObject({ id: Id, entryId: Id });
export const CriticismRaiseBody = z.strictObject({
  title: Text(200).min(1),
  category: z.enum(['formalism', 'bureaucratism', 'hedonism', 'extravagance', 'service', 'livelihood', 'other']),
});
export type CriticismRaiseBody = z.infer<typeof CriticismRaiseBody>;

export const CriticismEntry = z.object({
  id: Id,
  fromPersonId: Id,
  fromName: z.string(),
  toPersonId: Id,
  toName: z.string(),
  self: z.boolean(),
  content: z.string(),
  response: z.string(),
  problemId: Id.nullable(),
  createdAt: z.string(),
});
export type CriticismEntry = z.infer<typeof CriticismEntry>;
export const CriticismSheet = z.object({
  entries: z.array(CriticismEntry),
  /** Among those present: who has not made a self-criticism, and each one who has not yet criticised another (互相批评 goes both ways). */
  completeness: z.object({
    participants: z.number().int(),
    missingSelf: z.array(z.object({ personId: Id, name: z.string() })),
    missingPairs: z.array(z.object({ fromPersonId: Id, fromName: z.string(), toPersonId: Id, toName: z.string() })),
    complete: z.boolean(),
  }),
  canWrite: z.boolean(),
});
export type CriticismSheet = z.infer<typeof CriticismSheet>;

export const MAX_MEETING_FILE_BYTES = 10 * 1024 * 1024;
export const MeetingFileQuery = z.strictObject({ name: text().min(1).max(200) });
