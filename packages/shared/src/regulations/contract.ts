import { z } from 'zod';
import { Id, Day, text } from '../common.js';
import { ProblemStatus } from '../problems/contract.js';

/**
 * The register of new rules (建章立制): rules an organisation wrote or revised because of problems,
 * so that what was fixed stays fixed. Each names the problems it answers; its document (PDF or
 * Word) is kept with it.
 */

export const regulationTypes = ['new', 'revised'] as const;
export const RegulationType = z.enum(regulationTypes);
export type RegulationType = z.infer<typeof RegulationType>;

export const REGULATION_TITLE_MAX = 200;
export const REGULATION_SUMMARY_MAX = 5000;
/** Problems linked in one request. */
export const REGULATION_PROBLEMS_MAX = 50;
/** The document: PDF or Word (.docx), recognised by its content. */
export const MAX_REGULATION_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const regulationDocumentTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;

const Title = text().min(1).max(REGULATION_TITLE_MAX);
const Summary = text().max(REGULATION_SUMMARY_MAX);
const ProblemIds = z.array(Id).max(REGULATION_PROBLEMS_MAX);

// ---------------------------------------------------------------- input

export const RegulationCreateBody = z.strictObject({
  title: Title,
  orgId: Id,
  type: RegulationType,
  /** 施行日期 (YYYY-MM-DD). */
  effectiveDay: Day,
  summary: Summary.default(''),
  /** The problems it answers; each must be one the caller may read. */
  problemIds: ProblemIds.default([]),
});
export type RegulationCreateBody = z.infer<typeof RegulationCreateBody>;

export const RegulationUpdateBody = z.strictObject({
  title: Title.optional(),
  orgId: Id.optional(),
  type: RegulationType.optional(),
  effectiveDay: Day.optional(),
  summary: Summary.optional(),
});
export type RegulationUpdateBody = z.infer<typeof RegulationUpdateBody>;

export const RegulationLinkBody = z.strictObject({ problemIds: ProblemIds.min(1) });
export type RegulationLinkBody = z.infer<typeof RegulationLinkBody>;

export const RegulationProblemParams = z.strictObject({ id: Id, problemId: Id });

/** The file is the request body; its name travels in the query. */
export const RegulationDocumentQuery = z.strictObject({ name: text().min(1).max(200).optional() });

export const RegulationListQuery = z.strictObject({
  /** The org and its subtree. */
  orgId: Id.optional(),
  type: RegulationType.optional(),
  /** In force from this day on or after / on or before (施行日期). */
  from: Day.optional(),
  to: Day.optional(),
  /** Keyword in the title or the summary (Chinese substring). */
  q: text().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type RegulationListQuery = z.infer<typeof RegulationListQuery>;
export const RegulationExportQuery = RegulationListQuery.omit({ cursor: true, limit: true });
export type RegulationExportQuery = z.infer<typeof RegulationExportQuery>;

// ---------------------------------------------------------------- output

const Named = z.object({ id: Id, name: z.string() });
export const RegulationDocument = z.object({ name: z.string(), mime: z.string(), size: z.number().int() });

export const Regulation = z.object({
  id: Id,
  title: z.string(),
  org: Named,
  type: RegulationType,
  effectiveDay: z.string(),
  summary: z.string(),
  document: RegulationDocument.nullable(),
  /** Problems linked (including any out of the caller's sight). */
  problemCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the caller may do with it: regulation.manage. */
  abilities: z.array(z.string()),
});
export type Regulation = z.infer<typeof Regulation>;

export const RegulationProblem = z.object({ id: Id, title: z.string(), status: ProblemStatus, ownerOrg: Named });
export type RegulationProblem = z.infer<typeof RegulationProblem>;

export const RegulationDetail = Regulation.extend({
  /** The linked problems the caller may read, oldest link first. */
  problems: z.array(RegulationProblem),
  /** Linked problems out of the caller's sight (counted, never shown). */
  hiddenProblems: z.number().int(),
});
export type RegulationDetail = z.infer<typeof RegulationDetail>;

export const RegulationPage = z.object({ items: z.array(Regulation), nextCursor: z.string().nullable() });
export type RegulationPage = z.infer<typeof RegulationPage>;

/** A rule as the end of a problem's trail (sources → problem → rectification → verdicts → rules). */
export const RegulationRef = z.object({
  id: Id,
  title: z.string(),
  type: RegulationType,
  effectiveDay: z.string(),
  org: Named,
  hasDocument: z.boolean(),
});
export type RegulationRef = z.infer<typeof RegulationRef>;

// ---------------------------------------------------------------- labels (zh-CN)

export const regulationTypeLabels: Record<RegulationType, string> = { new: '新建', revised: '修订' };
