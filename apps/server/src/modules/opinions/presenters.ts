import type { Opinion } from '@massline/shared';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { opinionsPolicy } from './policy.js';
import type { OpinionRow } from './queries.js';

export const isOverdue = (o: { status: string; due_day: string }, today: string) => (o.status === 'received' || o.status === 'assigned') && o.due_day < today;

/** Allow-listed: a named sender's details only for those allowed to see them; nothing else of the sender exists. */
export function presentOpinion(o: OpinionRow, actor: Actor, today: string): Opinion {
  const showSender = o.named === 1 && opinionsPolicy.can(actor, 'opinion.sender', atOrg(o.org_path));
  return {
    id: o.id,
    orgId: o.org_id,
    orgName: o.org_name,
    person: o.person_id ? { id: o.person_id, name: o.person_name ?? '' } : null,
    channel: o.channel as Opinion['channel'],
    category: o.category as Opinion['category'],
    content: o.content,
    place: o.place,
    day: o.day,
    named: o.named === 1,
    sender: showSender ? { name: o.sender_name ?? '', phone: o.sender_phone, village: o.sender_village } : null,
    status: o.status as Opinion['status'],
    handling: o.handling as Opinion['handling'],
    assignee: { orgId: o.assignee_org_id, orgName: o.assignee_org_name, personId: o.assignee_person_id, personName: o.assignee_person_name },
    dueDay: o.due_day,
    overdue: isOverdue(o, today),
    answeredDay: o.answered_day,
    mergedInto: o.merged_into,
    published: o.published === 1,
    hasReceipt: o.receipt_hash !== null,
  };
}
