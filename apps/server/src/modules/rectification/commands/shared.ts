import type { MilestoneInput } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { moveProblemStatus } from '../../problems/index.js';
import { nextSeq } from '../queries.js';
import { todayOf } from '../../../kernel/clock.js';

export type Trx = Transaction<Database>;

export { todayOf };

/** Milestone weights add up to 100 and none is due after the deadline. */
export function checkMilestones(milestones: MilestoneInput[], deadline: string): Outcome<null> {
  if (milestones.length === 0) return ok(null);
  const sum = milestones.reduce((n, m) => n + m.weight, 0);
  if (sum !== 100) return refuse('rect_milestone_weights', { sum });
  const late = milestones.find((m) => m.dueDay > deadline);
  if (late) return refuse('rect_milestone_after_deadline', { title: late.title });
  return ok(null);
}

/**
 * Percent complete: the weights of the milestones reached; 100 once done. An item that was done
 * and came back (sent back by residents' verdicts or by staff) is not done: whatever its
 * milestones say, it shows at most 90 % until it is marked done again.
 */
export const REOPENED_PROGRESS_CAP = 90;
export function progressOf(status: string, milestones: { weight: number; done_day: string | null }[], round = 0): number {
  if (status === 'done' || status === 'verified') return 100;
  const reached = milestones.filter((m) => m.done_day).reduce((n, m) => n + Number(m.weight), 0);
  return round > 0 ? Math.min(reached, REOPENED_PROGRESS_CAP) : reached;
}

export interface TimelineEntry {
  kind: 'created' | 'progress' | 'status' | 'milestone' | 'reopened' | 'published' | 'edited';
  body: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  milestoneId?: string | null;
  public: boolean;
}

/** Append to an item's history; the actor's name is kept as written then. */
export async function appendTimeline(trx: Trx, deps: Deps, actor: Actor | null, itemId: string, e: TimelineEntry): Promise<string> {
  const id = newId();
  await trx.insertInto('rectification_updates').values({
    id, rectification_id: itemId, seq: await nextSeq(trx, itemId), kind: e.kind, body: e.body, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null,
    milestone_id: e.milestoneId ?? null, public: e.public ? 1 : 0, account_id: actor?.accountId ?? null, author_name: actor?.name ?? null, at: deps.clock.now().toISOString(),
  }).execute();
  return id;
}

/**
 * Each problem's status follows its items: being fixed (整改中) while any is not verified, fixed
 * (已整改) once all are.
 */
export async function syncProblems(trx: Trx, deps: Deps, actor: Actor | null, problemIds: string[], why: string): Promise<void> {
  for (const problemId of problemIds) {
    const items = await trx
      .selectFrom('rectification_problems as rp')
      .innerJoin('rectifications as r', 'r.id', 'rp.rectification_id')
      .select('r.status')
      .where('rp.problem_id', '=', problemId)
      .execute();
    if (items.length === 0) continue;
    await moveProblemStatus(trx, deps, actor, problemId, items.every((i) => i.status === 'verified') ? 'resolved' : 'rectifying', why);
  }
}

export const problemIdsOf = async (trx: Trx, itemId: string) =>
  (await trx.selectFrom('rectification_problems').select('problem_id').where('rectification_id', '=', itemId).execute()).map((r) => r.problem_id);
