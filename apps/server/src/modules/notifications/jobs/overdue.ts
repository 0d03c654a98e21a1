import type { Deps } from '../../../database.js';
import { betweenBatches, daily, type Job } from '../../../kernel/scheduler.js';
import { notify } from '../commands/notify.js';
import { overdueOpinions, overdueRectifications } from '../queries.js';
import { Responsible } from './responsible.js';

const DAY = 86_400_000;
const PAGE = 200;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const excerpt = (text: string, max = 30) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

interface Tally {
  overdue: number;
  escalated: number;
  raised: number;
}

/**
 * What is overdue today, told once: each overdue item (整改事项) and open opinion is told to whoever
 * answers for it, once per deadline (a deadline moved and missed again is told again); once it has
 * been overdue longer than the grace period, to the office above, once. Everything is worked out
 * from today's state and deduplicated by key, so a run that is late, repeated or interrupted
 * leaves the same notifications as one on time.
 */
export async function raiseOverdue(deps: Deps, now: Date, signal?: AbortSignal): Promise<string> {
  const today = daily(now);
  const grace = deps.config.escalationGraceDays;
  const who = await Responsible.load(deps.db);
  const items: Tally = { overdue: 0, escalated: 0, raised: 0 };
  const opinions: Tally = { overdue: 0, escalated: 0, raised: 0 };

  for (let after: string | null = null; ;) {
    await betweenBatches(signal);
    const page = await overdueRectifications(deps.db, today, after, PAGE);
    if (page.length === 0) break;
    await deps.db.transaction().execute(async (trx) => {
      for (const r of page) {
        const late = daysBetween(r.deadline, today);
        const office = who.escalation(r.org_path);
        // The owner; else the org's secretaries; with nobody there, the office is told at once.
        const owners = r.owner_person_id ? [r.owner_person_id] : who.nearest('secretary', r.org_path);
        items.overdue++;
        items.raised += await notify(trx, {
          personIds: owners.length ? owners : office,
          kind: 'rectification.overdue',
          title: `整改事项已逾期：${r.title}`,
          body: `完成时限 ${r.deadline}，已逾期 ${late} 天。请尽快推进整改并更新进展。`,
          link: `/rectification/${r.id}`,
          dedupeKey: `rectification.overdue:${r.id}:${r.deadline}`,
          at: now,
        });
        if (late > grace) {
          items.escalated++;
          items.raised += await notify(trx, {
            personIds: office,
            kind: 'rectification.escalation',
            title: `整改逾期督办：${r.title}`,
            body: `${r.org_name}的整改事项逾期 ${late} 天（完成时限 ${r.deadline}），已超过 ${grace} 天宽限期，请督促办理。`,
            link: `/rectification/${r.id}`,
            dedupeKey: `rectification.escalation:${r.id}`,
            at: now,
          });
        }
      }
    });
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }

  for (let after: string | null = null; ;) {
    await betweenBatches(signal);
    const page = await overdueOpinions(deps.db, today, after, PAGE);
    if (page.length === 0) break;
    await deps.db.transaction().execute(async (trx) => {
      for (const o of page) {
        const late = daysBetween(o.due_day, today);
        const office = who.escalation(o.org_path);
        const owners = o.assignee_person_id ? [o.assignee_person_id] : who.nearest('secretary', o.org_path);
        opinions.overdue++;
        opinions.raised += await notify(trx, {
          personIds: owners.length ? owners : office,
          kind: 'opinion.overdue',
          title: `意见逾期未答复：${excerpt(o.content)}`,
          body: `答复时限 ${o.due_day}，已逾期 ${late} 天。请尽快答复群众。`,
          link: `/opinions/${o.id}`,
          dedupeKey: `opinion.overdue:${o.id}:${o.due_day}`,
          at: now,
        });
        if (late > grace) {
          opinions.escalated++;
          opinions.raised += await notify(trx, {
            personIds: office,
            kind: 'opinion.escalation',
            title: `意见逾期督办：${excerpt(o.content)}`,
            body: `${o.org_name}的群众意见逾期 ${late} 天未答复（答复时限 ${o.due_day}），已超过 ${grace} 天宽限期，请督促办理。`,
            link: `/opinions/${o.id}`,
            dedupeKey: `opinion.escalation:${o.id}`,
            at: now,
          });
        }
      }
    });
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }

  return `rectifications: ${items.overdue} overdue, ${items.escalated} past grace; opinions: ${opinions.overdue} overdue, ${opinions.escalated} past grace; new notifications: ${items.raised + opinions.raised}`;
}

/** Daily: reminders for what is overdue, escalation past the grace period. */
export const overdueJob = (deps: Deps): Job => ({
  name: 'overdue',
  runKey: daily,
  run: ({ now, signal }) => raiseOverdue(deps, now, signal),
});
