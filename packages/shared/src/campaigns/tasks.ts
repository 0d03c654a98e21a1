import { z } from 'zod';
import { Id, Day, text } from '../common.js';
import { FormKind } from '../forms/definition.js';
import { MeetingKind } from '../meetings/contract.js';
import { OrgKind } from '../orgs/contract.js';

/**
 * Required tasks (规定动作) of each phase, assigned to every org in the campaign's subtree (or
 * those of some kinds) with a due date. The data completes a task wherever it can; a task no data
 * can tell (kind `evidence`) is completed by evidence the org gives and the office confirms.
 */
export const TaskRule = z.discriminatedUnion('kind', [
  /** At least `minCount` meetings of these kinds held (minutes written) by the org in the campaign. */
  z.strictObject({ kind: z.literal('meeting'), meetingKinds: z.array(MeetingKind).min(1).max(7), minCount: z.number().int().min(1).max(100).default(1) }),
  /** The org's members studied `minHours` on average (sessions attended plus make-up study). */
  z.strictObject({ kind: z.literal('study_hours'), minHours: z.number().gt(0).max(1000) }),
  /** At least `minResponses` responses from the org's subtree to one form, or to forms of a kind, in the campaign's dates. */
  z.strictObject({ kind: z.literal('form'), formId: Id.optional(), formKind: FormKind.optional(), minResponses: z.number().int().min(1).max(1_000_000) }),
  /** Every cadre of the org (people granted cadre or secretary there) has an approved check-comparison material. */
  z.strictObject({ kind: z.literal('materials') }),
  /** The org's rectification list approved and published. */
  z.strictObject({ kind: z.literal('rectification_plan') }),
  /** At least `minCount` rules made or revised by the org in the campaign's dates (建章立制). */
  z.strictObject({ kind: z.literal('rules'), minCount: z.number().int().min(1).max(100).default(1) }),
  /** Nothing in the data tells: the org gives evidence, the office confirms it. */
  z.strictObject({ kind: z.literal('evidence') }),
]);
export type TaskRule = z.infer<typeof TaskRule>;
export const taskRuleKinds = ['meeting', 'study_hours', 'form', 'materials', 'rectification_plan', 'rules', 'evidence'] as const;

export const TaskCreateBody = z.strictObject({
  phaseId: Id,
  title: text().min(1).max(200),
  rule: TaskRule,
  /** Only orgs of these kinds; absent: every org of the campaign's subtree. */
  orgKinds: z.array(OrgKind).min(1).max(7).nullable().default(null),
  dueDay: Day,
});
export type TaskCreateBody = z.infer<typeof TaskCreateBody>;
export const TaskUpdateBody = TaskCreateBody.partial().strict();
export type TaskUpdateBody = z.infer<typeof TaskUpdateBody>;

export const Task = z.object({
  id: Id,
  phaseId: Id,
  phaseTitle: z.string(),
  seq: z.number().int(),
  title: z.string(),
  rule: TaskRule,
  orgKinds: z.array(OrgKind).nullable(),
  dueDay: z.string(),
});
export type Task = z.infer<typeof Task>;
export const TaskList = z.object({ items: z.array(Task), abilities: z.array(z.enum(['manage'])) });

export const cellStatuses = ['done', 'in_progress', 'overdue', 'not_started'] as const;
export const CellStatus = z.enum(cellStatuses);
export type CellStatus = z.infer<typeof CellStatus>;

/** One org's state on one task: its status and how far it got (e.g. 2 of 3 forums, 6.5 of 8 hours). */
export const BoardCell = z.object({
  status: CellStatus,
  /** null: the task does not apply to this org (its kind is not listed). */
  value: z.number().nullable(),
  target: z.number().nullable(),
});
export type BoardCell = z.infer<typeof BoardCell>;

export const BoardRow = z.object({
  orgId: Id,
  orgName: z.string(),
  orgKind: z.string(),
  depth: z.number().int(),
  /** One per task, in the order of `tasks`; null where the task does not apply. */
  cells: z.array(BoardCell.nullable()),
  /** Done tasks out of those that apply, per phase id and over all. */
  done: z.number().int(),
  applicable: z.number().int(),
});
export type BoardRow = z.infer<typeof BoardRow>;

export const Board = z.object({
  campaignId: Id,
  orgId: Id,
  today: z.string(),
  tasks: z.array(Task),
  rows: z.array(BoardRow),
  /** Per phase: cells done over cells that apply. */
  phases: z.array(z.object({ id: Id, title: z.string(), done: z.number().int(), applicable: z.number().int() })),
});
export type Board = z.infer<typeof Board>;
export const BoardQuery = z.strictObject({ orgId: Id.optional() });
export const CellQuery = z.strictObject({ taskId: Id, orgId: Id });

/** The records behind one cell, for the drill-down. */
export const CellDetail = z.object({
  task: Task,
  orgId: Id,
  orgName: z.string(),
  cell: BoardCell,
  meetings: z.array(z.object({ id: Id, kind: z.string(), title: z.string(), day: z.string(), held: z.boolean() })),
  forms: z.array(z.object({ id: Id, title: z.string(), kind: z.string(), responses: z.number().int() })),
  study: z.object({ members: z.number().int(), totalHours: z.number(), averageHours: z.number() }).nullable(),
  materials: z.array(z.object({ personId: Id, name: z.string(), status: z.string().nullable() })),
  plan: z.object({ status: z.string(), published: z.boolean() }).nullable(),
  rules: z.array(z.object({ id: Id, title: z.string(), effectiveDay: z.string() })),
  evidence: z.object({
    note: z.string(), status: z.enum(['submitted', 'confirmed', 'rejected']), reviewComment: z.string(), submittedAt: z.string(),
    /** The file given with it (a photo of the sign-in sheet, the summary's PDF), downloaded at …/evidence/file. */
    file: z.object({ name: z.string(), mime: z.string(), size: z.number().int() }).nullable(),
  }).nullable(),
  abilities: z.array(z.enum(['submit', 'review'])),
});
export type CellDetail = z.infer<typeof CellDetail>;

export const EvidenceBody = z.strictObject({ orgId: Id, note: text().min(1).max(2000) });
export const EvidenceReviewBody = z.strictObject({ orgId: Id, decision: z.enum(['confirm', 'reject']), comment: text().max(1000).default('') });
export const TaskParams = z.strictObject({ id: Id, taskId: Id });
/** The org whose evidence file is uploaded (with its name), read or removed. */
export const EvidenceFileQuery = z.strictObject({ orgId: Id, name: text().min(1).max(200) });
export const EvidenceOrgQuery = z.strictObject({ orgId: Id });
export const MAX_EVIDENCE_FILE_BYTES = 10 * 1024 * 1024;
