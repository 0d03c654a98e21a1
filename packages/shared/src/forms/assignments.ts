import { z } from 'zod';
import { Id, Day } from '../common.js';
import { AnswersBody } from './contract.js';
import { FormKind } from './definition.js';

/**
 * Named answering: who answers a form signed in, and about whom. Self-inspection is answered by
 * each cadre about themselves; mutual inspection by each member about another; a field visit by a
 * surveyor, once per household visited (repeatable).
 */
export const AssignBody = z.discriminatedUnion('mode', [
  /** Every member of the org with an account answers about themselves. */
  z.strictObject({ mode: z.literal('self'), orgId: Id }),
  /** Every member of the org rates every other member. */
  z.strictObject({ mode: z.literal('mutual'), orgId: Id }),
  /** A configured matrix: who rates whom. */
  z.strictObject({ mode: z.literal('pairs'), orgId: Id, pairs: z.array(z.strictObject({ raterId: Id, subjectId: Id })).min(1).max(2500) }),
  /** Surveyors who visit households in the org; each visit is one response. */
  z.strictObject({ mode: z.literal('visits'), orgId: Id, personIds: z.array(Id).min(1).max(200) }),
]);
export type AssignBody = z.infer<typeof AssignBody>;

export const assignSkipReasons = ['no_account', 'not_member', 'already_assigned'] as const;
export const AssignResult = z.object({
  created: z.number().int(),
  skipped: z.array(z.object({ personId: Id, name: z.string(), reason: z.enum(assignSkipReasons) })),
});

const PersonRef = z.object({ id: Id, name: z.string() });
export const Assignment = z.object({
  id: Id,
  formId: Id,
  formTitle: z.string(),
  formKind: FormKind,
  formStatus: z.string(),
  orgId: Id,
  orgName: z.string(),
  respondent: PersonRef,
  /** Whom the answers are about (self or another member); null for field visits. */
  subject: PersonRef.nullable(),
  /** Field visits: one response per visit, so the assignment never closes. */
  repeatable: z.boolean(),
  /** Responses given (visits made, for field visits). */
  done: z.number().int(),
});
export type Assignment = z.infer<typeof Assignment>;
export const AssignmentList = z.object({ items: z.array(Assignment) });
export const AssignmentSummary = z.object({ items: z.array(Assignment), total: z.number().int(), done: z.number().int() });

export const visitOutcomes = ['completed', 'not_home', 'refused'] as const;
export const VisitOutcome = z.enum(visitOutcomes);
export type VisitOutcome = z.infer<typeof VisitOutcome>;

/** A signed-in answer; for field visits the outcome and, where the form allows it, the position. */
export const NamedSubmitBody = AnswersBody.extend({
  visit: z
    .strictObject({
      outcome: VisitOutcome,
      /** The day of the visit as the phone saw it (answers may be synced days later). */
      day: Day.optional(),
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      accuracy: z.number().min(0).max(100_000).optional(),
    })
    .optional(),
});
export type NamedSubmitBody = z.infer<typeof NamedSubmitBody>;
