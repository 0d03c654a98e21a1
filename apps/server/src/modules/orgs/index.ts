/** The orgs module's public face: organisations, people, accounts of people, role grants, rosters. */
export { orgsPolicy, type OrgAction } from './policy.js';
export { orgsRoutes } from './routes.js';
export type { OrgTables } from './tables.js';
