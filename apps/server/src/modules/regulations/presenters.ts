import type { ProblemStatus, Regulation, RegulationProblem, RegulationRef, RegulationType } from '@massline/shared';
import type { Actor } from '../../kernel/policy.js';
import { regulationAbilities } from './policy.js';
import type { LinkedProblemRow, RegulationRow } from './queries.js';

/** Allow-list of a rule's fields. */
export function presentRegulation(actor: Actor, r: RegulationRow): Regulation {
  return {
    id: r.id,
    title: r.title,
    org: { id: r.org_id, name: r.org_name },
    type: r.type as RegulationType,
    effectiveDay: r.effective_day,
    summary: r.summary,
    document: r.doc_name !== null && r.doc_mime !== null && r.doc_size !== null ? { name: r.doc_name, mime: r.doc_mime, size: Number(r.doc_size) } : null,
    problemCount: Number(r.problem_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: regulationAbilities(actor, r.org_path),
  };
}

export const presentLinkedProblem = (p: LinkedProblemRow): RegulationProblem => ({
  id: p.id, title: p.title, status: p.status as ProblemStatus, ownerOrg: { id: p.owner_org_id, name: p.owner_org_name },
});

export const presentRef = (r: { id: string; title: string; type: string; effectiveDay: string; orgId: string; orgName: string; hasDocument: number | boolean }): RegulationRef => ({
  id: r.id, title: r.title, type: r.type as RegulationType, effectiveDay: r.effectiveDay, org: { id: r.orgId, name: r.orgName }, hasDocument: Boolean(Number(r.hasDocument)),
});
