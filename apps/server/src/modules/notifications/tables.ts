import type { JobRunsTable } from '../../kernel/scheduler.js';

/** An in-app notification to one person. */
export interface NotificationsTable {
  id: string;
  person_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  /** Raised once per person and key: a repeated scheduler run adds nothing. */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

export type { JobRunsTable };

export interface NotificationTables {
  notifications: NotificationsTable;
  /** The scheduler's claims (kernel/scheduler.ts); created with the notifications it raises. */
  job_runs: JobRunsTable;
}
