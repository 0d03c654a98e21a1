import { addDays } from '@massline/shared';
import type { SummaryFigures } from '@massline/shared';
import { sql } from 'kysely';
import type { Db } from '../../../database.js';
import { underAny } from '../../../kernel/db.js';
import { campaignProgress } from '../../rectification/index.js';

export interface SummaryOrg { id: string; name: string; path: string }
export interface Period { startDay: string; endDay: string }

/** The day after a day: created_at timestamps of the last day sort below it. */
const dayAfter = (day: string) => addDays(day, 1);
const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
const counted = (rows: { key: string; n: number | string | bigint }[]) =>
  rows.map((r) => ({ key: r.key, count: Number(r.n) })).filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

/**
 * What a summary is drafted from, for an org's subtree: the meetings held, study hours, opinions
 * and problems within the period (by their day), and rectification as it stands today (the
 * roll-up the rectification module keeps). A handful of grouped queries, whatever the subtree's size.
 */
export async function summaryFigures(db: Db, org: SummaryOrg, period: Period, today: string): Promise<SummaryFigures> {
  const inSubtree = underAny(sql.ref('o.path'), [org.path]);
  const heldStudy = db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .where(inSubtree)
    .where('m.held', '=', 1)
    .where('m.kind', '=', 'study')
    .where('m.day', '>=', period.startDay)
    .where('m.day', '<=', period.endDay);

  const [meetings, present, makeups, members, opinions, problems, progress] = await Promise.all([
    db.selectFrom('meetings as m').innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['m.kind as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inSubtree).where('m.held', '=', 1).where('m.day', '>=', period.startDay).where('m.day', '<=', period.endDay)
      .groupBy('m.kind').execute(),
    heldStudy.innerJoin('meeting_attendance as a', 'a.meeting_id', 'm.id').where('a.status', '=', 'present')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('m.minutes_long').as('minutes')])
      .executeTakeFirst(),
    heldStudy.innerJoin('study_makeups as s', 's.meeting_id', 'm.id')
      .select((eb) => eb.fn.sum<number>('s.minutes_long').as('minutes'))
      .executeTakeFirst(),
    db.selectFrom('memberships as ms').innerJoin('orgs as o', 'o.id', 'ms.org_id').innerJoin('people as p', 'p.id', 'ms.person_id')
      .select((eb) => eb.fn.count<number>('ms.person_id').distinct().as('n'))
      .where(inSubtree).where('o.archived_at', 'is', null).where('p.archived_at', 'is', null)
      .executeTakeFirst(),
    db.selectFrom('opinions as op').innerJoin('orgs as o', 'o.id', 'op.org_id')
      .select(['op.channel as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inSubtree).where('op.day', '>=', period.startDay).where('op.day', '<=', period.endDay)
      .groupBy('op.channel').execute(),
    db.selectFrom('problems as pr').innerJoin('orgs as o', 'o.id', 'pr.owner_org_id')
      .select(['pr.category as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inSubtree).where('pr.created_at', '>=', period.startDay).where('pr.created_at', '<', dayAfter(period.endDay))
      .groupBy('pr.category').execute(),
    campaignProgress(db, org, today),
  ]);

  const sessions = meetings.find((m) => m.key === 'study');
  const minutes = Number(present?.minutes ?? 0);
  const makeupMinutes = Number(makeups?.minutes ?? 0);
  const people = Number(members?.n ?? 0);
  const whole = progress.orgs[0];
  const done = whole.byStatus.done ?? 0;
  const verified = whole.byStatus.verified ?? 0;
  const verdicts = whole.verdicts.total;
  return {
    startDay: period.startDay,
    endDay: period.endDay,
    meetings: counted(meetings),
    study: {
      sessions: Number(sessions?.n ?? 0),
      attendances: Number(present?.n ?? 0),
      minutes,
      makeupMinutes,
      members: people,
      averageHours: people ? Math.round(((minutes + makeupMinutes) / 60 / people) * 10) / 10 : null,
    },
    opinions: counted(opinions),
    problems: counted(problems),
    rectification: {
      items: whole.items, done, verified, overdue: whole.overdue,
      rectifiedShare: percent(done + verified, whole.items), progress: whole.progress,
      verdicts, satisfaction: whole.verdicts.satisfaction,
    },
  };
}
