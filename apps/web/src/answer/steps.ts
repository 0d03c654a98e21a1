import { computed, nextTick, ref } from 'vue';
import { visibleQuestions, type Answers, type AnswerValue } from '@massline/shared/src/forms/answers';
import type { FormDefinition, Question, Section } from '@massline/shared/src/forms/model';
import type { Lang } from '@massline/shared/src/errors';
import { REVIEW } from './draft';
import { checkSections, isAnswered, numbering, visibleSections } from './fill';
import { lang } from './i18n';
import { stopSpeaking } from './speech';

/** The draft fields that steps read and write: the answers and the screen the person is on. */
export interface StepDraft {
  answers: Answers;
  /** A section key, REVIEW, or null before the start. */
  step: string | null;
}

/**
 * A form one section per screen, then a review, shared by the public form page (/f) and the
 * signed-in pages (/m): which sections and questions are on screen, their numbers, moving between
 * them with the errors of the screen being left, and showing the server's errors where they belong.
 * `settled` questions are answered by the page (a field visit's outcome) and not shown.
 */
export function useSteps(opts: {
  definition: () => FormDefinition;
  draft: StepDraft;
  phase: { value: string };
  settled?: () => Set<string>;
  /** Back from the first section (to the start screen). */
  onBeforeFirst: () => void;
  onAnswer?: () => void;
}) {
  const { draft, phase } = opts;
  const def = computed(() => opts.definition());
  const visible = computed(() => visibleQuestions(def.value, draft.answers));
  /** Visible and asked on screen. */
  const shown = computed(() => {
    const settled = opts.settled?.();
    return settled?.size ? new Set([...visible.value].filter((k) => !settled.has(k))) : visible.value;
  });
  const sections = computed<Section[]>(() => visibleSections(def.value, shown.value));
  const numbers = computed(() => numbering(def.value, shown.value));
  const index = computed(() => sections.value.findIndex((s) => s.key === draft.step));
  const current = computed<Section | null>(() => sections.value[index.value] ?? null);
  const shownQuestions = computed(() => (current.value ? current.value.questions.filter((q) => shown.value.has(q.key)) : []));
  const progress = computed(() => Math.round(((phase.value === 'review' ? sections.value.length : index.value) + 1) / (sections.value.length + 1) * 100));
  const errors = ref<Record<string, string>>({});
  const errorCount = computed(() => Object.keys(errors.value).length);

  function toTop() {
    stopSpeaking();
    window.scrollTo(0, 0);
  }

  async function scrollToFirstError() {
    await nextTick();
    const key = Object.keys(errors.value)[0];
    const el = key ? document.querySelector(`[data-question="${CSS.escape(key)}"]`) : null;
    el?.scrollIntoView({ block: 'start' });
  }

  function setAnswer(key: string, value: AnswerValue | undefined) {
    if (value === undefined || !isAnswered(value)) delete draft.answers[key];
    else draft.answers[key] = value;
    if (errors.value[key]) {
      const rest = { ...errors.value };
      delete rest[key];
      errors.value = rest;
    }
    opts.onAnswer?.();
  }

  /** Onto the first section, or back where the person was. */
  function enter() {
    errors.value = {};
    if (draft.step === REVIEW) phase.value = 'review';
    else {
      if (index.value < 0) draft.step = sections.value[0]?.key ?? null;
      phase.value = 'fill';
    }
    toTop();
  }

  function next() {
    if (!current.value) return;
    errors.value = checkSections(def.value, draft.answers, lang.value, [current.value]);
    if (errorCount.value) return void scrollToFirstError();
    const following = sections.value[index.value + 1];
    if (following) draft.step = following.key;
    else {
      draft.step = REVIEW;
      phase.value = 'review';
    }
    toTop();
  }

  function prev() {
    errors.value = {};
    if (phase.value === 'review') {
      draft.step = sections.value[sections.value.length - 1]?.key ?? null;
      phase.value = 'fill';
    } else if (index.value > 0) {
      draft.step = sections.value[index.value - 1].key;
    } else {
      opts.onBeforeFirst();
    }
    toTop();
  }

  function goTo(section: Section) {
    draft.step = section.key;
    phase.value = 'fill';
    toTop();
  }

  /** Show these errors on the first section that has one. */
  function showErrors(found: Record<string, string>) {
    errors.value = found;
    const first = sections.value.find((s) => s.questions.some((q) => q.key in found));
    draft.step = (first ?? sections.value[0]).key;
    phase.value = 'fill';
    toTop();
    void scrollToFirstError();
  }

  /** Every problem with the answers; shown, and true, if there is one. */
  function refuseIfInvalid(): boolean {
    const found = checkSections(def.value, draft.answers, lang.value);
    if (!Object.keys(found).length) return false;
    showErrors(found);
    return true;
  }

  /** The server's answers_invalid details, shown under their questions if any is on a screen. */
  function showServerErrors(details: unknown): boolean {
    if (!Array.isArray(details)) return false;
    const byQuestion: Record<string, string> = {};
    for (const d of details as { question?: unknown; message?: unknown }[]) {
      if (typeof d.question === 'string' && typeof d.message === 'string') byQuestion[d.question] ??= d.message;
    }
    if (!Object.keys(byQuestion).some((k) => shown.value.has(k))) return false;
    showErrors(byQuestion);
    return true;
  }

  const reviewSections = computed(() => sections.value.map((s) => ({ section: s, questions: s.questions.filter((q) => shown.value.has(q.key) && q.type !== 'note') })));
  const questionTotal = computed(() => numbers.value.size);

  return {
    visible, shown, sections, numbers, index, current, shownQuestions, progress, errors, errorCount, reviewSections, questionTotal,
    toTop, scrollToFirstError, setAnswer, enter, next, prev, goTo, showErrors, refuseIfInvalid, showServerErrors,
  };
}

/** An answer as the review shows it. */
export function answerText(q: Question, answers: Answers, language: Lang): string {
  const v = answers[q.key];
  if (v === undefined || !isAnswered(v)) return '';
  const sep = language === 'en' ? ', ' : '、';
  switch (q.type) {
    case 'single': return q.options.find((o) => o.value === v)?.label ?? String(v);
    case 'multiple': return Array.isArray(v) ? q.options.filter((o) => v.includes(o.value)).map((o) => o.label).join(sep) : '';
    case 'matrix': return '';
    case 'rating': return `${v} / ${q.max}`;
    default: return String(v);
  }
}
