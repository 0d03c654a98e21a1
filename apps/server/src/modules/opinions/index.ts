/** The opinions module's public face: intake from every channel, receipts, triage. */
export { opinionsPolicy } from './policy.js';
export { opinionsRoutes } from './routes.js';
export { recordOpinion } from './commands/record.js';
export type { OpinionTables } from './tables.js';
