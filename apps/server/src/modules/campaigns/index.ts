/** The campaigns module's public face: campaigns (教育实践活动) and their phases, and what today's phase opens. */
export { campaignsPolicy, canReadCampaign } from './policy.js';
export { campaignsRoutes } from './routes.js';
export { campaignOn, currentCampaign, openNow, phaseNow, type PhaseNow } from './read.js';
export { closedPhase, phaseGate } from './gates.js';
export type { CampaignTables } from './tables.js';
export { tasksRoutes } from './tasks/routes.js';
export { tasksPolicy } from './tasks/policy.js';
