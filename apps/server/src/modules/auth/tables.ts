export interface AccountsTable {
  id: string;
  person_id: string;
  /** Stored lower-case: usernames are case-insensitive. */
  username: string;
  password_hash: string;
  must_change_password: number;
  password_set_by: string | null;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuthTables {
  accounts: AccountsTable;
  sessions: SessionsTable;
}
