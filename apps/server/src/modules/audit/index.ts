/**
 * The audit module's public face: reading the hash-chained log (writing is the kernel's), and the
 * daily signed head published for witnesses outside the installation.
 */
export { auditPolicy } from './policy.js';
export { auditRoutes } from './routes.js';
export { auditJobs } from './jobs/index.js';
export { headMessage, latestHead, takeHead, verifyHeadSignature } from './witness.js';
export type { AuditWitnessTables } from './tables.js';
