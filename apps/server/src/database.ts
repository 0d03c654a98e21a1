import type { Kysely } from 'kysely';
import type { AuditTables } from './kernel/audit.js';
import type { Clock } from './kernel/clock.js';
import type { Config } from './kernel/config.js';
import type { Dialect } from './kernel/db.js';
import type { AuthTables } from './modules/auth/tables.js';
import type { CampaignTables } from './modules/campaigns/tables.js';
import type { MaterialTables } from './modules/materials/tables.js';
import type { MeetingTables } from './modules/meetings/tables.js';
import type { FormTables } from './modules/forms/tables.js';
import type { OpinionTables } from './modules/opinions/tables.js';
import type { OrgTables } from './modules/orgs/tables.js';
import type { NotificationTables } from './modules/notifications/tables.js';
import type { ProblemTables } from './modules/problems/tables.js';
import type { RectificationTables } from './modules/rectification/tables.js';
import type { RegulationTables } from './modules/regulations/tables.js';

/** Versions bumped by triggers when a group of tables changes (see kernel/db.ts createChangeCounter). */
export interface ChangeCountersTable {
  name: string;
  version: number;
}

/** Every table, composed from the modules that own them. */
export interface Database
  extends AuditTables, AuthTables, OrgTables, FormTables, OpinionTables, ProblemTables, RectificationTables, NotificationTables, RegulationTables, CampaignTables, MeetingTables, MaterialTables {
  change_counters: ChangeCountersTable;
}

export type Db = Kysely<Database>;

/** What commands and queries receive: the database, its dialect, and the time. */
export interface Deps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  config: Config;
}
