/** 对照检查材料: one per cadre per campaign; its text lives in its versions. */
export interface MaterialsTable {
  id: string;
  campaign_id: string;
  org_id: string;
  person_id: string;
  title: string;
  /** draft | submitted | returned | revised | approved (see MaterialStatus) */
  status: string;
  /** The current version's number. */
  version: number;
  submitted_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MaterialVersionsTable {
  id: string;
  material_id: string;
  version: number;
  /** JSON of the sections. */
  sections: string;
  created_by: string | null;
  created_at: string;
}

export interface MaterialReviewsTable {
  id: string;
  material_id: string;
  version: number;
  /** submitted | returned | approved | comment */
  action: string;
  comment: string;
  account_id: string | null;
  created_at: string;
}

/** A stated problem (item_key within the sections) linked to a registry problem. */
export interface MaterialProblemsTable {
  material_id: string;
  problem_id: string;
  item_key: string;
}

export interface MaterialTables {
  materials: MaterialsTable;
  material_versions: MaterialVersionsTable;
  material_reviews: MaterialReviewsTable;
  material_problems: MaterialProblemsTable;
}
