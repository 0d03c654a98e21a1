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
}

export interface SubmissionReceiptsTable {
  key_hash: string;
  form_id: string;
  day: string;
}

/** `item` is the matrix row ('' otherwise); `value` an option, a rating, or ANSWERED. */
export interface FormTalliesTable {
  form_id: string;
  question: string;
  item: string;
  value: string;
  count: number;
}

export interface FormTables {
  form_tallies: FormTalliesTable;
  forms: FormsTable;
  form_codes: FormCodesTable;
  responses: ResponsesTable;
  submission_receipts: SubmissionReceiptsTable;
}
