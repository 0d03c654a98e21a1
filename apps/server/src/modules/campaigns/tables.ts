export interface CampaignsTable {
  id: string;
  org_id: string;
  title: string;
  /** mass_line | custom */
  template: string;
  start_day: string;
  end_day: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignPhasesTable {
  id: string;
  campaign_id: string;
  seq: number;
  key: string;
  title: string;
  start_day: string;
  end_day: string;
  /** JSON of PhaseSettings. */
  settings: string;
}

/** 规定动作: a phase's required task for every org in scope (or those of some kinds). */
export interface CampaignTasksTable {
  id: string;
  campaign_id: string;
  phase_id: string;
  seq: number;
  title: string;
  /** JSON of TaskRule: how data completes it, or `evidence`. */
  rule: string;
  /** JSON array of org kinds; null: every org in scope. */
  org_kinds: string | null;
  due_day: string;
  created_at: string;
}

export interface TaskEvidenceTable {
  id: string;
  task_id: string;
  org_id: string;
  note: string;
  file_name: string | null;
  file_mime: string | null;
  file_data: Buffer | null;
  /** JPEG thumbnail of a photo; null for a document or no file. */
  file_thumb: Buffer | null;
  /** submitted | confirmed | rejected */
  status: string;
  review_comment: string;
  submitted_by: string | null;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

/** 阶段总结; phase_id null: the whole campaign's. */
export interface CampaignSummariesTable {
  id: string;
  campaign_id: string;
  phase_id: string | null;
  /** phase_id, or 'campaign' for the whole campaign: the unique key needs a value. */
  phase_key: string;
  org_id: string;
  title: string;
  /** JSON of the sections as edited. */
  sections: string;
  updated_by: string | null;
  updated_at: string;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_phases: CampaignPhasesTable;
  campaign_tasks: CampaignTasksTable;
  task_evidence: TaskEvidenceTable;
  campaign_summaries: CampaignSummariesTable;
}
