/** The regulations module's public face: the register of rules made because of problems (建章立制). */
export { regulationsPolicy, canReadRegulation, type RegulationAction } from './policy.js';
export { regulationsRoutes } from './routes.js';
export { regulationsByProblem, type ProblemRegulation } from './read.js';
export { createRegulation, linkProblems } from './commands/manage.js';
export { setDocument } from './commands/document.js';
export type { RegulationTables } from './tables.js';
