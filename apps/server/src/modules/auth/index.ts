/** The auth module's public face: sign-in, sessions, one's own password. */
export { authRoutes } from './routes.js';
export { cachedSessionResolver, resolveSession } from './sessions.js';
export { login } from './commands/login.js';
export type { AuthTables } from './tables.js';
