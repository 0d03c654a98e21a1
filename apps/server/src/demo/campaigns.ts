import type { Db, Deps } from '../database.js';
import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import { createCampaign } from '../modules/campaigns/commands/manage.js';
import { addTemplateTasks } from '../modules/campaigns/tasks/commands.js';
import { dayFromNow } from '../kernel/clock.js';

export const DEMO_CAMPAIGN_TITLE = '示范镇党的群众路线教育实践活动';

/**
 * The township's campaign from the three-phase template, dated so that the day the demo is
 * loaded falls in its second phase (查摆问题、开展批评), which opens rectification, check-comparison
 * materials and life meetings: the first phase began 60 days ago and lasted 30 days, the second
 * runs 60 days, the third 90.
 */
export async function loadDemoCampaign(deps: Deps, root: { id: string }, office: Actor): Promise<{ id: string }> {
  const day = (n: number) => dayFromNow(deps, n);
  const campaign = unwrap(await createCampaign(deps, office, {
    orgId: root.id, title: DEMO_CAMPAIGN_TITLE, template: 'mass_line',
    phases: [{ startDay: day(-60), endDay: day(-31) }, { startDay: day(-30), endDay: day(29) }, { startDay: day(30), endDay: day(119) }],
  }));
  // The three phases' required tasks, so the progress board has something to show.
  unwrap(await addTemplateTasks(deps, office, campaign.id));
  return campaign;
}

/** The demo campaign's id, for the seeds of the programme (meetings, study, materials) that hang on it. */
export async function demoCampaignId(db: Db): Promise<string> {
  return (await db.selectFrom('campaigns').select('id').where('title', '=', DEMO_CAMPAIGN_TITLE).orderBy('start_day', 'desc').executeTakeFirstOrThrow()).id;
}
