import type { HoursQuery, HoursReport, MyHours, OrgHours, PersonHours } from '@massline/shared';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import { studyHoursByOrg, studyHoursOfMembers, studyHoursOfPerson } from './hours.js';
import { authorizeHours } from './policy.js';
import { findOrg } from './queries.js';
import { readableCampaign } from './read.js';

const collator = new Intl.Collator('zh-CN');
const average = (total: number, members: number) => (members === 0 ? 0 : Math.round((total / members) * 10) / 10);

/**
 * Where the hours report looks: a campaign the caller reads, an org inside it whose study the
 * caller reads. Resolved before a download starts, so errors come back as JSON.
 */
export async function hoursScope(db: Db, actor: Actor, query: Pick<HoursQuery, 'campaignId' | 'orgId'>) {
  const campaign = await readableCampaign(db, actor, query.campaignId);
  const org = await findOrg(db, query.orgId);
  if (!org) throw new HttpError('not_found');
  authorizeHours(actor, org.path);
  if (!org.path.startsWith(campaign.org_path)) throw new HttpError('study_org_outside');
  return { campaign, org };
}

/** Every member of the org's subtree with their hours, sorted by org and then by name (pinyin order). */
export async function membersHours(db: Db, campaignId: string, org: { id: string; path: string }, minHours: number | undefined): Promise<PersonHours[]> {
  const rows = await studyHoursOfMembers(db, campaignId, org);
  const threshold = minHours === undefined ? null : minHours * 60;
  return rows
    .map((r) => {
      const totalMinutes = r.sessionMinutes + r.makeupMinutes;
      return {
        person: { id: r.id, name: r.name }, orgs: r.orgs, sessions: r.sessions, sessionMinutes: r.sessionMinutes, makeupMinutes: r.makeupMinutes,
        totalMinutes, below: threshold !== null && totalMinutes < threshold,
      };
    })
    .sort((a, b) => collator.compare(a.orgs[0] ?? '', b.orgs[0] ?? '') || collator.compare(a.person.name, b.person.name) || (a.person.id < b.person.id ? -1 : 1));
}

export async function loadHoursReport(db: Db, actor: Actor, query: HoursQuery): Promise<HoursReport> {
  const { campaign, org } = await hoursScope(db, actor, query);
  const threshold = query.minHours === undefined ? null : query.minHours * 60;
  const people = await membersHours(db, campaign.id, org, query.minHours);
  const children = await db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', org.id).where('archived_at', 'is', null).orderBy('sort_order').orderBy('name').execute();
  const byOrg = await studyHoursByOrg(db, campaign.id, children.map((c) => c.id));
  const orgHours = (id: string, name: string, members: number, totalMinutes: number): OrgHours => {
    const averageMinutes = average(totalMinutes, members);
    return { org: { id, name }, members, totalMinutes, averageMinutes, below: threshold !== null && members > 0 && averageMinutes < threshold };
  };
  const total = people.reduce((s, p) => s + p.totalMinutes, 0);
  return {
    ...orgHours(org.id, org.name, people.length, total),
    campaign: { id: campaign.id, title: campaign.title },
    minHours: query.minHours ?? null,
    belowCount: people.filter((p) => p.below).length,
    people,
    children: children.map((c) => {
      const h = byOrg.get(c.id)!;
      return orgHours(c.id, c.name, h.members, h.totalMinutes);
    }),
  };
}

export async function loadMyHours(db: Db, actor: Actor, campaignId: string): Promise<MyHours> {
  const c = await readableCampaign(db, actor, campaignId);
  return studyHoursOfPerson(db, c.id, actor.personId);
}
