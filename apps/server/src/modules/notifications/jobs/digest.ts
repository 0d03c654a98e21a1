import type { Deps } from '../../../database.js';
import { campaignHour } from '../../../kernel/clock.js';
import { betweenBatches, daily, type Job } from '../../../kernel/scheduler.js';
import { notify } from '../commands/notify.js';
import { unreadByPersonAndKind } from '../queries.js';

const PAGE = 200;
const kindNames: Record<string, string> = {
  'rectification.overdue': '整改事项逾期',
  'rectification.escalation': '整改逾期督办',
  'opinion.overdue': '意见逾期未答复',
  'opinion.escalation': '意见逾期督办',
};

/**
 * The day's digest (今日待办): one notification per person who has unread ones, once a day. A
 * digest speaks for its day only: the ones of earlier days still unread are marked read.
 */
export async function sendDigests(deps: Deps, now: Date, signal?: AbortSignal): Promise<string> {
  const day = daily(now);
  const dedupeKey = `digest:${day}`;
  const at = now.toISOString();
  const stale = await deps.db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('kind', '=', 'digest')
    .where('read_at', 'is', null)
    .where('dedupe_key', '<>', dedupeKey)
    .executeTakeFirst();

  const byPerson = new Map<string, Map<string, number>>();
  for (const r of await unreadByPersonAndKind(deps.db)) {
    if (!byPerson.has(r.person_id)) byPerson.set(r.person_id, new Map());
    byPerson.get(r.person_id)!.set(r.kind, Number(r.n));
  }
  const people = [...byPerson.entries()];
  let sent = 0;
  for (let i = 0; i < people.length; i += PAGE) {
    await betweenBatches(signal);
    await deps.db.transaction().execute(async (trx) => {
      for (const [personId, kinds] of people.slice(i, i + PAGE)) {
        const total = [...kinds.values()].reduce((a, b) => a + b, 0);
        const named = [...kinds.entries()].filter(([k]) => kindNames[k]).map(([k, n]) => `${kindNames[k]} ${n} 条`);
        const others = [...kinds.entries()].filter(([k]) => !kindNames[k]).reduce((a, [, n]) => a + n, 0);
        if (others) named.push(`其他提醒 ${others} 条`);
        sent += await notify(trx, {
          personIds: [personId],
          kind: 'digest',
          title: `今日待办：${total} 条未读提醒`,
          body: `其中${named.join('、')}。请到“消息提醒”逐条查看并处理。`,
          link: '/notifications?unread=true',
          dedupeKey,
          at: now,
        });
      }
    });
  }
  return `digests: ${sent} sent to ${people.length} people with unread notifications; ${Number(stale.numUpdatedRows)} earlier digests closed`;
}

/** Daily from the digest hour (08:00 by default) in the campaign's time, after the overdue job of the same day (so the digest counts what it raised). */
export const digestJob = (deps: Deps): Job => ({
  name: 'digest',
  runKey: (now) => (campaignHour(now) >= deps.config.digestHour ? daily(now) : null),
  after: ['overdue'],
  run: ({ now, signal }) => sendDigests(deps, now, signal),
});
