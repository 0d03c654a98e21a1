import { definePolicy } from '../../kernel/policy.js';

/** Forms belong to an organisation; the office builds them, secretaries hand out codes in their branch. */
export const formsPolicy = definePolicy({
  'form.read': { roles: ['office', 'secretary', 'inspector'] },
  'form.manage': { roles: ['office'] },
  'form.codes': { roles: ['office', 'secretary'] },
});
export type FormAction = (typeof formsPolicy.actions)[number];
