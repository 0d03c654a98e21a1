export interface RulesTable {
  id: string;
  parent_id: string | null;
  code: string;
  title: string;
  body: string;
  sort_order: number;
  archived_at: string | null;
}

export interface ProblemsTable {
  id: string;
  title: string;
  description: string;
  category: string;
  rule_id: string | null;
  owner_org_id: string;
  owner_person_id: string | null;
  severity: string;
  status: string;
  search: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Where a problem was found: an opinion, a questionnaire answer, an inspection finding, a criticism. */
export interface ProblemSourcesTable {
  id: string;
  problem_id: string;
  source_type: string;
  opinion_id: string | null;
  form_id: string | null;
  response_id: string | null;
  question: string | null;
  ref_id: string | null;
  excerpt: string;
  created_at: string;
}

export interface ProblemTables {
  rules: RulesTable;
  problems: ProblemsTable;
  problem_sources: ProblemSourcesTable;
}
