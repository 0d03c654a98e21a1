import { z } from 'zod';
import { Satisfied, Solved, VerdictAnswer } from '../verdicts.js';
import { Id, Day, text } from '../common.js';

/** Where an opinion was heard (请上来、沉下去、敞开门). `online` is the residents' own page. */
export const opinionChannels = ['forum', 'visit', 'mailbox', 'phone', 'meeting', 'letter', 'online'] as const;
export const OpinionChannel = z.enum(opinionChannels);
export type OpinionChannel = z.infer<typeof OpinionChannel>;

/** The four winds, service to the people, livelihood, other. */
export const opinionCategories = ['formalism', 'bureaucratism', 'hedonism', 'extravagance', 'service', 'livelihood', 'other'] as const;
export const OpinionCategory = z.enum(opinionCategories);
export type OpinionCategory = z.infer<typeof OpinionCategory>;

export const opinionStatuses = ['received', 'assigned', 'answered', 'closed', 'merged'] as const;
export const OpinionStatus = z.enum(opinionStatuses);
export const opinionHandlings = ['answered_on_spot', 'resolved_on_spot'] as const;
export const OpinionHandling = z.enum(opinionHandlings);

export const MAX_OPINION_LENGTH = 5000;
const Content = text().min(1).max(MAX_OPINION_LENGTH);
const Phone = text().regex(/^[0-9+\-\s]{5,20}$/);

/** What a named sender chose to give. */
export const Sender = z.strictObject({
  name: text().min(1).max(50),
  phone: Phone.optional(),
  village: text().max(100).optional(),
});

/** Recorded by staff: what residents said at a forum, on a visit, by phone, at a meeting. */
export const OpinionRecordBody = z.strictObject({
  orgId: Id,
  personId: Id.optional(),
  channel: OpinionChannel.exclude(['online']),
  category: OpinionCategory,
  content: Content,
  place: text().max(200).default(''),
  day: Day.optional(),
  /** Absent: the resident spoke anonymously (背靠背). */
  sender: Sender.optional(),
});
export type OpinionRecordBody = z.infer<typeof OpinionRecordBody>;

/** Sent by a resident from the public page: anonymous unless they give a name. */
export const PublicOpinionBody = z.strictObject({
  orgId: Id,
  category: OpinionCategory,
  content: Content,
  sender: Sender.optional(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type PublicOpinionBody = z.infer<typeof PublicOpinionBody>;
/** The receipt code, shown once: 16 characters (80 bits) in groups of four. */
export const PublicOpinionResult = z.object({ receipt: z.string(), duplicate: z.boolean() });

export const ReceiptBody = z.strictObject({ receipt: z.string().max(64) });
export const ReceiptReplyBody = z.strictObject({ receipt: z.string().max(64), body: Content });

const Message = z.object({
  id: Id,
  author: z.enum(['sender', 'staff']),
  public: z.boolean(),
  body: z.string(),
  day: z.string(),
});
/** What the receipt opens: the opinion as sent, its state and the conversation. Nothing about staff. */
export const ReceiptView = z.object({
  category: OpinionCategory,
  content: z.string(),
  day: z.string(),
  orgName: z.string(),
  status: OpinionStatus,
  handling: OpinionHandling.nullable(),
  /** Whether it was ever passed on to a unit or a person (交办): only that, never to whom. */
  assigned: z.boolean(),
  messages: z.array(Message),
  /**
   * Once answered, the sender is asked: solved? satisfied? (the same verdict as on an item). Their
   * answer, or a call-back recorded for them, is here; they may change it.
   */
  verdict: z.object({ asked: z.boolean(), given: z.object({ solved: Solved, satisfied: Satisfied, comment: z.string() }).nullable() }),
});
export const ReceiptOpinionVerdictBody = VerdictAnswer.extend({ receipt: z.string().max(64) });
export const OpinionCallbackBody = VerdictAnswer;
export const OpinionVerdictResult = z.object({ changed: z.boolean() });

export const Opinion = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  person: z.object({ id: Id, name: z.string() }).nullable(),
  channel: OpinionChannel,
  category: OpinionCategory,
  content: z.string(),
  place: z.string(),
  day: z.string(),
  named: z.boolean(),
  /** Only what the sender gave, and only to those allowed to see it; null otherwise. */
  sender: z.object({ name: z.string(), phone: z.string().nullable(), village: z.string().nullable() }).nullable(),
  status: OpinionStatus,
  handling: OpinionHandling.nullable(),
  assignee: z.object({ orgId: Id.nullable(), orgName: z.string().nullable(), personId: Id.nullable(), personName: z.string().nullable() }),
  dueDay: z.string(),
  overdue: z.boolean(),
  answeredDay: z.string().nullable(),
  mergedInto: Id.nullable(),
  published: z.boolean(),
  hasReceipt: z.boolean(),
});
export type Opinion = z.infer<typeof Opinion>;
export const OpinionDetail = Opinion.extend({
  messages: z.array(Message),
  /** Opinions merged into this one. */
  merged: z.array(z.object({ id: Id, content: z.string(), day: z.string() })),
  problems: z.array(z.object({ id: Id, title: z.string() })),
  attachments: z.array(z.object({ id: Id, name: z.string(), mime: z.string(), size: z.number().int() })),
});
export const AttachmentResult = z.object({ id: Id, name: z.string(), mime: z.string(), size: z.number().int() });
export const AttachmentQuery = z.strictObject({ name: text().min(1).max(200).default('附件') });
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const OpinionListQuery = z.strictObject({
  orgId: Id.optional(),
  channel: OpinionChannel.optional(),
  category: OpinionCategory.optional(),
  status: OpinionStatus.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: Day.optional(),
  to: Day.optional(),
  q: text().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const OpinionPage = z.object({ items: z.array(Opinion), nextCursor: z.string().nullable() });

export const OpinionAssignBody = z
  .strictObject({ orgId: Id.optional(), personId: Id.optional(), dueDay: Day.optional() })
  .refine((b) => b.orgId || b.personId || b.dueDay, { message: 'orgId, personId or dueDay is required' });
export const OpinionReplyBody = z.strictObject({ body: Content, public: z.boolean() });
export const OpinionHandleBody = z.strictObject({ handling: OpinionHandling, note: Content });
export const OpinionMergeBody = z.strictObject({ intoId: Id });

/** An org as the public page shows it: its name and the units below it, nothing else. */
export const PublicOrg = z.object({ id: Id, name: z.string(), children: z.array(z.object({ id: Id, name: z.string() })) });

/** An answered opinion the office published: what was said and answered, never who said it. */
export const PublicOpinionItem = z.object({
  id: Id,
  orgName: z.string(),
  category: OpinionCategory,
  content: z.string(),
  day: z.string(),
  status: OpinionStatus,
  handling: OpinionHandling.nullable(),
  answers: z.array(z.object({ body: z.string(), day: z.string() })),
});
export const PublicOpinionQuery = z.strictObject({ orgId: Id.optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const PublicOpinionPage = z.object({ items: z.array(PublicOpinionItem), nextCursor: z.string().nullable() });

/** 纠错: a resident flags an error in a published item; it lands in the office's moderation queue. */
export const FlagBody = z.strictObject({ body: text().min(1).max(2000) });
export const flagStatuses = ['open', 'answered', 'dismissed'] as const;
export const Flag = z.object({
  id: Id,
  opinionId: Id,
  opinionContent: z.string(),
  orgName: z.string(),
  body: z.string(),
  day: z.string(),
  status: z.enum(flagStatuses),
  answer: z.string().nullable(),
});
export const FlagList = z.object({ items: z.array(Flag) });
export const FlagAnswerBody = z.strictObject({ status: z.enum(['answered', 'dismissed']), answer: text().min(1).max(2000) });

/** Counters per org (each direct child of the chosen org, and the org itself), overdue computed now. */
export const OpinionCounts = z.object({
  items: z.array(z.object({
    orgId: Id,
    orgName: z.string(),
    received: z.number().int(),
    answered: z.number().int(),
    overdue: z.number().int(),
    problems: z.number().int(),
    byChannel: z.record(z.string(), z.number().int()),
    byCategory: z.record(z.string(), z.number().int()),
  })),
});
