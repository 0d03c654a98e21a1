/** The orgs module's public face: organisations, people, accounts of people, role grants, rosters. */
export { orgsPolicy, type OrgAction } from './policy.js';
export { orgsRoutes } from './routes.js';
export { roleLabels, orgKindLabels } from './labels.js';
export { createOrg } from './commands/orgs.js';
export { createPerson } from './commands/people.js';
export { createGrant } from './commands/grants.js';
export type { OrgTables } from './tables.js';
