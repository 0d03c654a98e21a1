/** A rule written or revised because of problems (建章立制). */
export interface RegulationsTable {
  id: string;
  title: string;
  org_id: string;
  /** new | revised */
  type: string;
  effective_day: string;
  summary: string;
  /** Lower-cased title and summary, for keyword search. */
  search: string;
  doc_name: string | null;
  doc_mime: string | null;
  doc_size: number | null;
  doc_data: Buffer | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface RegulationProblemsTable {
  regulation_id: string;
  problem_id: string;
  linked_at: string;
}

export interface RegulationTables {
  regulations: RegulationsTable;
  regulation_problems: RegulationProblemsTable;
}
