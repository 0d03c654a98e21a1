/** A rectification item (整改事项): the measure, promise, owner and deadline for one or more problems. */
export interface RectificationsTable {
  id: string;
  /** Which kinds of verdict count for this item (comma list), null: as its org's list. */
  verdict_kinds: string | null;
  title: string;
  measures: string;
  commitment: string;
  owner_org_id: string;
  owner_person_id: string | null;
  deadline: string;
  /** planned | in_progress | done | verified */
  status: string;
  on_the_spot: number;
  progress: number;
  weight: number;
  done_day: string | null;
  verified_day: string | null;
  verified_by: string | null;
  round: number;
  published: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface RectificationProblemsTable {
  rectification_id: string;
  problem_id: string;
}

export interface RectificationMilestonesTable {
  id: string;
  rectification_id: string;
  seq: number;
  title: string;
  due_day: string;
  weight: number;
  done_day: string | null;
}

export interface RectificationUpdatesTable {
  id: string;
  rectification_id: string;
  seq: number;
  /** created | progress | status | milestone | reopened */
  kind: string;
  body: string;
  from_status: string | null;
  to_status: string | null;
  milestone_id: string | null;
  public: number;
  account_id: string | null;
  author_name: string | null;
  at: string;
}

export interface RectificationAttachmentsTable {
  id: string;
  rectification_id: string;
  update_id: string | null;
  name: string;
  mime: string;
  size: number;
  released: number;
  data: Buffer;
  /** JPEG thumbnail of a photo; null for a PDF. */
  thumb: Buffer | null;
}

export interface RectificationPlansTable {
  id: string;
  org_id: string;
  /** Which kinds of verdict count on this list (comma list), null: receipts and codes. */
  verdict_kinds: string | null;
  /** Open verdicts on one item in an hour above which the office is told; null: the default. */
  open_burst_per_hour: number | null;
  /** Counted verdicts needed before a majority of 未解决 sends an item back; null: the default. */
  reopen_min: number | null;
  /** draft | submitted | approved | returned */
  status: string;
  comment: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  published: number;
  published_at: string | null;
  updated_at: string;
}

export interface VerdictsTable {
  id: string;
  rectification_id: string;
  round: number;
  /** solved | partly | unsolved */
  solved: string;
  /** satisfied | basic | unsatisfied */
  satisfied: string;
  comment: string;
  /** receipt | callback | code | open */
  backing: string;
  /** One per voter key and round: `o:` the opinion, `c:` the code's hash, `a:` the sender's hash of the day. */
  voter_key: string;
  /** The opinion behind a receipt or call-back verdict. */
  opinion_id: string | null;
  day: string;
}

export interface VerdictCodesTable {
  code_hash: string;
  org_id: string;
  rectification_id: string | null;
  batch: string;
  created_at: string;
}

export interface RectificationFlagsTable {
  id: string;
  rectification_id: string;
  body: string;
  day: string;
  /** open | answered | dismissed */
  status: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface RectificationTables {
  rectifications: RectificationsTable;
  rectification_problems: RectificationProblemsTable;
  rectification_milestones: RectificationMilestonesTable;
  rectification_updates: RectificationUpdatesTable;
  rectification_attachments: RectificationAttachmentsTable;
  rectification_plans: RectificationPlansTable;
  verdicts: VerdictsTable;
  verdict_codes: VerdictCodesTable;
  rectification_flags: RectificationFlagsTable;
}
