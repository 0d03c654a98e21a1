/** An opinion (意见建议). Anonymous ones keep only the day, a random id and the receipt's hash. */
export interface OpinionsTable {
  id: string;
  org_id: string;
  person_id: string | null;
  channel: string;
  category: string;
  content: string;
  place: string;
  day: string;
  named: number;
  sender_name: string | null;
  sender_phone: string | null;
  sender_village: string | null;
  /** received | assigned | answered | closed | merged */
  status: string;
  /** answered_on_spot (主动答疑) | resolved_on_spot (边查边改) */
  handling: string | null;
  assignee_org_id: string | null;
  assignee_person_id: string | null;
  due_day: string;
  answered_day: string | null;
  merged_into: string | null;
  published: number;
  receipt_hash: string | null;
  recorded_by: string | null;
  meeting_id: string | null;
  /** Lower-cased content and place, for keyword search. */
  search: string;
  updated_at: string;
}

export interface OpinionMessagesTable {
  id: string;
  opinion_id: string;
  author: string;
  public: number;
  body: string;
  day: string;
  seq: number;
  account_id: string | null;
}

export interface OpinionAttachmentsTable {
  id: string;
  opinion_id: string;
  message_id: string | null;
  name: string;
  mime: string;
  size: number;
  data: Buffer;
  /** JPEG thumbnail of a photo; null for a PDF. */
  thumb: Buffer | null;
}

export interface OpinionFlagsTable {
  id: string;
  opinion_id: string;
  body: string;
  day: string;
  status: string;
  answer: string | null;
}

/** Counters per org kept in the writing transaction ('opinions', 'opinions.channel.forum', …). */
export interface OrgCountsTable {
  org_id: string;
  metric: string;
  count: number;
}

export interface SecretsTable {
  name: string;
  value: string;
}

/** The keyword index: each distinct bigram of an opinion's content and place (kernel/search-terms). */
export interface OpinionTermsTable {
  term: string;
  day: string;
  opinion_id: string;
}

export interface OpinionVerdictsTable {
  opinion_id: string;
  solved: string;
  satisfied: string;
  comment: string;
  /** receipt | callback */
  backing: string;
  day: string;
}

export interface OpinionTables {
  opinion_verdicts: OpinionVerdictsTable;
  secrets: SecretsTable;
  opinions: OpinionsTable;
  opinion_messages: OpinionMessagesTable;
  opinion_attachments: OpinionAttachmentsTable;
  opinion_flags: OpinionFlagsTable;
  opinion_terms: OpinionTermsTable;
  org_counts: OrgCountsTable;
}
