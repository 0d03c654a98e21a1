import type { Rectification, RectificationStatus } from '@massline/shared';
import type { ItemRow, VerdictGroupRow } from './queries.js';
import { summarizeVerdicts } from './verdict-rules.js';

export const isItemOverdue = (i: { status: string; deadline: string }, today: string) => (i.status === 'planned' || i.status === 'in_progress') && i.deadline < today;

/** Allow-listed fields of an item for staff. */
export function presentItem(r: ItemRow, problems: { id: string; title: string; status: string }[], verdicts: VerdictGroupRow[] | undefined, today: string): Rectification {
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
    verdicts: summarizeVerdicts(Number(r.round), verdicts, r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
