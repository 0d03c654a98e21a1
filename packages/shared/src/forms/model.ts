/**
 * The shape of a form definition as plain types, with no zod: what the answer engine
 * (answers.ts) needs, so that the residents' phone pages can validate answers without loading
 * zod. definition.ts holds the zod schemas that check these shapes and re-exports everything
 * here; a compile-time check there keeps the two in step.
 */
export const formKinds = ['self_check', 'mutual_check', 'resident_survey', 'field_visit', 'satisfaction', 'evaluation', 'custom'] as const;
export type FormKind = (typeof formKinds)[number];

export const MAX_TEXT_LENGTH = 5000;

export interface ChoiceOption {
  value: string;
  label: string;
}

export type Condition =
  | { question: string; op: 'is' | 'is_not' | 'contains' | 'not_contains'; value: string }
  | { question: string; op: 'answered' | 'not_answered' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

interface QuestionBase {
  key: string;
  label: string;
  help?: string | undefined;
  required: boolean;
  showIf?: Condition | undefined;
}

export interface SingleQuestion extends QuestionBase { type: 'single'; options: ChoiceOption[] }
export interface MultipleQuestion extends QuestionBase { type: 'multiple'; options: ChoiceOption[]; minPicks?: number | undefined; maxPicks?: number | undefined }
export interface RatingQuestion extends QuestionBase { type: 'rating'; min: number; max: number; minLabel?: string | undefined; maxLabel?: string | undefined }
export interface TextQuestion extends QuestionBase { type: 'text'; long: boolean; maxLength: number }
export interface NumberQuestion extends QuestionBase { type: 'number'; integer: boolean; min?: number | undefined; max?: number | undefined }
export interface DateQuestion extends QuestionBase { type: 'date'; min?: string | undefined; max?: string | undefined }
export interface MatrixQuestion extends QuestionBase { type: 'matrix'; rows: ChoiceOption[]; scale: ChoiceOption[] }
export interface NoteQuestion extends QuestionBase { type: 'note'; required: false }

export type Question = SingleQuestion | MultipleQuestion | RatingQuestion | TextQuestion | NumberQuestion | DateQuestion | MatrixQuestion | NoteQuestion;
export type QuestionType = Question['type'];

export interface Section {
  key: string;
  title: string;
  showIf?: Condition | undefined;
  questions: Question[];
}

export interface FormDefinition {
  sections: Section[];
}

/** Every question key of the form, in order, with its section. */
export function questionsInOrder(def: { sections: Section[] }): { section: Section; question: Question }[] {
  return def.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
}
