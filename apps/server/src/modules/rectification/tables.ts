/** A rectification item (整改事项): the measure, promise, owner and deadline for one or more problems. */
export interface RectificationsTable {
  id: string;
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
}

export interface RectificationPlansTable {
  id: string;
  org_id: string;
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
  /** fixed | partly | not_fixed */
  value: string;
  comment: string;
  /** receipt | callback | code | browser */
  channel: string;
  voter_key: string;
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
