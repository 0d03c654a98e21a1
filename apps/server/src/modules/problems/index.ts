/** The problems module's public face: the problem registry (问题清单), its sources, the rule catalogue. */
export { problemsPolicy, canReadProblem, type ProblemAction } from './policy.js';
export { problemsRoutes } from './routes.js';
export { problemsBySource } from './queries.js';
export { seedRules } from './rules-seed.js';
export type { ProblemTables } from './tables.js';
export { createIn as createProblemIn, moveProblemStatus } from './commands/manage.js';
export { findProblem, isMemberUnder, findOrgById } from './queries.js';
