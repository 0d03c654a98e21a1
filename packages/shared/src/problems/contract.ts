import { z } from 'zod';
import { Id, Day, text } from '../common.js';
import { FormKind, type Question } from '../forms/definition.js';
import { opinionCategories, OpinionChannel, OpinionStatus } from '../opinions/contract.js';

/**
 * The problem registry (问题清单): what the campaign must fix, each problem traced to its sources
 * (opinions, questionnaire answers, self- and mutual-inspection findings, inspectors' findings,
 * criticism entries), and the catalogue of rules (制度规定) a problem may break.
 */

/** The same categories as opinions: the four winds, service to the people, livelihood, other. */
export const problemCategories = opinionCategories;
export const ProblemCategory = z.enum(problemCategories);
export type ProblemCategory = z.infer<typeof ProblemCategory>;

export const problemSeverities = ['minor', 'moderate', 'serious'] as const;
export const ProblemSeverity = z.enum(problemSeverities);
export type ProblemSeverity = z.infer<typeof ProblemSeverity>;

/** Rectification items (整改事项) will refine `rectifying`; here a problem is open, being fixed, or fixed. */
export const problemStatuses = ['open', 'rectifying', 'resolved'] as const;
export const ProblemStatus = z.enum(problemStatuses);
export type ProblemStatus = z.infer<typeof ProblemStatus>;

export const problemSourceTypes = ['opinion', 'response_text', 'response_rating', 'self_check', 'mutual_check', 'inspector', 'criticism'] as const;
export const ProblemSourceType = z.enum(problemSourceTypes);
export type ProblemSourceType = z.infer<typeof ProblemSourceType>;
/** Source types that point at a questionnaire answer. */
export const answerSourceTypes = ['response_text', 'response_rating', 'self_check', 'mutual_check'] as const;

/** Grades of a choice or matrix scale that count as a low mark, by their label. */
export const lowGradeLabels = ['不满意', '差', '比较突出'] as const;
export const isLowGrade = (label: string | undefined) => label !== undefined && (lowGradeLabels as readonly string[]).includes(label);
/**
 * The highest rating that is a low mark: the lower half of the scale, so 2 of 1–5 (as before),
 * 4 of 0–10, 5 of 1–10. Whatever the office lists as low on the results page can be raised.
 */
export const lowRatingMax = (q: { min: number; max: number }) => Math.ceil((q.min + q.max) / 2) - 1;
/**
 * The low marks of a question, as stored values with their labels: a rating's lower half, the
 * options of a choice or the grades of a matrix scale labelled 不满意 / 差 / 比较突出. Empty for a
 * question that has none (a text, a date, a choice without such grades).
 */
export function lowMarksOf(q: Question): { value: string; label: string }[] {
  if (q.type === 'rating') {
    const out: { value: string; label: string }[] = [];
    for (let v = q.min; v <= lowRatingMax(q); v++) out.push({ value: String(v), label: String(v) });
    return out;
  }
  if (q.type === 'single') return q.options.filter((o) => isLowGrade(o.label)).map((o) => ({ value: o.value, label: o.label }));
  if (q.type === 'matrix') return q.scale.filter((s) => isLowGrade(s.label)).map((s) => ({ value: s.value, label: s.label }));
  return [];
}

export const PROBLEM_TITLE_MAX = 200;
const Title = text().min(1).max(PROBLEM_TITLE_MAX);
const Description = text().max(5000);
const Note = text().min(1).max(2000);
const QuestionKeyRef = z.string().min(1).max(64);
/** A matrix row's value (only for matrix questions). */
const RowRef = z.string().min(1).max(64);

// ---------------------------------------------------------------- rules

export const Rule = z.object({
  id: Id,
  parentId: Id.nullable(),
  code: z.string(),
  title: z.string(),
  body: z.string(),
  sortOrder: z.number().int(),
  archived: z.boolean(),
});
export type Rule = z.infer<typeof Rule>;
/** Parents first, each followed by its clauses, in catalogue order. */
export const RuleList = z.object({ items: z.array(Rule) });
export const RuleListQuery = z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() });
const RuleCode = text().max(64).regex(/^[^\s]*$/);
export const RuleCreateBody = z.strictObject({
  parentId: Id.nullable().default(null),
  code: RuleCode.default(''),
  title: text().min(1).max(200),
  body: text().max(10_000).default(''),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type RuleCreateBody = z.infer<typeof RuleCreateBody>;
/** Rules are archived, never deleted: problems keep pointing at what they broke. */
export const RuleUpdateBody = z.strictObject({
  code: RuleCode.optional(),
  title: text().min(1).max(200).optional(),
  body: text().max(10_000).optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  archived: z.boolean().optional(),
});
export type RuleUpdateBody = z.infer<typeof RuleUpdateBody>;

// ---------------------------------------------------------------- sources (input)

const AnswerRef = { formId: Id, responseId: Id, question: QuestionKeyRef, row: RowRef.optional() };
export const SourceInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('opinion'), opinionId: Id }),
  /** Any answer type: the server decides from the form and the question which one it is. */
  z.strictObject({ type: z.enum(answerSourceTypes), ...AnswerRef }),
  z.strictObject({ type: z.literal('inspector'), note: Note }),
  z.strictObject({ type: z.literal('criticism'), note: Note }),
]);
export type SourceInput = z.infer<typeof SourceInput>;
const Sources = z.array(SourceInput).min(1).max(100);

// ---------------------------------------------------------------- problems (input)

export const ProblemCreateBody = z.strictObject({
  title: Title,
  description: Description.default(''),
  category: ProblemCategory,
  ruleId: Id.nullable().default(null),
  ownerOrgId: Id,
  ownerPersonId: Id.nullable().default(null),
  severity: ProblemSeverity.default('moderate'),
  sources: Sources,
});
export type ProblemCreateBody = z.infer<typeof ProblemCreateBody>;

export const ProblemUpdateBody = z.strictObject({
  title: Title.optional(),
  description: Description.optional(),
  category: ProblemCategory.optional(),
  ruleId: Id.nullable().optional(),
  ownerOrgId: Id.optional(),
  ownerPersonId: Id.nullable().optional(),
  severity: ProblemSeverity.optional(),
});
export type ProblemUpdateBody = z.infer<typeof ProblemUpdateBody>;

export const ProblemSourcesBody = z.strictObject({ sources: Sources });
export type ProblemSourcesBody = z.infer<typeof ProblemSourcesBody>;

export const ProblemStatusBody = z.strictObject({ status: ProblemStatus, note: text().max(2000).optional() });
export type ProblemStatusBody = z.infer<typeof ProblemStatusBody>;

/** Raise a problem from one answer in one click: everything else is filled in from the answer. */
export const ProblemFromAnswerBody = z.strictObject({
  ...AnswerRef,
  ownerOrgId: Id.optional(),
  ownerPersonId: Id.nullable().optional(),
  title: Title.optional(),
  category: ProblemCategory.optional(),
  severity: ProblemSeverity.optional(),
  ruleId: Id.nullable().optional(),
});
export type ProblemFromAnswerBody = z.infer<typeof ProblemFromAnswerBody>;

// ---------------------------------------------------------------- problems (output)

const Named = z.object({ id: Id, name: z.string() });
export const Problem = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  category: ProblemCategory,
  severity: ProblemSeverity,
  status: ProblemStatus,
  rule: z.object({ id: Id, code: z.string(), title: z.string(), parentTitle: z.string().nullable() }).nullable(),
  ownerOrg: Named,
  ownerPerson: Named.nullable(),
  sourceCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the caller may do with this problem: problem.manage. */
  abilities: z.array(z.string()),
});
export type Problem = z.infer<typeof Problem>;

/** Where a problem came from, with what the source points at (null where it points at nothing of that kind). */
export const ProblemSource = z.object({
  id: Id,
  type: ProblemSourceType,
  createdAt: z.string(),
  /** What was kept when the source was linked: the note of an inspector or a criticism, an excerpt otherwise. */
  excerpt: z.string(),
  opinion: z.object({
    id: Id,
    channel: OpinionChannel,
    category: ProblemCategory,
    day: z.string(),
    content: z.string(),
    status: OpinionStatus,
    orgName: z.string(),
  }).nullable(),
  answer: z.object({
    formId: Id,
    formTitle: z.string(),
    formKind: FormKind,
    anonymous: z.boolean(),
    responseId: Id,
    question: z.string(),
    questionLabel: z.string(),
    row: z.string().nullable(),
    rowLabel: z.string().nullable(),
    /** The text, the rating or the grade's label, as answered now; null if the response is gone. */
    value: z.string().nullable(),
    /** Self- and mutual inspection: whom the answers are about. */
    subject: Named.nullable(),
  }).nullable(),
});
export type ProblemSource = z.infer<typeof ProblemSource>;

export const ProblemDetail = Problem.extend({ sources: z.array(ProblemSource) });
export type ProblemDetail = z.infer<typeof ProblemDetail>;

// ---------------------------------------------------------------- low marks on a form's results page

/** The answers to one rating, choice or matrix question that are low marks, to raise them as problems. */
export const LowAnswersQuery = z.strictObject({
  formId: Id,
  question: QuestionKeyRef,
  /** Matrix questions: only this row (a cadre, one of the four winds); every row otherwise. */
  row: RowRef.optional(),
  /** Ratings: at or below this mark, within the lower half of the scale (the whole lower half by default). */
  max: z.coerce.number().int().min(0).max(10).optional(),
  /** As on the results page: only the responses from this org, or about this person. */
  orgId: Id.optional(),
  subjectId: Id.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type LowAnswersQuery = z.infer<typeof LowAnswersQuery>;
export const LowAnswer = z.object({
  responseId: Id,
  day: z.string(),
  /** Where the response came from (a village or unit), never who gave it. */
  org: Named.nullable(),
  /** Self- and mutual inspection: whom the answers are about. */
  subject: Named.nullable(),
  /** The low marks of this response: one, or one per matrix row graded low. */
  marks: z.array(z.object({
    row: z.string().nullable(),
    rowLabel: z.string().nullable(),
    value: z.string(),
    label: z.string(),
    /** Already a source of a problem; its id if the caller may read that problem. */
    raised: z.boolean(),
    problemId: Id.nullable(),
  })),
  /** What the same response wrote in its text answers, in the order of the form. */
  comments: z.array(z.object({ question: z.string(), label: z.string(), text: z.string() })),
});
export type LowAnswer = z.infer<typeof LowAnswer>;
export const LowAnswerPage = z.object({
  /** Responses with a low mark in view (0 when hidden). */
  total: z.number().int(),
  items: z.array(LowAnswer),
  nextCursor: z.string().nullable(),
  /** Outside the office, nothing shows while fewer than 5 responses are in view. */
  hidden: z.boolean(),
  /** Only the responses from the reader's own units (a form of an org above them). */
  partial: z.boolean(),
});
export type LowAnswerPage = z.infer<typeof LowAnswerPage>;

export const ProblemListQuery = z.strictObject({
  /** The org and its subtree. */
  orgId: Id.optional(),
  category: ProblemCategory.optional(),
  status: ProblemStatus.optional(),
  severity: ProblemSeverity.optional(),
  /** Problems from this kind of source. */
  sourceType: ProblemSourceType.optional(),
  /** Created on or after / on or before this day (UTC). */
  from: Day.optional(),
  to: Day.optional(),
  /** Keyword in the title, the description or what the sources said (Chinese substring). */
  q: text().max(100).optional(),
  /** Only problems owned by me (a cadre's own list). */
  mine: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ProblemListQuery = z.infer<typeof ProblemListQuery>;
export const ProblemExportQuery = ProblemListQuery.omit({ cursor: true, limit: true });
export const ProblemPage = z.object({ items: z.array(Problem), nextCursor: z.string().nullable() });
export type ProblemPage = z.infer<typeof ProblemPage>;

export const ProblemCountsQuery = z.strictObject({ orgId: Id.optional() });
export const ProblemCounts = z.object({
  items: z.array(z.object({
    orgId: Id,
    orgName: z.string(),
    parentId: Id.nullable(),
    /** Problems owned by this org itself (not its subtree). */
    problems: z.number().int(),
    byCategory: z.record(z.string(), z.number().int()),
    byStatus: z.record(z.string(), z.number().int()),
    /** Opinions about this org that became a source of a problem. */
    opinionsToProblems: z.number().int(),
    /** The same counts for the org and every org below it (in the reader's view). */
    subtree: z.object({
      problems: z.number().int(),
      byCategory: z.record(z.string(), z.number().int()),
      byStatus: z.record(z.string(), z.number().int()),
      opinionsToProblems: z.number().int(),
    }),
  })),
});
export type ProblemCounts = z.infer<typeof ProblemCounts>;

// ---------------------------------------------------------------- labels (zh-CN)

export const problemCategoryLabels: Record<ProblemCategory, string> = {
  formalism: '形式主义', bureaucratism: '官僚主义', hedonism: '享乐主义', extravagance: '奢靡之风',
  service: '服务群众不到位', livelihood: '民生诉求', other: '其他',
};
export const problemSeverityLabels: Record<ProblemSeverity, string> = { minor: '一般', moderate: '较重', serious: '严重' };
export const problemStatusLabels: Record<ProblemStatus, string> = { open: '待整改', rectifying: '整改中', resolved: '已整改' };
export const problemSourceTypeLabels: Record<ProblemSourceType, string> = {
  opinion: '群众意见', response_text: '问卷文字回答', response_rating: '问卷低评分', self_check: '自己查找',
  mutual_check: '相互查找', inspector: '督导组发现', criticism: '批评与自我批评',
};
