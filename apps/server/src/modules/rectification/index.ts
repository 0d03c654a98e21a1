/** The rectification module's public face: items (整改事项), lists (整改清单), disclosure and verdicts. */
export { rectificationPolicy } from './policy.js';
export { rectificationRoutes } from './routes.js';
export { itemsByProblem } from './queries.js';
/** An org's roll-up (items, status counts, progress, verdicts): phase summaries quote it. */
export { campaignProgress } from './rollup.js';
export type { RectificationTables } from './tables.js';
