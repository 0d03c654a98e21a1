export interface OrgsTable {
  id: string;
  parent_id: string | null;
  path: string;
  name: string;
  kind: string;
  sort_order: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: string;
  name: string;
  gender: string | null;
  phone: string | null;
  position: string | null;
  party_member: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  person_id: string;
  org_id: string;
  created_at: string;
}

export interface GrantsTable {
  id: string;
  person_id: string;
  role: string;
  org_id: string | null;
  created_at: string;
  created_by: string | null;
}

export interface OrgTables {
  orgs: OrgsTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  grants: GrantsTable;
}
