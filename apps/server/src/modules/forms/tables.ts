import type { Generated } from 'kysely';

export interface FormsTable {
  id: string;
  org_id: string;
  kind: string;
  title: string;
  description: string;
  anonymous: number;
  distribution: string;
  status: string;
  /** The FormDefinition as JSON. */
  definition: string;
  collect_location: number;
  /** Field visits: positions are rounded to a grid of this many metres. */
  location_precision_m: Generated<number>;
  response_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FormCodesTable {
  code_hash: string;
  form_id: string;
  org_id: string;
  used: number;
}

/** No link to a code, an account, an address or a time of day: see docs/SECURITY.md. */
export interface ResponsesTable {
  id: string;
  form_id: string;
  day: string;
  answers: string;
  /** The org the response came from: its code's, its member's, or the one a link was posted for. */
  org_id: string | null;
  /** Whom the answers are about (self and mutual inspection). */
  subject_id: string | null;
  /** Who answered: only for forms that are not anonymous. */
  respondent_id: string | null;
}

export interface FormAssignmentsTable {
  id: string;
  form_id: string;
  org_id: string;
  respondent_id: string;
  /** '' when the answers are about nobody in particular (field visits). */
  subject_id: string;
  repeatable: number;
  done: number;
  created_at: string;
}

export interface FieldVisitsTable {
  id: string;
  form_id: string;
  assignment_id: string;
  org_id: string;
  day: string;
  outcome: string;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  response_id: string | null;
}

export interface SubmissionReceiptsTable {
  key_hash: string;
  form_id: string;
  day: string;
}

/**
 * `scope` is '' for the whole form, 'o:<org>' or 's:<subject>'; `item` is the matrix row ('' otherwise);
 * `value` an option, a rating, or ANSWERED.
 */
export interface FormTalliesTable {
  form_id: string;
  scope: string;
  question: string;
  item: string;
  value: string;
  count: number;
}

export interface FormTables {
  form_tallies: FormTalliesTable;
  forms: FormsTable;
  form_assignments: FormAssignmentsTable;
  field_visits: FieldVisitsTable;
  form_codes: FormCodesTable;
  responses: ResponsesTable;
  submission_receipts: SubmissionReceiptsTable;
}
