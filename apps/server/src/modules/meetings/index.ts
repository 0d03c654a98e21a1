/** The meetings module's public face: meetings of every kind, study sessions and study hours' sources, criticism entries. */
export { meetingsPolicy, canReadMeeting } from './policy.js';
export { meetingsRoutes } from './routes.js';
export { kindLabels as meetingKindLabels } from './commands/meetings.js';
export type { MeetingTables } from './tables.js';
