import { z } from 'zod';
import { text } from '../common.js';
import {
  formKinds, MAX_TEXT_LENGTH, questionsInOrder,
  type ChoiceOption as ChoiceOptionModel, type Condition as ConditionModel, type FormDefinition as FormDefinitionModel, type Question as QuestionModel, type Section as SectionModel,
} from './model.js';

/**
 * The definition of a questionnaire or ballot: sections of typed questions with display
 * conditions. One engine for every kind of form; shared so that the server and the phone (also
 * offline) validate answers alike. The plain types live in model.ts (no zod, for the phone's
 * bundle); these schemas check them, and the type checks at the end keep both in step.
 */
export { formKinds, MAX_TEXT_LENGTH, questionsInOrder };
export type { DateQuestion, MatrixQuestion, MultipleQuestion, NoteQuestion, NumberQuestion, RatingQuestion, SingleQuestion, TextQuestion } from './model.js';
export const FormKind = z.enum(formKinds);
export type FormKind = z.infer<typeof FormKind>;

/** Question keys follow XLSForm's `name` rules, so forms round-trip through XLSForm. */
export const QuestionKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/);
const Label = text().min(1).max(500);
const Help = text().max(1000).optional();
/** An option's stored value: short, no spaces (XLSForm choice names). */
const OptionValue = z.string().regex(/^[^\s]{1,64}$/);
export const ChoiceOption = z.strictObject({ value: OptionValue, label: Label });
export type ChoiceOption = ChoiceOptionModel;

export type Condition = ConditionModel;
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ question: QuestionKey, op: z.enum(['is', 'is_not', 'contains', 'not_contains']), value: OptionValue }),
    z.strictObject({ question: QuestionKey, op: z.enum(['answered', 'not_answered']) }),
    z.strictObject({ all: z.array(Condition).min(1).max(20) }),
    z.strictObject({ any: z.array(Condition).min(1).max(20) }),
    z.strictObject({ not: Condition }),
  ]),
);

// Recursive, so the API document shows it once as a named component and refers to it.
z.globalRegistry.add(Condition, { id: 'FormCondition' });

const base = { key: QuestionKey, label: Label, help: Help, required: z.boolean().default(false), showIf: Condition.optional() };
const options = z.array(ChoiceOption).min(2).max(100);

export const Question = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('single'), options }),
  z.strictObject({ ...base, type: z.literal('multiple'), options, minPicks: z.number().int().min(0).optional(), maxPicks: z.number().int().min(1).optional() }),
  z.strictObject({ ...base, type: z.literal('rating'), min: z.number().int().min(0).max(1), max: z.number().int().min(2).max(10), minLabel: Label.optional(), maxLabel: Label.optional() }),
  z.strictObject({ ...base, type: z.literal('text'), long: z.boolean().default(false), maxLength: z.number().int().min(1).max(MAX_TEXT_LENGTH).default(MAX_TEXT_LENGTH) }),
  z.strictObject({ ...base, type: z.literal('number'), integer: z.boolean().default(false), min: z.number().optional(), max: z.number().optional() }),
  z.strictObject({ ...base, type: z.literal('date'), min: z.iso.date().optional(), max: z.iso.date().optional() }),
  z.strictObject({ ...base, type: z.literal('matrix'), rows: z.array(ChoiceOption).min(1).max(50), scale: options.max(11) }),
  z.strictObject({ ...base, type: z.literal('note'), required: z.literal(false).default(false) }),
]);
export type Question = QuestionModel;
export type QuestionType = Question['type'];

export const Section = z.strictObject({
  key: QuestionKey,
  title: text().max(200).default(''),
  showIf: Condition.optional(),
  questions: z.array(Question).min(1).max(200),
});
export type Section = SectionModel;

function conditionRefs(c: Condition): { question: string; value?: string }[] {
  if ('all' in c) return c.all.flatMap(conditionRefs);
  if ('any' in c) return c.any.flatMap(conditionRefs);
  if ('not' in c) return conditionRefs(c.not);
  return [{ question: c.question, value: 'value' in c ? c.value : undefined }];
}

const choicesOf = (q: Question): string[] | null =>
  q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.value) : null;

/**
 * A whole form: keys unique, options unique per question, pick limits consistent, and every
 * condition pointing back at an earlier question (and at one of its options), so that a form
 * can be answered front to back, one section per screen.
 */
export const FormDefinition = z
  .strictObject({ sections: z.array(Section).min(1).max(50) })
  .superRefine((def, ctx) => {
    const seen = new Map<string, Question>();
    const sectionKeys = new Set<string>();
    def.sections.forEach((section, si) => {
      if (sectionKeys.has(section.key)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'key'], message: `duplicate section key "${section.key}"` });
      sectionKeys.add(section.key);
      const checkCondition = (c: Condition | undefined, path: (string | number)[]) => {
        for (const ref of c ? conditionRefs(c) : []) {
          const target = seen.get(ref.question);
          if (!target) {
            ctx.addIssue({ code: 'custom', path, message: `condition refers to "${ref.question}", which is not an earlier question` });
            continue;
          }
          const choices = choicesOf(target);
          if (ref.value !== undefined && choices && !choices.includes(ref.value)) {
            ctx.addIssue({ code: 'custom', path, message: `"${ref.value}" is not an option of "${ref.question}"` });
          }
        }
      };
      checkCondition(section.showIf, ['sections', si, 'showIf']);
      section.questions.forEach((q, qi) => {
        const path = ['sections', si, 'questions', qi];
        checkCondition(q.showIf, [...path, 'showIf']);
        if (seen.has(q.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate question key "${q.key}"` });
        const values = q.type === 'matrix' ? [q.rows.map((r) => r.value), q.scale.map((s) => s.value)] : choicesOf(q) ? [choicesOf(q)!] : [];
        for (const list of values) {
          if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', path, message: `duplicate option values in "${q.key}"` });
        }
        if (q.type === 'multiple') {
          const { minPicks = 0, maxPicks = q.options.length } = q;
          if (minPicks > maxPicks || maxPicks > q.options.length) ctx.addIssue({ code: 'custom', path, message: `pick limits of "${q.key}" do not fit its ${q.options.length} options` });
        }
        if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.addIssue({ code: 'custom', path, message: `min > max in "${q.key}"` });
        if (q.type === 'date' && q.min && q.max && q.min > q.max) ctx.addIssue({ code: 'custom', path, message: `min > max in "${q.key}"` });
        seen.set(q.key, q);
      });
    });
  });
export type FormDefinition = FormDefinitionModel;

// The schemas above must produce exactly the plain types of model.ts: a change to one side that
// is not made on the other fails the build here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: [
  Same<z.infer<typeof ChoiceOption>, ChoiceOptionModel>,
  Same<z.infer<typeof Question>, QuestionModel>,
  Same<z.infer<typeof Section>, SectionModel>,
  Same<z.infer<typeof FormDefinition>, FormDefinitionModel>,
] = [true, true, true, true];
void inStep;
