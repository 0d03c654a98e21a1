import { z } from 'zod';
import { Id, text } from '../common.js';
import { ProblemCategory, ProblemStatus } from '../problems/contract.js';

/**
 * Check-comparison materials (对照检查材料): one per cadre per campaign, written in sections (the
 * problems found under each of the four winds, their causes, the direction and measures of
 * rectification), reviewed by the secretary or office of the author's org or above, every
 * submitted version kept.
 */

/** The four winds (四风), in the order a material takes them. */
export const winds = ['formalism', 'bureaucratism', 'hedonism', 'extravagance'] as const;
export type Wind = (typeof winds)[number];
export const windLabels: Record<Wind, string> = { formalism: '形式主义', bureaucratism: '官僚主义', hedonism: '享乐主义', extravagance: '奢靡之风' };

/**
 * draft → submitted → returned (with comments) → revised (the author edits again) → submitted …
 * → approved. `revised` is a returned material whose new version is not yet submitted.
 */
export const materialStatuses = ['draft', 'submitted', 'returned', 'revised', 'approved'] as const;
export const MaterialStatus = z.enum(materialStatuses);
export type MaterialStatus = z.infer<typeof MaterialStatus>;
export const materialStatusLabels: Record<MaterialStatus, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', revised: '修改中', approved: '已通过' };

export const materialReviewActions = ['submitted', 'returned', 'approved', 'comment'] as const;
export type MaterialReviewAction = (typeof materialReviewActions)[number];

// Limits: an item is a paragraph or two; a whole material stays within 60,000 characters
// (a 20-page material is about 12,000), so a body is always far below the 1 MB request limit.
export const MATERIAL_LIMITS = { itemText: 2000, heading: 60, intro: 5000, itemsPerWind: 30, causes: 20, measures: 30, problemLinks: 10, total: 60_000 } as const;

/** A stable key, made by the editor when the item is added and kept across versions (diffs and problem links use it). */
const ItemKey = z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/);
const ItemText = text().min(1).max(MATERIAL_LIMITS.itemText);

/** A stated problem, with the registry problems it owns up to. */
export const ProblemItem = z.strictObject({
  key: ItemKey,
  text: ItemText,
  problemIds: z.array(Id).max(MATERIAL_LIMITS.problemLinks).default([]),
});
export type ProblemItem = z.infer<typeof ProblemItem>;

/** A paragraph of causes or of measures, optionally under a heading (e.g. 思想根源, 宗旨意识). */
export const TextItem = z.strictObject({
  key: ItemKey,
  heading: text().max(MATERIAL_LIMITS.heading).default(''),
  text: ItemText,
});
export type TextItem = z.infer<typeof TextItem>;

const windList = z.array(ProblemItem).max(MATERIAL_LIMITS.itemsPerWind).default([]);

export const MaterialSections = z.strictObject({
  /** 引言: the opening paragraph (how the author studied, listened and checked). */
  intro: text().max(MATERIAL_LIMITS.intro).default(''),
  /** 存在的问题, under each of the four winds. */
  problems: z.strictObject({ formalism: windList, bureaucratism: windList, hedonism: windList, extravagance: windList }).default({ formalism: [], bureaucratism: [], hedonism: [], extravagance: [] }),
  /** 产生问题的原因. */
  causes: z.array(TextItem).max(MATERIAL_LIMITS.causes).default([]),
  /** 努力方向和整改措施. */
  measures: z.array(TextItem).max(MATERIAL_LIMITS.measures).default([]),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  let total = s.intro.length;
  const visit = (path: (string | number)[], item: { key: string; text: string; heading?: string }) => {
    if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate key ${item.key}` });
    seen.add(item.key);
    total += item.text.length + (item.heading?.length ?? 0);
  };
  for (const w of winds) s.problems[w].forEach((item, i) => visit(['problems', w, i], item));
  s.causes.forEach((item, i) => visit(['causes', i], item));
  s.measures.forEach((item, i) => visit(['measures', i], item));
  if (total > MATERIAL_LIMITS.total) ctx.addIssue({ code: 'custom', path: [], message: `over ${MATERIAL_LIMITS.total} characters` });
});
export type MaterialSections = z.infer<typeof MaterialSections>;
export type MaterialSectionsInput = z.input<typeof MaterialSections>;

export const emptySections = (): MaterialSections => ({ intro: '', problems: { formalism: [], bureaucratism: [], hedonism: [], extravagance: [] }, causes: [], measures: [] });

const Title = text().min(1).max(200);
const Comment = text().min(1).max(2000);

export const MaterialCreateBody = z.strictObject({
  campaignId: Id,
  /** The org the author writes as: one of their orgs within the campaign's subtree (needed only when they have several). */
  orgId: Id.optional(),
  title: Title.optional(),
});
export type MaterialCreateBody = z.infer<typeof MaterialCreateBody>;

/** The author's save: the whole text each time. */
export const MaterialSaveBody = z.strictObject({
  title: Title.optional(),
  sections: MaterialSections,
});
export type MaterialSaveBody = z.infer<typeof MaterialSaveBody>;
export type MaterialSaveInput = z.input<typeof MaterialSaveBody>;

export const MaterialSubmitBody = z.strictObject({ comment: text().max(2000).default('') });
export const MaterialReturnBody = z.strictObject({ comment: Comment });
export const MaterialApproveBody = z.strictObject({ comment: text().max(2000).default('') });
export const MaterialCommentBody = z.strictObject({ comment: Comment });

export const MaterialListQuery = z.strictObject({
  campaignId: Id.optional(),
  /** An org's subtree within the reader's reach. */
  orgId: Id.optional(),
  status: MaterialStatus.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MaterialListQuery = z.infer<typeof MaterialListQuery>;

export const MaterialVersionParams = z.strictObject({ id: Id, version: z.coerce.number().int().min(1) });
export const MaterialCompareQuery = z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const MaterialExportQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const materialAbilities = ['edit', 'submit', 'review', 'comment', 'export'] as const;
export type MaterialAbility = (typeof materialAbilities)[number];

const Person = z.object({ id: Id, name: z.string() });
const Org = z.object({ id: Id, name: z.string() });

export const MaterialSummary = z.object({
  id: Id,
  campaign: z.object({ id: Id, title: z.string() }),
  org: Org,
  author: Person,
  title: z.string(),
  status: MaterialStatus,
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type MaterialSummary = z.infer<typeof MaterialSummary>;
export const MaterialPage = z.object({ items: z.array(MaterialSummary), nextCursor: z.string().nullable() });
export type MaterialPage = z.infer<typeof MaterialPage>;

export const MaterialReview = z.object({
  id: Id,
  version: z.number().int(),
  action: z.enum(materialReviewActions),
  comment: z.string(),
  by: z.string(),
  at: z.string(),
});
export type MaterialReview = z.infer<typeof MaterialReview>;

export const MaterialVersionInfo = z.object({ version: z.number().int(), createdAt: z.string(), by: z.string(), submitted: z.boolean() });
export type MaterialVersionInfo = z.infer<typeof MaterialVersionInfo>;

/** A registry problem as a material shows it. */
export const MaterialProblemRef = z.object({ id: Id, title: z.string(), status: ProblemStatus, category: ProblemCategory });
export type MaterialProblemRef = z.infer<typeof MaterialProblemRef>;

export const MaterialDetail = MaterialSummary.extend({
  sections: MaterialSections,
  /** The linked problems the reader may see, by id (a link out of their sight shows as its id only). */
  problems: z.record(z.string(), MaterialProblemRef),
  /** Problems assigned to the author (owner person) in the campaign's subtree that no stated problem addresses. */
  warnings: z.array(MaterialProblemRef),
  reviews: z.array(MaterialReview),
  versions: z.array(MaterialVersionInfo),
  /** Whether the campaign's phase of today opens materials (writing and submitting). */
  phaseOpen: z.boolean(),
  phaseTitle: z.string().nullable(),
  abilities: z.array(z.enum(materialAbilities)),
});
export type MaterialDetail = z.infer<typeof MaterialDetail>;

export const MaterialVersion = z.object({ version: z.number().int(), createdAt: z.string(), by: z.string(), sections: MaterialSections });
export type MaterialVersion = z.infer<typeof MaterialVersion>;
/** Two versions side by side; the web page diffs them. */
export const MaterialCompare = z.object({ from: MaterialVersion, to: MaterialVersion });
export type MaterialCompare = z.infer<typeof MaterialCompare>;

/** My campaigns: for each campaign covering one of my orgs, my material (if any) and where I may write from. */
export const MyMaterials = z.object({
  items: z.array(z.object({
    campaign: z.object({ id: Id, title: z.string(), orgName: z.string(), state: z.enum(['upcoming', 'running', 'ended']), phaseTitle: z.string().nullable(), phaseOpen: z.boolean() }),
    orgs: z.array(Org),
    material: MaterialSummary.nullable(),
  })),
  canWrite: z.boolean(),
});
export type MyMaterials = z.infer<typeof MyMaterials>;

/** The sections as plain lines, in reading order, for diffs and exports: [label, text]. */
export function sectionLines(s: MaterialSections): { key: string; label: string; text: string }[] {
  const out: { key: string; label: string; text: string }[] = [];
  if (s.intro) out.push({ key: 'intro', label: '引言', text: s.intro });
  for (const w of winds) s.problems[w].forEach((item, i) => out.push({ key: item.key, label: `${windLabels[w]}方面 ${i + 1}`, text: item.text }));
  s.causes.forEach((item, i) => out.push({ key: item.key, label: `产生问题的原因 ${i + 1}${item.heading ? `：${item.heading}` : ''}`, text: item.text }));
  s.measures.forEach((item, i) => out.push({ key: item.key, label: `努力方向和整改措施 ${i + 1}${item.heading ? `：${item.heading}` : ''}`, text: item.text }));
  return out;
}
