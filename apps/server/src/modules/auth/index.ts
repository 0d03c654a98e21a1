/** The auth module's public face: sign-in, sessions, one's own password. */
export { authRoutes } from './routes.js';
export { cachedSessionResolver } from './sessions.js';
export type { AuthTables } from './tables.js';
