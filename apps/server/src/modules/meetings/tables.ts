/** The reading list of a campaign (必学书籍). */
export interface CampaignReadingsTable {
  id: string;
  campaign_id: string;
  seq: number;
  /** book | article | speech | document | video */
  kind: string;
  title: string;
  url: string | null;
  file_name: string | null;
  file_mime: string | null;
  file_data: Buffer | null;
  note: string;
  created_at: string;
}

/** A meeting of any kind; a concentrated study session is kind `study`. */
export interface MeetingsTable {
  id: string;
  campaign_id: string | null;
  org_id: string;
  /** mobilisation | study | forum_individual | forum_group | democratic_life | org_life | topic_discussion */
  kind: string;
  title: string;
  agenda: string;
  place: string;
  day: string;
  start_time: string;
  /** Length in minutes; study hours count from it. */
  minutes_long: number;
  host_person_id: string | null;
  /** 会议记录 / 讨论小结. */
  minutes: string;
  /** 1 once the minutes are written: the meeting counts as held. */
  held: number;
  /** SHA-256 of the QR sign-in token; null while sign-in is closed. */
  signin_hash: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingReadingsTable {
  meeting_id: string;
  reading_id: string;
}

export interface MeetingAttendanceTable {
  meeting_id: string;
  person_id: string;
  /** present | leave | absent */
  status: string;
  spoke: number;
  signed_in_at: string | null;
  /** staff | qr */
  via: string;
}

export interface MeetingFilesTable {
  id: string;
  meeting_id: string;
  name: string;
  mime: string;
  size: number;
  data: Buffer;
  /** JPEG thumbnail of a photo; null for a document. */
  thumb: Buffer | null;
  created_by: string | null;
  created_at: string;
}

export interface MeetingCommentsTable {
  id: string;
  meeting_id: string;
  account_id: string;
  body: string;
  created_at: string;
}

/** 补学: make-up study for a missed session. */
export interface StudyMakeupsTable {
  id: string;
  meeting_id: string;
  person_id: string;
  day: string;
  minutes_long: number;
  note: string;
  recorded_by: string | null;
  created_at: string;
}

/** 心得体会. */
export interface StudyNotesTable {
  id: string;
  campaign_id: string;
  org_id: string;
  person_id: string;
  title: string;
  body: string;
  /** submitted | returned | approved */
  status: string;
  review_comment: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One entry of criticism (from ≠ to) or self-criticism (from = to) in a life meeting. */
export interface CriticismEntriesTable {
  id: string;
  meeting_id: string;
  from_person_id: string;
  to_person_id: string;
  content: string;
  /** 表态 */
  response: string;
  problem_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingTables {
  campaign_readings: CampaignReadingsTable;
  meetings: MeetingsTable;
  meeting_readings: MeetingReadingsTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_files: MeetingFilesTable;
  meeting_comments: MeetingCommentsTable;
  study_makeups: StudyMakeupsTable;
  study_notes: StudyNotesTable;
  criticism_entries: CriticismEntriesTable;
}
