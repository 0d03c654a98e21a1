import { definePolicy } from '../../../kernel/policy.js';

/** Evidence for a required task is given by whoever runs the org's programme: its secretary or the office. */
export const tasksPolicy = definePolicy({
  'task.evidence': { roles: ['office', 'secretary'] },
});
