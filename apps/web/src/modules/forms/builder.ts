import {
  FormDefinition,
  QuestionKey,
  evaluationScales,
  type ChoiceOption,
  type Condition,
  type Question,
  type QuestionType,
  type Section,
} from '@massline/shared';
import { t } from '@/i18n';

/**
 * The pure part of the form builder: new questions with safe keys, type changes, the simple
 * condition editor's model, clean-up before saving, and validation messages placed at the
 * question they concern.
 */

export const questionTypes: QuestionType[] = ['single', 'multiple', 'rating', 'text', 'number', 'date', 'matrix', 'note'];
export const choiceTypes: QuestionType[] = ['single', 'multiple'];

type Def = { sections: Section[] };

/** The first free `q1`, `q2`, … (or `s1`… for sections): keys are never typed by the office. */
export function nextKey(def: Def, prefix: 'q' | 's'): string {
  const used = new Set(prefix === 'q' ? def.sections.flatMap((s) => s.questions.map((q) => q.key)) : def.sections.map((s) => s.key));
  let n = prefix === 'q' ? def.sections.reduce((sum, s) => sum + s.questions.length, 0) + 1 : def.sections.length + 1;
  while (used.has(`${prefix}${n}`)) n++;
  const key = `${prefix}${n}`;
  // Cannot fail for these prefixes; kept as a guard should the pattern ever change.
  return QuestionKey.safeParse(key).success ? key : `${prefix}_${n}`;
}

/** The next option value not used yet in a list: "1", "2", … (values are stored, labels shown). */
export function nextOptionValue(list: ChoiceOption[], prefix = ''): string {
  const used = new Set(list.map((o) => o.value));
  let n = list.length + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const defaultOptions = (): ChoiceOption[] => [
  { value: '1', label: t('forms.builder.optionN', { n: 1 }) },
  { value: '2', label: t('forms.builder.optionN', { n: 2 }) },
];
const defaultRows = (): ChoiceOption[] => [
  { value: 'r1', label: t('forms.builder.rowN', { n: 1 }) },
  { value: 'r2', label: t('forms.builder.rowN', { n: 2 }) },
];
export const scalePresets = {
  satisfaction: () => evaluationScales.satisfaction.map((o) => ({ ...o })),
  quality: () => evaluationScales.quality.map((o) => ({ ...o })),
};

/** A question of `type` carrying over what fits from `from` (label, help, required, condition, options). */
export function makeQuestion(type: QuestionType, key: string, from?: Question): Question {
  const label = from?.label ?? t('forms.builder.newQuestion');
  const common = { key, label, help: from?.help, showIf: from?.showIf };
  const required = from && from.type !== 'note' ? from.required : false;
  const options = from && (from.type === 'single' || from.type === 'multiple') ? from.options.map((o) => ({ ...o })) : defaultOptions();
  switch (type) {
    case 'single':
      return { ...common, type, required, options };
    case 'multiple':
      return { ...common, type, required, options };
    case 'rating':
      return { ...common, type, required, min: 1, max: 5 };
    case 'text':
      return { ...common, type, required, long: false, maxLength: 1000 };
    case 'number':
      return { ...common, type, required, integer: true };
    case 'date':
      return { ...common, type, required };
    case 'matrix':
      return {
        ...common,
        type,
        required,
        rows: from?.type === 'matrix' ? from.rows : from && 'options' in from ? from.options.map((o) => ({ ...o })) : defaultRows(),
        scale: from?.type === 'matrix' ? from.scale : scalePresets.satisfaction(),
      };
    case 'note':
      return { ...common, type, required: false };
  }
}

export function makeSection(def: Def): Section {
  const section: Section = { key: nextKey(def, 's'), title: '', questions: [] };
  section.questions.push(makeQuestion('single', nextKey({ sections: [...def.sections, section] }, 'q')));
  return section;
}

/** A fresh copy with a new key (and nothing that points at it). */
export function duplicateQuestion(def: Def, q: Question): Question {
  const copy = JSON.parse(JSON.stringify(q)) as Question;
  copy.key = nextKey(def, 'q');
  return copy;
}

// ---- Display conditions: a list of simple tests joined by 全部 (all) or 任一 (any) ----

export type SimpleOp = 'is' | 'is_not' | 'contains' | 'not_contains' | 'answered' | 'not_answered';
export const simpleOps: SimpleOp[] = ['is', 'is_not', 'contains', 'not_contains', 'answered', 'not_answered'];
export const valueOps: SimpleOp[] = ['is', 'is_not', 'contains', 'not_contains'];
export interface SimpleTest {
  question: string;
  op: SimpleOp;
  value: string;
}
/** A question a condition may look at, with its number in the form. */
export interface EarlierQuestion {
  no: number;
  question: Question;
}
export interface SimpleCondition {
  join: 'all' | 'any';
  tests: SimpleTest[];
}

function asTest(c: Condition): SimpleTest | null {
  if ('question' in c) return { question: c.question, op: c.op, value: 'value' in c ? c.value : '' };
  return null;
}

/** The editor's form of a condition; null when it is nested deeper (imported from XLSForm, say). */
export function toSimple(c: Condition | undefined): SimpleCondition | null {
  if (!c) return { join: 'all', tests: [] };
  const one = asTest(c);
  if (one) return { join: 'all', tests: [one] };
  const list = 'all' in c ? c.all : 'any' in c ? c.any : null;
  if (!list) return null;
  const tests = list.map(asTest);
  if (tests.some((x) => x === null)) return null;
  return { join: 'all' in c ? 'all' : 'any', tests: tests as SimpleTest[] };
}

export function fromSimple(s: SimpleCondition): Condition | undefined {
  const items: Condition[] = s.tests.map((x) =>
    valueOps.includes(x.op)
      ? { question: x.question, op: x.op as 'is' | 'is_not' | 'contains' | 'not_contains', value: x.value.trim() }
      : { question: x.question, op: x.op as 'answered' | 'not_answered' },
  );
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return s.join === 'all' ? { all: items } : { any: items };
}

// ---- Before saving ----

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Empty optional fields are left out (the schema wants them absent, not ""). */
export function cleanDefinition(def: Def): Def {
  return {
    sections: def.sections.map((s) => ({
      key: s.key,
      title: s.title ?? '',
      ...(s.showIf ? { showIf: s.showIf } : {}),
      questions: s.questions.map((q) => {
        const out: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(q)) {
          if (blank(value) && field !== 'label') continue;
          out[field] = value;
        }
        if (q.type === 'note') out.required = false;
        return out as unknown as Question;
      }),
    })),
  };
}

// ---- Validation messages, placed where they belong ----

export interface PlacedIssues {
  form: string[];
  sections: Map<number, string[]>;
  /** Keyed "sectionIndex.questionIndex". */
  questions: Map<string, string[]>;
}

interface RawIssue {
  path: readonly PropertyKey[];
  code?: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
}

const fieldKeys = new Set([
  'label', 'help', 'options', 'rows', 'scale', 'showIf', 'min', 'max', 'minPicks', 'maxPicks', 'minLabel', 'maxLabel', 'maxLength', 'key', 'title', 'questions', 'value',
]);

/** Chinese (or English) for what zod says, with question keys turned into "第 3 题". */
function translate(issue: RawIssue, keyName: (key: string) => string): string {
  const m = issue.message;
  const patterns: [RegExp, (...g: string[]) => string][] = [
    [/^duplicate section key "(.+)"$/, (k) => t('forms.issue.duplicateSection', { key: k })],
    [/^duplicate question key "(.+)"$/, (k) => t('forms.issue.duplicateQuestion', { key: k })],
    [/^condition refers to "(.+)", which is not an earlier question$/, (k) => t('forms.issue.conditionNotEarlier', { q: keyName(k) })],
    [/^"(.+)" is not an option of "(.+)"$/, (v, k) => t('forms.issue.conditionNotOption', { value: v, q: keyName(k) })],
    [/^duplicate option values in "(.+)"$/, () => t('forms.issue.duplicateOptions')],
    [/^pick limits of "(.+)" do not fit its (\d+) options$/, (_k, n) => t('forms.issue.pickLimits', { n })],
    [/^min > max in "(.+)"$/, () => t('forms.issue.minMax')],
  ];
  for (const [re, text] of patterns) {
    const match = re.exec(m);
    if (match) return text(...match.slice(1));
  }
  // The server's messages come already in the user's language.
  if (issue.code === 'custom' || issue.code === 'server' || !issue.code) return m;
  const last = issue.path[issue.path.length - 1];
  const minimum = Number(issue.minimum);
  const maximum = Number(issue.maximum);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') {
        if (last === 'questions') return t('forms.issue.noQuestions');
        if (last === 'sections') return t('forms.issue.noSections');
        return t('forms.issue.tooFewItems', { n: minimum });
      }
      if (issue.origin === 'string') return t('forms.issue.empty');
      return t('forms.issue.tooSmall', { n: minimum });
    case 'too_big':
      if (issue.origin === 'array') return t('forms.issue.tooManyItems', { n: maximum });
      if (issue.origin === 'string') return t('forms.issue.tooLong', { n: maximum });
      return t('forms.issue.tooBig', { n: maximum });
    case 'invalid_union':
      if (issue.path.includes('showIf')) return t('forms.issue.conditionIncomplete');
      return t('forms.issue.invalid');
    case 'invalid_format':
      return t('forms.issue.format');
    default:
      return issue.path.includes('showIf') ? t('forms.issue.conditionIncomplete') : m;
  }
}

/** The field a message is about, for "选项：至少需要 2 项". */
function fieldName(rest: readonly PropertyKey[]): string {
  const field = rest.find((p) => typeof p === 'string' && fieldKeys.has(p));
  return typeof field === 'string' ? t(`forms.field.${field}`) : '';
}

/**
 * Place issues (zod's or the server's `details`) at their section or question; anything else
 * goes to the form as a whole. `prefix` strips `definition` from server paths.
 */
export function placeIssues(issues: RawIssue[], def: Def): PlacedIssues {
  const placed: PlacedIssues = { form: [], sections: new Map(), questions: new Map() };
  const numbers = new Map<string, number>();
  let n = 0;
  for (const s of def.sections) for (const q of s.questions) numbers.set(q.key, ++n);
  const keyName = (key: string) => (numbers.has(key) ? t('forms.builder.questionNo', { n: numbers.get(key)! }) : `“${key}”`);
  const push = <K>(map: Map<K, string[]>, key: K, text: string) => {
    const list = map.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    map.set(key, list);
  };
  for (const issue of issues) {
    const path = issue.path[0] === 'definition' ? issue.path.slice(1) : issue.path;
    const text = translate(issue, keyName);
    if (path[0] === 'sections' && typeof path[1] === 'number') {
      const si = path[1];
      if (path[2] === 'questions' && typeof path[3] === 'number') {
        const field = fieldName(path.slice(4));
        push(placed.questions, `${si}.${path[3]}`, field ? `${field}：${text}` : text);
      } else {
        const field = fieldName(path.slice(2));
        push(placed.sections, si, field ? `${field}：${text}` : text);
      }
    } else {
      const field = fieldName(path);
      placed.form.push(field ? `${field}：${text}` : text);
    }
  }
  return placed;
}

export function validateDefinition(def: Def): PlacedIssues | null {
  const result = FormDefinition.safeParse(def);
  if (result.success) return null;
  return placeIssues(result.error.issues as RawIssue[], def);
}

/** Server `details` ({ path: "definition.sections.0.questions.1.label", message }) as issues. */
export function serverIssues(details: unknown): RawIssue[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { path: unknown; message: unknown } => typeof d === 'object' && d !== null && 'message' in d)
    .map((d) => ({
      path: String(d.path ?? '')
        .split('.')
        .filter(Boolean)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      code: 'server',
      message: String(d.message),
    }));
}
