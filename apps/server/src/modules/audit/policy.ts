import { definePolicy } from '../../kernel/policy.js';

/** Who may read the audit log: entries are scoped by the organisation each change concerned. */
export const auditPolicy = definePolicy({
  'audit.read': { roles: ['office', 'inspector'] },
});
