/**
 * The notifications module's public face: `notify` for other modules to raise notifications
 * inside their own transactions, the routes of a person's own notifications, and the scheduled
 * jobs (overdue reminders and escalation, the daily digest).
 */
export { notify, type NotifyInput } from './commands/notify.js';
export { notificationsRoutes } from './routes.js';
export { notificationJobs } from './jobs/index.js';
export { raiseOverdue } from './jobs/overdue.js';
export { sendDigests } from './jobs/digest.js';
export { Responsible } from './jobs/responsible.js';
export type { NotificationTables } from './tables.js';
