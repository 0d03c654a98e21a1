import {
  FormDefinition, lowMarksOf, lowRatingMax, questionsInOrder,
  type AnswerValue, type LowAnswer, type LowAnswerPage, type LowAnswersQuery,
} from '@massline/shared';
import type { Deps } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { canReadForm, findFormWithOrg, formsPolicy, SMALL } from '../forms/index.js';
import { canReadProblem } from './policy.js';
import { countResponsesInView, lowAnswerRows, problemsOfAnswers, type LowAnswerFilter, type LowMatch } from './queries.js';

/**
 * 低评价: the responses that gave one rating, choice or matrix question a low mark, so the office
 * can raise each as a problem in one click. Read like the form's results: whoever reads the form
 * reads this; a reader of a form from above (a village secretary reading the township's survey)
 * sees only the responses from their own subtree; outside the office nothing shows while fewer
 * than 5 responses are in view. Nothing here names who answered.
 */
export async function loadLowAnswers(deps: Deps, actor: Actor, query: LowAnswersQuery): Promise<LowAnswerPage> {
  const form = await findFormWithOrg(deps.db, query.formId);
  if (!form || !canReadForm(actor, form.org_path)) throw new HttpError('not_found');
  const questions = questionsInOrder(FormDefinition.parse(JSON.parse(form.definition))).map((x) => x.question);
  const question = questions.find((q) => q.key === query.question);
  let low = question ? lowMarksOf(question) : [];
  // A question with no low marks has no such list, as a question with no text has no text answers.
  if (!question || low.length === 0) throw new HttpError('not_found');
  if (query.row !== undefined && (question.type !== 'matrix' || !question.rows.some((r) => r.value === query.row))) throw new HttpError('not_found');
  if (query.max !== undefined) {
    if (question.type !== 'rating' || query.max < question.min || query.max > lowRatingMax(question)) {
      const message = question.type === 'rating' ? `between ${question.min} and ${lowRatingMax(question)}` : 'only for ratings';
      throw new HttpError('validation_failed', {}, [{ path: 'max', message }]);
    }
    low = low.filter((m) => Number(m.value) <= query.max!);
  }

  const office = formsPolicy.can(actor, 'form.manage', atOrg(form.org_path));
  const scope = formsPolicy.can(actor, 'form.read', atOrg(form.org_path)) ? null : formsPolicy.scope(actor, 'form.read');
  const match: LowMatch = question.type === 'matrix'
    ? { kind: 'entries', key: question.key, rows: query.row !== undefined ? [query.row] : null, values: low.map((m) => m.value) }
    : { kind: 'field', key: question.key, values: question.type === 'rating' ? low.map((m) => Number(m.value)) : low.map((m) => m.value) };
  const filter: LowAnswerFilter = { formId: form.id, match, orgId: query.orgId, subjectId: query.subjectId, scope };

  // Outside the office a handful of responses could point at who gave them, as with text answers.
  const partial = scope !== null;
  if (!office && (await countResponsesInView(deps.db, deps.dialect, filter, false)) < SMALL) return { total: 0, items: [], nextCursor: null, hidden: true, partial };

  const [rows, total] = await Promise.all([
    lowAnswerRows(deps.db, deps.dialect, filter, query.cursor ? decodeCursor(query.cursor) : undefined, query.limit),
    countResponsesInView(deps.db, deps.dialect, filter, true),
  ]);
  const page = rows.slice(0, query.limit);
  const raised = new Map<string, string | null>();
  for (const p of await problemsOfAnswers(deps.db, page.map((r) => r.id), question.key)) {
    const key = `${p.response_id}\u0000${p.ref_id ?? ''}`;
    raised.set(key, raised.get(key) ?? (canReadProblem(actor, p) ? p.problem_id : null));
  }
  const lowValues = new Set(low.map((m) => m.value));
  const labelOf = new Map(low.map((m) => [m.value, m.label]));
  const texts = questions.filter((q) => q.type === 'text');

  const items = page.map((r): LowAnswer => {
    const answers = JSON.parse(r.answers) as Record<string, AnswerValue>;
    const given = answers[question.key];
    const cells: { row: string | null; rowLabel: string | null; value: string }[] = [];
    if (question.type === 'matrix') {
      const grades = given && typeof given === 'object' && !Array.isArray(given) ? given : {};
      for (const row of question.rows) {
        if (query.row !== undefined && row.value !== query.row) continue;
        const grade = grades[row.value];
        if (grade !== undefined && lowValues.has(grade)) cells.push({ row: row.value, rowLabel: row.label, value: grade });
      }
    } else if (given !== undefined && lowValues.has(String(given))) {
      cells.push({ row: null, rowLabel: null, value: String(given) });
    }
    return {
      responseId: r.id,
      day: r.day,
      org: r.org_id && r.org_name ? { id: r.org_id, name: r.org_name } : null,
      subject: r.subject_id && r.subject_name ? { id: r.subject_id, name: r.subject_name } : null,
      marks: cells.map((c) => {
        const key = `${r.id}\u0000${c.row ?? ''}`;
        return { ...c, label: labelOf.get(c.value) ?? c.value, raised: raised.has(key), problemId: raised.get(key) ?? null };
      }),
      comments: texts.flatMap((q) => {
        const text = answers[q.key];
        return typeof text === 'string' && text.trim() !== '' ? [{ question: q.key, label: q.label, text: text.trim() }] : [];
      }),
    };
  });
  const last = page[page.length - 1];
  return { total, items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.day, last.id) : null, hidden: false, partial };
}
