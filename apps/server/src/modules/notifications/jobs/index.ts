import type { Deps } from '../../../database.js';
import type { Job } from '../../../kernel/scheduler.js';
import { digestJob } from './digest.js';
import { overdueJob } from './overdue.js';

/** The notifications module's scheduled jobs, in the order they should run. */
export const notificationJobs = (deps: Deps): Job[] => [overdueJob(deps), digestJob(deps)];
