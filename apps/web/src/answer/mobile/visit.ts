import type { FormDefinition, Question } from '@massline/shared/src/forms/model';
import type { Answers } from '@massline/shared/src/forms/answers';
import { newIdempotencyKey } from '../draft';
import type { Position } from './geo';

export type VisitOutcome = 'completed' | 'not_home' | 'refused';
export const visitOutcomes: VisitOutcome[] = ['completed', 'not_home', 'refused'];

/**
 * A form's own question for the visit's outcome (the built-in field-visit form asks "走访结果"
 * with the same three values): a single choice keyed `outcome`. The outcome asked first answers
 * it, so it is not asked twice; the questions it shows or hides follow.
 */
export function outcomeQuestion(def: FormDefinition): Question | null {
  for (const s of def.sections) {
    for (const q of s.questions) {
      if (q.key === 'outcome' && q.type === 'single' && visitOutcomes.every((o) => q.options.some((x) => x.value === o))) return q;
    }
  }
  return null;
}

/** The answers a visit starts with, and the questions they settle (not shown). */
export function visitStart(def: FormDefinition, outcome: VisitOutcome): { answers: Answers; settled: Set<string> } {
  const q = outcomeQuestion(def);
  return q ? { answers: { [q.key]: outcome }, settled: new Set([q.key]) } : { answers: {}, settled: new Set() };
}

/** The day as the phone sees it (its own time zone), YYYY-MM-DD: a visit synced later keeps its day. */
export function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * What the phone keeps of one assignment being answered (or one visit being recorded) until it is
 * in the outbox: in localStorage, per assignment. The idempotency key is chosen here, once, and
 * goes with the item into the outbox.
 */
export interface TaskDraft {
  v: 1;
  idempotencyKey: string;
  answers: Answers;
  step: string | null;
  outcome: VisitOutcome | null;
  day: string | null;
  position: Position | null;
  /** Why there is no position: asked and refused, unavailable, timed out; null while asking or not asked. */
  positionNote: 'denied' | 'unavailable' | 'timeout' | null;
}

const PREFIX = 'massline.m.';

export function newTaskDraft(): TaskDraft {
  return { v: 1, idempotencyKey: newIdempotencyKey(), answers: {}, step: null, outcome: null, day: null, position: null, positionNote: null };
}

export function loadTaskDraft(assignmentId: string): TaskDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + assignmentId);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<TaskDraft>;
    if (d.v !== 1 || typeof d.idempotencyKey !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(d.idempotencyKey)) return null;
    if (typeof d.answers !== 'object' || d.answers === null || Array.isArray(d.answers)) return null;
    const outcome = visitOutcomes.includes(d.outcome as VisitOutcome) ? (d.outcome as VisitOutcome) : null;
    const p = d.position;
    const position = p && typeof p.lat === 'number' && typeof p.lng === 'number' && typeof p.accuracy === 'number' ? p : null;
    const note = d.positionNote === 'denied' || d.positionNote === 'unavailable' || d.positionNote === 'timeout' ? d.positionNote : null;
    return {
      v: 1, idempotencyKey: d.idempotencyKey, answers: d.answers, step: typeof d.step === 'string' ? d.step : null,
      outcome, day: typeof d.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.day) ? d.day : null, position, positionNote: note,
    };
  } catch {
    return null;
  }
}

export function saveTaskDraft(assignmentId: string, draft: TaskDraft): void {
  try {
    localStorage.setItem(PREFIX + assignmentId, JSON.stringify(draft));
  } catch {
    // Full or blocked: the answers stay on screen.
  }
}

export function clearTaskDraft(assignmentId: string): void {
  try {
    localStorage.removeItem(PREFIX + assignmentId);
  } catch {
    // Nothing to do.
  }
}

/** Whether a draft holds anything worth resuming. */
export const draftStarted = (d: TaskDraft | null): boolean => !!d && (d.outcome !== null || d.step !== null || Object.keys(d.answers).length > 0);
