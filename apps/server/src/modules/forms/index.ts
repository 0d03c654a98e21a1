/** The forms module's public face: questionnaires and evaluation ballots, codes, responses. */
export { canReadForm, formsPolicy } from './policy.js';
export { findFormWithOrg, findResponse, type FormRow } from './queries.js';
/** Below this many responses, answers one by one stay hidden outside the office. */
export { SMALL } from './results.js';
export { formsRoutes } from './routes.js';
export { formsXlsformRoutes } from './xlsform/routes.js';
export type { FormTables } from './tables.js';
