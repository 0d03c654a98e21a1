import type { Deps } from '../../../database.js';
import type { Job } from '../../../kernel/scheduler.js';
import { auditHeadJob } from './head.js';

/** The audit module's scheduled jobs. */
export const auditJobs = (deps: Deps): Job[] => [auditHeadJob(deps)];
