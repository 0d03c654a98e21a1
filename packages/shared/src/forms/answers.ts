import { fillMessage, type Lang } from '../errors.js';
// model.ts, not definition.ts: the phone pages import this file and must not pull in zod.
import { MAX_TEXT_LENGTH, questionsInOrder, type Condition, type FormDefinition, type Question } from './model.js';

/** single → option value; multiple → values; rating/number → number; text/date → string; matrix → row → scale value. */
export type AnswerValue = string | number | string[] | Record<string, string>;
export type Answers = Record<string, AnswerValue>;

export const answerErrorCodes = [
  'required', 'unknown_question', 'hidden_answered', 'invalid_type', 'not_an_option', 'too_few_picks', 'too_many_picks',
  'too_long', 'out_of_range', 'not_integer', 'invalid_date', 'unknown_row', 'note_answered',
] as const;
export type AnswerErrorCode = (typeof answerErrorCodes)[number];
export interface AnswerError {
  question: string;
  code: AnswerErrorCode;
  params?: Record<string, string | number>;
}

const isAnswered = (v: AnswerValue | undefined): boolean =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function holds(c: Condition, answers: Answers): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers));
  if ('any' in c) return c.any.some((x) => holds(x, answers));
  if ('not' in c) return !holds(c.not, answers);
  const v = answers[c.question];
  switch (c.op) {
    case 'answered': return isAnswered(v);
    case 'not_answered': return !isAnswered(v);
    case 'is': return v === c.value;
    case 'is_not': return isAnswered(v) && v !== c.value;
    case 'contains': return Array.isArray(v) ? v.includes(c.value) : v === c.value;
    case 'not_contains': return Array.isArray(v) ? !v.includes(c.value) : v !== c.value;
  }
}

/**
 * The keys of the questions a respondent sees, given their answers. Conditions only look back,
 * and an answer to a question that is itself hidden counts as no answer.
 */
export function visibleQuestions(def: FormDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  const seen: Answers = {};
  for (const section of def.sections) {
    const sectionShown = !section.showIf || holds(section.showIf, seen);
    for (const q of section.questions) {
      if (sectionShown && (!q.showIf || holds(q.showIf, seen))) {
        visible.add(q.key);
        if (answers[q.key] !== undefined) seen[q.key] = answers[q.key];
      }
    }
  }
  return visible;
}

function checkOne(q: Question, v: AnswerValue): AnswerError | null {
  const err = (code: AnswerErrorCode, params?: Record<string, string | number>): AnswerError => ({ question: q.key, code, params });
  switch (q.type) {
    case 'note':
      return err('note_answered');
    case 'single':
      if (typeof v !== 'string') return err('invalid_type');
      return q.options.some((o) => o.value === v) ? null : err('not_an_option', { value: v });
    case 'multiple': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return err('invalid_type');
      const bad = v.find((x) => !q.options.some((o) => o.value === x));
      if (bad !== undefined) return err('not_an_option', { value: bad });
      const picks = new Set(v).size;
      if (picks !== v.length) return err('invalid_type');
      if (q.maxPicks !== undefined && picks > q.maxPicks) return err('too_many_picks', { max: q.maxPicks });
      if (q.minPicks !== undefined && picks < q.minPicks) return err('too_few_picks', { min: q.minPicks });
      return null;
    }
    case 'rating':
      if (typeof v !== 'number' || !Number.isInteger(v)) return err('invalid_type');
      return v < q.min || v > q.max ? err('out_of_range', { min: q.min, max: q.max }) : null;
    case 'text':
      if (typeof v !== 'string') return err('invalid_type');
      return [...v].length > Math.min(q.maxLength, MAX_TEXT_LENGTH) ? err('too_long', { max: Math.min(q.maxLength, MAX_TEXT_LENGTH) }) : null;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return err('invalid_type');
      if (q.integer && !Number.isInteger(v)) return err('not_integer');
      if ((q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max)) return err('out_of_range', { min: q.min ?? '-∞', max: q.max ?? '∞' });
      return null;
    case 'date': {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
        return err('invalid_date');
      }
      if ((q.min && v < q.min) || (q.max && v > q.max)) return err('out_of_range', { min: q.min ?? '', max: q.max ?? '' });
      return null;
    }
    case 'matrix': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return err('invalid_type');
      for (const [row, value] of Object.entries(v)) {
        if (!q.rows.some((r) => r.value === row)) return err('unknown_row', { row });
        if (typeof value !== 'string' || !q.scale.some((s) => s.value === value)) return err('not_an_option', { value: String(value) });
      }
      return null;
    }
  }
}

/**
 * Check a set of answers against the form: every visible required question answered (a required
 * matrix needs every row), every answer of the right type and among the options, no answer to a
 * question the respondent could not see. Returns every problem, not just the first.
 */
export function validateAnswers(def: FormDefinition, answers: Answers): { ok: true; value: Answers } | { ok: false; errors: AnswerError[] } {
  const errors: AnswerError[] = [];
  const byKey = new Map(questionsInOrder(def).map(({ question }) => [question.key, question]));
  const visible = visibleQuestions(def, answers);
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) errors.push({ question: key, code: 'unknown_question' });
    else if (!visible.has(key) && isAnswered(answers[key])) errors.push({ question: key, code: 'hidden_answered' });
  }
  const value: Answers = {};
  for (const { question: q } of questionsInOrder(def)) {
    if (!visible.has(q.key)) continue;
    const v = answers[q.key];
    if (!isAnswered(v)) {
      if (q.required) errors.push({ question: q.key, code: 'required' });
      continue;
    }
    const problem = checkOne(q, v);
    if (problem) errors.push(problem);
    else if (q.type === 'matrix' && q.required && q.rows.some((r) => !(r.value in (v as Record<string, string>)))) errors.push({ question: q.key, code: 'required' });
    else value[q.key] = q.type === 'text' ? (v as string).trim() : v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

const messages: Record<AnswerErrorCode, Record<Lang, string>> = {
  required: { 'zh-CN': '此题为必答题', en: 'This question must be answered' },
  unknown_question: { 'zh-CN': '问卷中没有这道题', en: 'No such question in this form' },
  hidden_answered: { 'zh-CN': '按前面的回答，这道题不应作答', en: 'Given the earlier answers, this question is not asked' },
  invalid_type: { 'zh-CN': '答案格式不正确', en: 'The answer has the wrong form' },
  not_an_option: { 'zh-CN': '“{value}”不是本题的选项', en: '"{value}" is not one of the options' },
  too_few_picks: { 'zh-CN': '至少选择 {min} 项', en: 'Pick at least {min}' },
  too_many_picks: { 'zh-CN': '最多选择 {max} 项', en: 'Pick at most {max}' },
  too_long: { 'zh-CN': '不能超过 {max} 字', en: 'At most {max} characters' },
  out_of_range: { 'zh-CN': '应在 {min} 到 {max} 之间', en: 'Must be between {min} and {max}' },
  not_integer: { 'zh-CN': '请填写整数', en: 'Enter a whole number' },
  invalid_date: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' },
  unknown_row: { 'zh-CN': '本题没有“{row}”这一行', en: 'This question has no row "{row}"' },
  note_answered: { 'zh-CN': '说明文字不需要作答', en: 'A note takes no answer' },
};

export function answerErrorMessage(e: AnswerError, lang: Lang): string {
  return fillMessage(messages[e.code][lang], e.params);
}
