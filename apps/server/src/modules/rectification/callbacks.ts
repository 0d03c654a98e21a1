import type { CallbackEntry, Satisfied, Solved } from '@massline/shared';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { underAny } from '../../kernel/db.js';
import type { Actor } from '../../kernel/policy.js';
import { canCallBack, rectificationPolicy } from './policy.js';

const LIMIT = 300;

/**
 * 回访 list (as the 12345 hotlines call back): named senders whose opinion was answered, or whose
 * problem has an item done this round, under the orgs the caller may call back for — the office
 * of a level above, or an inspector; never the org whose work is judged. Newest first; with
 * `pending`, only those not yet recorded.
 */
export async function callbackList(db: Db, actor: Actor, query: { orgId?: string; pending?: 'true' | 'false' }): Promise<{ items: CallbackEntry[] }> {
  const scope = [...new Set([...(rectificationPolicy.scope(actor, 'verdict.callback') ?? ['']), ...(rectificationPolicy.scope(actor, 'verdict.inspect') ?? [''])])];
  let under = scope;
  if (query.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    if (!org) return { items: [] };
    under = [org.path];
  }
  // 待回访 is filtered before the limit, so nobody waiting is cut off by those already called.
  const pending = query.pending === 'true';
  const named = (q: ReturnType<typeof base>) => q.where('op.named', '=', 1).where(underAny(sql.ref('o.path'), scope)).where(underAny(sql.ref('o.path'), under));
  const base = () => db.selectFrom('opinions as op').innerJoin('orgs as o', 'o.id', 'op.org_id');
  const [answered, items] = await Promise.all([
    named(base())
      .leftJoin('opinion_verdicts as v', 'v.opinion_id', 'op.id')
      .select(['op.id', 'op.sender_name', 'op.sender_phone', 'op.content', 'op.day', 'op.answered_day', 'o.name as org_name', 'o.path as org_path', 'v.solved', 'v.satisfied', 'v.comment', 'v.day as v_day', 'v.backing'])
      .where('op.status', 'in', ['answered', 'closed'])
      .$if(pending, (q) => q.where('v.opinion_id', 'is', null))
      .orderBy('op.answered_day', 'desc')
      .limit(LIMIT)
      .execute(),
    named(base())
      .innerJoin('problem_sources as s', 's.opinion_id', 'op.id')
      .innerJoin('rectification_problems as rp', 'rp.problem_id', 's.problem_id')
      .innerJoin('rectifications as r', 'r.id', 'rp.rectification_id')
      .innerJoin('orgs as ro', 'ro.id', 'r.owner_org_id')
      .leftJoin('verdicts as v', (j) => j.onRef('v.rectification_id', '=', 'r.id').onRef('v.round', '=', 'r.round').on('v.voter_key', '=', sql<string>`${sql.lit('o:')} || op.id`))
      .select(['op.id', 'op.sender_name', 'op.sender_phone', 'op.content', 'op.day', 'o.name as org_name', 'ro.path as owner_path', 'r.id as item_id', 'r.title', 'r.done_day', 'r.round', 'v.solved', 'v.satisfied', 'v.comment', 'v.day as v_day', 'v.backing'])
      .where('r.status', 'in', ['done', 'verified'])
      .$if(pending, (q) => q.where('v.id', 'is', null))
      .orderBy('r.done_day', 'desc')
      .limit(LIMIT)
      .execute(),
  ]);
  const recorded = (v: { solved: string | null; satisfied: string | null; comment: string | null; v_day: string | null }) =>
    v.solved ? { solved: v.solved as Solved, satisfied: v.satisfied as Satisfied, comment: v.comment ?? '', day: v.v_day ?? '' } : null;
  const sender = (r: { id: string; sender_name: string | null; sender_phone: string | null; content: string; day: string; org_name: string }) =>
    ({ opinionId: r.id, senderName: r.sender_name ?? '反映人', phone: r.sender_phone, orgName: r.org_name, content: r.content.slice(0, 200), day: r.day });
  const out: CallbackEntry[] = [
    ...answered.filter((r) => canCallBack(actor, r.org_path)).map((r) => ({ ...sender(r), subject: { kind: 'opinion' as const, answeredDay: r.answered_day }, recorded: recorded(r) })),
    ...items.filter((r) => canCallBack(actor, r.owner_path)).map((r) => ({ ...sender(r), subject: { kind: 'item' as const, id: r.item_id, title: r.title, doneDay: r.done_day, round: Number(r.round) }, recorded: recorded(r) })),
  ];
  return { items: out };
}
