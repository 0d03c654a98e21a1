/** The audit module's public face: reading the hash-chained log (writing is the kernel's). */
export { auditPolicy } from './policy.js';
export { auditRoutes } from './routes.js';
