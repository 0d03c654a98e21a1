import { definePolicy, grantCovers, isAdmin, type Actor } from '../../kernel/policy.js';

/**
 * A campaign belongs to the org it was made for and covers its subtree. The office runs it;
 * everyone working in the subtree reads it (so a village secretary reads the township's
 * campaign), and those above read those below.
 */
export const campaignsPolicy = definePolicy({
  'campaign.manage': { roles: ['office'] },
});

const STAFF = ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;

/** Readable: the campaign's org is within the reader's subtree, or above one of the reader's orgs. */
export function canReadCampaign(actor: Actor, orgPath: string): boolean {
  if (isAdmin(actor)) return true;
  if (grantCovers(actor, STAFF, orgPath)) return true;
  return actor.grants.some((g) => g.orgPath !== null && (STAFF as readonly string[]).includes(g.role) && g.orgPath.startsWith(orgPath));
}
