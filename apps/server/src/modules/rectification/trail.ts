import type { ProblemTrail, RectificationStatus } from '@massline/shared';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import { canReadProblem, findProblem } from '../problems/index.js';
import { canReadRegulation, regulationsByProblem } from '../regulations/index.js';
import { isItemOverdue } from './presenters.js';
import { itemsByProblem, verdictsOfItems } from './queries.js';
import { summarizeVerdicts } from './verdict-rules.js';

/**
 * The rest of a problem's trail, for its page: the items fixing it with their progress and the
 * residents' verdicts, then the rules made because of it (those the reader may see).
 */
export async function problemTrail(db: Db, actor: Actor, problemId: string, today: string): Promise<ProblemTrail> {
  const problem = await findProblem(db, problemId);
  if (!problem || !canReadProblem(actor, problem)) throw new HttpError('not_found');
  const [items, rules] = await Promise.all([itemsByProblem(db, [problemId]), regulationsByProblem(db, [problemId])]);
  const verdicts = await verdictsOfItems(db, items.map((i) => ({ id: i.id, round: Number(i.round) })));
  return {
    items: items.map((i) => ({
      id: i.id, title: i.title, status: i.status as RectificationStatus, deadline: i.deadline, overdue: isItemOverdue(i, today), progress: Number(i.progress),
      published: i.published === 1, verdicts: summarizeVerdicts(Number(i.round), verdicts.get(i.id), i),
    })),
    regulations: rules
      .filter((r) => canReadRegulation(actor, r.orgPath))
      .map((r) => ({ id: r.regulation.id, title: r.regulation.title, type: r.regulation.type, effectiveDay: r.regulation.effectiveDay, orgName: r.regulation.org.name })),
  };
}
