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

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_phases: CampaignPhasesTable;
}
