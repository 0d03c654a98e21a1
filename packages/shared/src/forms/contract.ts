import { z } from 'zod';
import { Id, plainText, text } from '../common.js';
import { FormDefinition, FormKind } from './definition.js';

export const distributions = ['open', 'codes', 'named'] as const;
export const Distribution = z.enum(distributions);
export const formStatuses = ['draft', 'open', 'closed'] as const;
export const FormStatus = z.enum(formStatuses);

const Title = text().min(1).max(200);
const Description = text().max(2000);

export const FormCreateBody = z.strictObject({
  orgId: Id,
  kind: FormKind,
  title: Title,
  description: Description.default(''),
  anonymous: z.boolean(),
  distribution: Distribution,
  /** Field visits: ask the surveyor's phone for its position with each visit. */
  collectLocation: z.boolean().default(false),
  definition: FormDefinition,
});
export type FormCreateBody = z.infer<typeof FormCreateBody>;

export const FormUpdateBody = z.strictObject({
  kind: FormKind.optional(),
  title: Title.optional(),
  description: Description.optional(),
  anonymous: z.boolean().optional(),
  distribution: Distribution.optional(),
  collectLocation: z.boolean().optional(),
  definition: FormDefinition.optional(),
});
export type FormUpdateBody = z.infer<typeof FormUpdateBody>;

export const Form = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  kind: FormKind,
  title: z.string(),
  description: z.string(),
  anonymous: z.boolean(),
  distribution: Distribution,
  status: FormStatus,
  collectLocation: z.boolean(),
  definition: FormDefinition,
  responseCount: z.number().int(),
  createdAt: z.string(),
});
export type Form = z.infer<typeof Form>;
export const FormList = z.object({ items: z.array(Form.omit({ definition: true })) });
export const FormListQuery = z.strictObject({ orgId: Id.optional() });

export const CodesBody = z.strictObject({ orgId: Id, count: z.number().int().min(1).max(2000) });
export const CodesResult = z.object({ codes: z.array(z.string()) });
export const Turnout = z.object({ items: z.array(z.object({ orgId: Id, orgName: z.string(), issued: z.number().int(), used: z.number().int() })) });

/** What a resident's phone receives: nothing about who made the form or who answered. */
export const PublicForm = z.object({
  id: Id,
  kind: FormKind,
  title: z.string(),
  description: z.string(),
  anonymous: z.boolean(),
  distribution: Distribution,
  collectLocation: z.boolean(),
  definition: FormDefinition,
});
export type PublicForm = z.infer<typeof PublicForm>;

const AnswerValueSchema = z.union([plainText().max(20_000), z.number(), z.array(z.string().max(200)).max(100), z.record(z.string().max(64), z.string().max(64))]);
/** What every submission carries: the answers and a key the client chose once per filled-in form. */
export const AnswersBody = z.strictObject({
  answers: z.record(z.string().max(64), AnswerValueSchema),
  /** Chosen by the client once per filled-in form: a retry after a dropped connection sends it again. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export const SubmitBody = AnswersBody.extend({
  /** One-time code printed on a slip (ballots and code-distributed forms). */
  code: text().max(32).optional(),
  /** Open links may name the village or unit they were posted for, so results break down by org. */
  orgId: Id.optional(),
});
export type SubmitBody = z.infer<typeof SubmitBody>;
export const SubmitResult = z.object({ ok: z.literal(true), duplicate: z.boolean() });

export const FormTemplateSchema = z.object({
  key: z.string(),
  kind: FormKind,
  title: z.string(),
  description: z.string(),
  anonymous: z.boolean(),
  distribution: Distribution,
  definition: FormDefinition,
});
export const TemplateList = z.object({ items: z.array(FormTemplateSchema) });
export const TemplateQuery = z.strictObject({
  /** For the evaluation ballot: the team's name and the cadres to rate (comma-separated). */
  team: text().min(1).max(100).default('领导班子'),
  cadres: text().max(2000).default(''),
  scale: z.enum(['satisfaction', 'quality']).default('satisfaction'),
});

/** A count, or "<5" where it is small enough to point at someone and the viewer is not the office. */
export const Count = z.union([z.number().int(), z.literal('<5')]);
const Share = z.object({ value: z.string(), label: z.string(), count: Count, percent: z.number().nullable() });
export const QuestionResult = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  answered: Count,
  options: z.array(Share).optional(),
  average: z.number().nullable().optional(),
  rows: z.array(z.object({
    value: z.string(),
    label: z.string(),
    answered: Count,
    grades: z.array(Share),
    /** Evaluation ballots: (满意 + 基本满意) / (valid − 不了解), and 不满意 / (valid − 不了解). */
    satisfactionRate: z.number().nullable().optional(),
    dissatisfactionRate: z.number().nullable().optional(),
    flagged: z.boolean().optional(),
  })).optional(),
});
export const FormResults = z.object({
  formId: z.string(),
  responseCount: Count,
  dissatisfactionThreshold: z.number(),
  questions: z.array(QuestionResult),
});
export type FormResults = z.infer<typeof FormResults>;
export const ResultsQuery = z.strictObject({
  threshold: z.coerce.number().min(0).max(1).default(1 / 3),
  /** Only the responses from this org (its codes, its members, or links posted for it). */
  orgId: Id.optional(),
  /** Mutual inspection: only the answers about this person. */
  subjectId: Id.optional(),
});

/** Response counts per org and per subject, for the breakdown pickers. */
export const ResultsBreakdown = z.object({
  orgs: z.array(z.object({ orgId: Id, orgName: z.string(), responses: Count })),
  subjects: z.array(z.object({ personId: Id, name: z.string(), responses: Count })),
});

/** Text answers to one question, newest day first, paged by cursor. */
export const TextAnswersQuery = z.strictObject({
  question: z.string().max(64),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const TextAnswers = z.object({
  items: z.array(z.object({ responseId: Id, day: z.string(), text: z.string() })),
  nextCursor: z.string().nullable(),
  /** Outside the office, text answers show only once at least 5 responses are in. */
  hidden: z.boolean(),
});
