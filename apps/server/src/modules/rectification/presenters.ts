import type { Rectification, RectificationStatus, VerdictSummary } from '@massline/shared';
import type { ItemRow, VerdictCounts } from './queries.js';

export const isItemOverdue = (i: { status: string; deadline: string }, today: string) => (i.status === 'planned' || i.status === 'in_progress') && i.deadline < today;

export function summarizeVerdicts(round: number, c: VerdictCounts | undefined): VerdictSummary {
  const fixed = c?.fixed ?? 0;
  const partly = c?.partly ?? 0;
  const notFixed = c?.not_fixed ?? 0;
  const total = fixed + partly + notFixed;
  return { round, fixed, partly, notFixed, total, satisfaction: total ? Math.round((fixed / total) * 1000) / 10 : null };
}

/** Allow-listed fields of an item for staff. */
export function presentItem(r: ItemRow, problems: { id: string; title: string; status: string }[], verdicts: VerdictCounts | undefined, today: string): Rectification {
  return {
    id: r.id,
    title: r.title,
    measures: r.measures,
    commitment: r.commitment,
    ownerOrgId: r.owner_org_id,
    ownerOrgName: r.owner_org_name,
    ownerPerson: r.owner_person_id ? { id: r.owner_person_id, name: r.owner_person_name ?? '' } : null,
    deadline: r.deadline,
    status: r.status as RectificationStatus,
    overdue: isItemOverdue(r, today),
    onTheSpot: r.on_the_spot === 1,
    progress: Number(r.progress),
    weight: Number(r.weight),
    doneDay: r.done_day,
    verifiedDay: r.verified_day,
    published: r.published === 1,
    problems: problems as Rectification['problems'],
    verdicts: summarizeVerdicts(Number(r.round), verdicts),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
