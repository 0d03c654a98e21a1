export interface AccountsTable {
  id: string;
  person_id: string;
  /** Stored lower-case: usernames are case-insensitive. */
  username: string;
  password_hash: string;
  must_change_password: number;
  password_set_by: string | null;
  /** Unused since migration 0016: failures are counted in `login_failures`. */
  failed_logins: number;
  /** Unused since migration 0016. */
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

/**
 * Sign-in failures, keyed by a hash of the username as typed (whether or not it has an account):
 * `s:` rows per username and sender address, `n:` rows per username over all senders.
 */
export interface LoginFailuresTable {
  key: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuthTables {
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
}
