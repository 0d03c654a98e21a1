import { z } from 'zod';
import { Id, Day, text } from '../common.js';
import { ProblemStatus } from '../problems/contract.js';
import { CountableKind, Satisfied, Solved, VerdictAnswer, VerdictTally } from '../verdicts.js';

/**
 * Rectification (整改落实): items that fix problems, with milestones, a timeline of updates and
 * evidence, each org's list reviewed and published (公示), and the residents' verdict (群众评议).
 */

export const rectificationStatuses = ['planned', 'in_progress', 'done', 'verified'] as const;
export const RectificationStatus = z.enum(rectificationStatuses);
export type RectificationStatus = z.infer<typeof RectificationStatus>;


export const planStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export const PlanStatus = z.enum(planStatuses);
export type PlanStatus = z.infer<typeof PlanStatus>;

const Title = text().min(1).max(200);
const LongText = text().min(1).max(5000);
const Commitment = text().min(1).max(1000);
const Reason = text().min(1).max(2000);
export const MAX_MILESTONES = 20;

export const MilestoneInput = z.strictObject({
  /** An existing milestone's id keeps it (and whether it is done); none adds one. */
  id: Id.optional(),
  title: Title,
  dueDay: Day,
  /** Percent of the item; the weights of an item add up to 100. */
  weight: z.number().int().min(1).max(100),
});
export type MilestoneInput = z.infer<typeof MilestoneInput>;

export const RectificationCreateBody = z.strictObject({
  problemIds: z.array(Id).min(1).max(20),
  title: Title,
  measures: LongText,
  commitment: Commitment,
  ownerOrgId: Id,
  ownerPersonId: Id.nullable().default(null),
  /** Required unless fixed on the spot (then today). */
  deadline: Day.optional(),
  weight: z.number().int().min(1).max(10).default(1),
  milestones: z.array(MilestoneInput).max(MAX_MILESTONES).default([]),
  /** 立行立改: created done, with what was done. */
  onTheSpot: z.strictObject({ note: LongText }).optional(),
});
export type RectificationCreateBody = z.infer<typeof RectificationCreateBody>;

export const RectificationUpdateBody = z.strictObject({
  title: Title.optional(),
  measures: LongText.optional(),
  commitment: Commitment.optional(),
  ownerOrgId: Id.optional(),
  ownerPersonId: Id.nullable().optional(),
  deadline: Day.optional(),
  weight: z.number().int().min(1).max(10).optional(),
  /** The whole set, replacing the current one; done milestones must be kept. */
  milestones: z.array(MilestoneInput).max(MAX_MILESTONES).optional(),
});
export type RectificationUpdateBody = z.infer<typeof RectificationUpdateBody>;

/** A progress note for the timeline, optionally completing milestones. */
export const ProgressBody = z.strictObject({
  body: LongText,
  milestoneIds: z.array(Id).max(MAX_MILESTONES).default([]),
  /** Shown on the public page once the item is published (default yes). */
  public: z.boolean().default(true),
});
export type ProgressBody = z.infer<typeof ProgressBody>;

/** Move an item: forward, or back with a reason; `done` needs what was done, `verified` the check. */
export const StatusBody = z.strictObject({ status: RectificationStatus, reason: Reason.optional() });
export type StatusBody = z.infer<typeof StatusBody>;

export const PublishBody = z.strictObject({ published: z.boolean() });
export const ReleaseBody = z.strictObject({ released: z.boolean() });

export const RectificationListQuery = z.strictObject({
  orgId: Id.optional(),
  problemId: Id.optional(),
  status: RectificationStatus.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  published: z.enum(['true', 'false']).optional(),
  q: text().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type RectificationListQuery = z.infer<typeof RectificationListQuery>;

export const Milestone = z.object({ id: Id, title: z.string(), dueDay: z.string(), weight: z.number().int(), doneDay: z.string().nullable() });
export type Milestone = z.infer<typeof Milestone>;

/**
 * This round's verdicts of an item: what counts toward sending it back (the kinds the level above
 * chose; the receipts of opinions merged into one count once together), and every kind apart.
 */
export const VerdictSummary = z.object({
  round: z.number().int(),
  counted: VerdictTally,
  byBacking: z.object({ receipt: VerdictTally, callback: VerdictTally, code: VerdictTally, open: VerdictTally }),
  countedKinds: z.array(CountableKind),
  /** The reopen rule: at least this many counted verdicts, and more than half of them 未解决. */
  reopenMin: z.number().int(),
  /** 解决率 and 满意率 of the counted verdicts, null without any. */
  solvedRate: z.number().nullable(),
  satisfaction: z.number().nullable(),
});
export type VerdictSummary = z.infer<typeof VerdictSummary>;

export const Rectification = z.object({
  id: Id,
  title: z.string(),
  measures: z.string(),
  commitment: z.string(),
  ownerOrgId: Id,
  ownerOrgName: z.string(),
  ownerPerson: z.object({ id: Id, name: z.string() }).nullable(),
  deadline: z.string(),
  status: RectificationStatus,
  overdue: z.boolean(),
  onTheSpot: z.boolean(),
  progress: z.number().int(),
  weight: z.number().int(),
  doneDay: z.string().nullable(),
  verifiedDay: z.string().nullable(),
  published: z.boolean(),
  problems: z.array(z.object({ id: Id, title: z.string(), status: ProblemStatus })),
  verdicts: VerdictSummary,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rectification = z.infer<typeof Rectification>;

export const RectificationUpdate = z.object({
  id: Id,
  kind: z.enum(['created', 'progress', 'status', 'milestone', 'reopened', 'published', 'edited']),
  body: z.string(),
  fromStatus: RectificationStatus.nullable(),
  toStatus: RectificationStatus.nullable(),
  public: z.boolean(),
  authorName: z.string().nullable(),
  at: z.string(),
  attachments: z.array(z.object({ id: Id, name: z.string(), mime: z.string(), size: z.number().int(), released: z.boolean() })),
});
export type RectificationUpdate = z.infer<typeof RectificationUpdate>;

export const RectificationDetail = Rectification.extend({
  milestones: z.array(Milestone),
  timeline: z.array(RectificationUpdate),
  /** What the caller may do with it, for the buttons. */
  abilities: z.array(z.enum(['edit', 'progress', 'verify', 'publish', 'release', 'callback'])),
});
export type RectificationDetail = z.infer<typeof RectificationDetail>;

export const RectificationPage = z.object({ items: z.array(Rectification), nextCursor: z.string().nullable() });

// ---------------------------------------------------------------- roll-up

export const ProgressQuery = z.strictObject({ orgId: Id.optional() });
export const OrgProgress = z.object({
  orgId: Id,
  orgName: z.string(),
  items: z.number().int(),
  /** Weighted percent complete, null without items. */
  progress: z.number().nullable(),
  byStatus: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
  /** Counted verdicts of the subtree's items this round (receipts, call-backs and codes; open ones are 参考 only). */
  verdicts: VerdictTally.extend({ solvedRate: z.number().nullable(), satisfaction: z.number().nullable() }),
});
export type OrgProgress = z.infer<typeof OrgProgress>;
export const CampaignProgress = z.object({
  /** The org's whole subtree first, then each unit directly below it (each its own subtree). */
  orgs: z.array(OrgProgress),
  /** The items that hold the org back most: the longest overdue first, then those due soonest. */
  dragging: z.array(z.object({ id: Id, title: z.string(), ownerOrgName: z.string(), deadline: z.string(), progress: z.number().int(), overdue: z.boolean() })),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

// ---------------------------------------------------------------- plans (整改方案/清单)

export const PlanDecisionBody = z.strictObject({ decision: z.enum(['approve', 'return']), comment: text().max(2000).optional() });
export const Plan = z.object({
  orgId: Id,
  orgName: z.string(),
  status: PlanStatus,
  comment: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  items: z.array(Rectification),
  abilities: z.array(z.enum(['submit', 'decide', 'publish'])),
});
export type Plan = z.infer<typeof Plan>;

// ---------------------------------------------------------------- verdicts

/**
 * A verdict on a disclosed item (/d/i/:id): with the receipt of an opinion behind it, with a
 * one-time code, or with neither (an open verdict, 参考).
 */
export const PublicVerdictBody = VerdictAnswer.extend({
  receipt: text().min(4).max(64).optional(),
  code: text().min(4).max(32).optional(),
});
export type PublicVerdictBody = z.infer<typeof PublicVerdictBody>;
export const ReceiptVerdictBody = VerdictAnswer.extend({ rectificationId: Id });
export const CallbackVerdictBody = VerdictAnswer.extend({ opinionId: Id });
export type CallbackVerdictBody = z.infer<typeof CallbackVerdictBody>;
export const VerdictCodesBody = z.strictObject({ count: z.number().int().min(1).max(1000), rectificationId: Id.optional() });
export const VerdictCodesResult = z.object({ batch: z.string(), codes: z.array(z.string()) });
/** `changed`: the same receipt or code had given a verdict this round, which this one replaced. */
export const VerdictResult = z.object({ verdicts: VerdictSummary, reopened: z.boolean(), changed: z.boolean() });
export type VerdictResult = z.infer<typeof VerdictResult>;
/** Which kinds of verdict count, for an org's list or (null: as its list) one item; decided by the level above. */
const Kinds = z.array(CountableKind).min(1).max(3).refine((k) => new Set(k).size === k.length, { message: 'duplicate kind' });
export const ListVerdictRuleBody = z.strictObject({ countedKinds: Kinds, reopenMin: z.number().int().min(1).max(100).optional(), openBurstPerHour: z.number().int().min(1).max(1000).optional() });
export const ItemVerdictRuleBody = z.strictObject({ countedKinds: Kinds.nullable() });
export const VerdictRule = z.object({ countedKinds: z.array(CountableKind), inherited: z.boolean(), openBurstPerHour: z.number().int(), reopenMin: z.number().int(), canChange: z.boolean() });
export type VerdictRule = z.infer<typeof VerdictRule>;

/** 回访: named senders to call back once their opinion is answered or the item fixing it is done. */
export const CallbackQuery = z.strictObject({ orgId: Id.optional(), pending: z.enum(['true', 'false']).optional() });
export const CallbackEntry = z.object({
  opinionId: Id, senderName: z.string(), phone: z.string().nullable(), orgName: z.string(), content: z.string(), day: z.string(),
  /** What is judged: the answer to the opinion, or a finished item fixing its problem. */
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('opinion'), answeredDay: z.string().nullable() }),
    z.object({ kind: z.literal('item'), id: Id, title: z.string(), doneDay: z.string().nullable(), round: z.number().int() }),
  ]),
  recorded: z.object({ solved: Solved, satisfied: Satisfied, comment: z.string(), day: z.string() }).nullable(),
});
export type CallbackEntry = z.infer<typeof CallbackEntry>;
export const CallbackList = z.object({ items: z.array(CallbackEntry) });

// ---------------------------------------------------------------- public side

export const PublicRectification = z.object({
  id: Id,
  title: z.string(),
  commitment: z.string(),
  measures: z.string(),
  ownerOrgName: z.string(),
  ownerPersonName: z.string().nullable(),
  deadline: z.string(),
  status: RectificationStatus,
  overdue: z.boolean(),
  onTheSpot: z.boolean(),
  progress: z.number().int(),
  doneDay: z.string().nullable(),
  verdicts: VerdictSummary,
});
export type PublicRectification = z.infer<typeof PublicRectification>;
export const PublicOrgList = z.object({
  orgId: Id,
  orgName: z.string(),
  publishedAt: z.string().nullable(),
  items: z.array(PublicRectification),
  progress: z.number().nullable(),
  satisfaction: z.number().nullable(),
});
export type PublicOrgList = z.infer<typeof PublicOrgList>;
export const PublicRectificationDetail = PublicRectification.extend({
  milestones: z.array(Milestone),
  timeline: z.array(z.object({ id: Id, kind: z.string(), body: z.string(), toStatus: RectificationStatus.nullable(), day: z.string(), photos: z.array(z.object({ id: Id, name: z.string(), mime: z.string() })) })),
  /**
   * What the page takes: a receipt always; a one-time code when the office handed codes out for
   * this item or list, otherwise an open verdict (one per sender per day, shown as 参考 unless counted).
   */
  verdictAccepts: z.array(z.enum(['receipt', 'code', 'open'])),
  /** Verdicts are taken now (published and done). */
  verdictOpen: z.boolean(),
  flags: z.array(z.object({ body: z.string(), answer: z.string(), day: z.string() })),
});
export type PublicRectificationDetail = z.infer<typeof PublicRectificationDetail>;
// 纠错 on a disclosed item uses the opinions' FlagBody and FlagAnswerBody.

// ---------------------------------------------------------------- labels (zh-CN)

export const rectificationStatusLabels: Record<RectificationStatus, string> = { planned: '未开始', in_progress: '整改中', done: '已完成', verified: '已验收' };
export const planStatusLabels: Record<PlanStatus, string> = { draft: '编制中', submitted: '待审核', approved: '已审核', returned: '已退回' };

export const RectificationFlagQuery = z.strictObject({ status: z.enum(['open', 'answered', 'dismissed']).optional() });
export const RectificationFlagList = z.object({
  items: z.array(z.object({
    id: Id, rectificationId: Id, title: z.string(), orgName: z.string(), body: z.string(), day: z.string(),
    status: z.enum(['open', 'answered', 'dismissed']), answer: z.string().nullable(),
  })),
});
export const ReceiptAsks = z.object({
  items: z.array(z.object({ id: Id, title: z.string(), commitment: z.string(), status: z.enum(['done', 'verified']), doneDay: z.string().nullable(), given: z.object({ solved: Solved, satisfied: Satisfied }).nullable() })),
});
export const OrgIdParams = z.strictObject({ orgId: Id });

/** A problem's trail past the problem itself: sources → problem → rectification items → verdicts → rules. */
export const ProblemTrail = z.object({
  items: z.array(z.object({
    id: Id, title: z.string(), status: RectificationStatus, deadline: z.string(), overdue: z.boolean(), progress: z.number().int(), published: z.boolean(), verdicts: VerdictSummary,
  })),
  regulations: z.array(z.object({ id: Id, title: z.string(), type: z.enum(['new', 'revised']), effectiveDay: z.string(), orgName: z.string() })),
});
export type ProblemTrail = z.infer<typeof ProblemTrail>;
