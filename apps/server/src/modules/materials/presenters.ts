import {
  MaterialSections, type MaterialProblemRef, type MaterialReview, type MaterialReviewAction, type MaterialStatus, type MaterialSummary, type ProblemCategory, type ProblemStatus,
} from '@massline/shared';
import type { MaterialRow, ProblemRefRow } from './queries.js';

/** Allow-list of a material's fields for lists. */
export const presentSummary = (m: MaterialRow): MaterialSummary => ({
  id: m.id,
  campaign: { id: m.campaign_id, title: m.campaign_title },
  org: { id: m.org_id, name: m.org_name },
  author: { id: m.person_id, name: m.person_name },
  title: m.title,
  status: m.status as MaterialStatus,
  version: Number(m.version),
  submittedAt: m.submitted_at,
  approvedAt: m.approved_at,
  updatedAt: m.updated_at,
});

export const presentProblemRef = (p: ProblemRefRow): MaterialProblemRef => ({
  id: p.id, title: p.title, status: p.status as ProblemStatus, category: p.category as ProblemCategory,
});

export const presentReview = (r: { id: string; version: number; action: string; comment: string; created_at: string; by_name: string | null }): MaterialReview => ({
  id: r.id, version: Number(r.version), action: r.action as MaterialReviewAction, comment: r.comment, by: r.by_name ?? '', at: r.created_at,
});

/** Stored sections, read through the contract (fills what an older version left out). */
export const parseSections = (json: string): MaterialSections => MaterialSections.parse(JSON.parse(json));
