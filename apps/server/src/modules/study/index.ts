/**
 * The study module's public face (学习教育 apart from the sessions, which are meetings): the
 * campaign's reading list, study notes and their review, study hours per person and per org.
 * `studyHoursByOrg` serves the progress board: many orgs' members and minutes in one query.
 */
export { studyPolicy, type StudyAction } from './policy.js';
export { studyRoutes } from './routes.js';
export { studyHoursByOrg, studyHoursOfPerson, type OrgStudyHours } from './hours.js';
export { addReading, setReadingFile } from './commands/readings.js';
export { createNote, reviewNote } from './commands/notes.js';
