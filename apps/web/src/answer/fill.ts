import { answerErrorMessage, validateAnswers, visibleQuestions, type AnswerError, type Answers, type AnswerValue } from '@massline/shared/src/forms/answers';
import type { FormDefinition, Section } from '@massline/shared/src/forms/model';
import type { Lang } from '@massline/shared/src/errors';

/**
 * The phone's side of the shared answer engine: which sections and questions are on screen,
 * what is sent, and which errors belong to the screen being left. The same validateAnswers as
 * the server's, so what passes here passes there.
 */
export const isAnswered = (v: AnswerValue | undefined): boolean =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * The answers to send: only questions still shown (an answer given before a condition changed
 * stays in the draft, in case it changes back, but is not sent), and only real answers.
 */
export function answersToSend(def: FormDefinition, answers: Answers): Answers {
  const visible = visibleQuestions(def, answers);
  const out: Answers = {};
  for (const [key, value] of Object.entries(answers)) if (visible.has(key) && isAnswered(value)) out[key] = value;
  return out;
}

/** The sections with at least one question shown: one screen each. */
export function visibleSections(def: FormDefinition, visible: Set<string>): Section[] {
  return def.sections.filter((s) => s.questions.some((q) => visible.has(q.key)));
}

/** Question numbers as the person sees them: shown questions only, notes not counted. */
export function numbering(def: FormDefinition, visible: Set<string>): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const s of def.sections) for (const q of s.questions) if (visible.has(q.key) && q.type !== 'note') numbers.set(q.key, numbers.size + 1);
  return numbers;
}

/** One message per question (the first problem), in the reader's language. */
export function errorsByQuestion(errors: AnswerError[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.question] ??= answerErrorMessage(e, lang);
  return out;
}

/** Problems with the answers, limited to the given sections' questions (all sections when omitted). */
export function checkSections(def: FormDefinition, answers: Answers, lang: Lang, sections?: Section[]): Record<string, string> {
  const result = validateAnswers(def, answersToSend(def, answers));
  if (result.ok) return {};
  const keys = sections ? new Set(sections.flatMap((s) => s.questions.map((q) => q.key))) : null;
  return errorsByQuestion(result.errors.filter((e) => !keys || keys.has(e.question)), lang);
}
