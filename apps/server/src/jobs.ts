import type { Deps } from './database.js';
import { Scheduler, type SchedulerLog } from './kernel/scheduler.js';
import { auditJobs } from './modules/audit/index.js';
import { notificationJobs } from './modules/notifications/index.js';

/**
 * The scheduler of a server process with every module's jobs, registered explicitly like the
 * modules in app.ts. `serve` starts it (unless MASSLINE_SCHEDULER=0); tests build and tick their own.
 */
export function createScheduler(deps: Deps, log?: SchedulerLog): Scheduler {
  return new Scheduler({ db: deps.db, clock: deps.clock, tickMs: deps.config.schedulerTickSeconds * 1000, log }).register(...notificationJobs(deps), ...auditJobs(deps));
}
