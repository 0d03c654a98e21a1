/** The campaigns module's public face: campaigns (教育实践活动) and their phases, and what today's phase opens. */
export { campaignsPolicy, canReadCampaign } from './policy.js';
export { campaignsRoutes } from './routes.js';
export { currentCampaign, openNow } from './read.js';
export type { CampaignTables } from './tables.js';
