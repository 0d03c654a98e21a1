import { definePolicy, isAdmin, type Actor } from '../../kernel/policy.js';

const STAFF = ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;

/**
 * A campaign belongs to the org it was made for and covers its subtree. The office runs it;
 * everyone working in the subtree reads it (so a village secretary reads the township's
 * campaign), and those above read those below. Phase summaries (阶段总结) of an org are written
 * by its office and secretaries and read by inspectors too.
 */
export const campaignsPolicy = definePolicy({
  'campaign.read': { roles: STAFF },
  'campaign.manage': { roles: ['office'] },
  'summary.read': { roles: ['office', 'secretary', 'inspector'] },
  'summary.write': { roles: ['office', 'secretary'] },
});

/** Readable: the campaign's org is within the reader's subtree, or above one of the reader's orgs. */
export function canReadCampaign(actor: Actor, orgPath: string): boolean {
  if (isAdmin(actor)) return true;
  if (campaignsPolicy.can(actor, 'campaign.read', { paths: [orgPath] })) return true;
  return actor.grants.some((g) => g.orgPath !== null && (STAFF as readonly string[]).includes(g.role) && g.orgPath.startsWith(orgPath));
}
