import {
  FormDefinition, isLowGrade, lowRatingMax, questionsInOrder,
  type AnswerValue, type FormKind, type ProblemSourceType, type Question, type SourceInput,
} from '@massline/shared';
import { sql, type Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { canReadForm, findFormWithOrg, findResponse } from '../../forms/index.js';
import { problemsPolicy } from '../policy.js';
import { findOpinionForSource, findOrgById, problemOfAnswer, problemOfOpinion } from '../queries.js';

type Trx = Transaction<Database>;
const EXCERPT = 200;
export const excerptOf = (text: string, max = EXCERPT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A source checked and ready to be stored. */
export interface ResolvedSource {
  source_type: ProblemSourceType;
  opinion_id: string | null;
  form_id: string | null;
  response_id: string | null;
  question: string | null;
  ref_id: string | null;
  excerpt: string;
  /** The org an opinion concerns: its counter 'opinions.problem' moves. */
  opinionOrgId: string | null;
}

/** A questionnaire answer that may be raised as a problem, with what a problem filled from it needs. */
export interface RaisableAnswer {
  type: ProblemSourceType;
  form: { id: string; title: string; kind: FormKind; anonymous: boolean; orgId: string; orgPath: string };
  response: { id: string; orgId: string | null; orgPath: string | null; subjectId: string | null };
  question: Question;
  row: { value: string; label: string } | null;
  /** The text, the rating or the grade's label. */
  value: string;
}

/**
 * Find an answer and check that it can become a problem: a text that says something, a rating in
 * the lower half of its scale, or a choice or matrix row graded 不满意 / 差 / 比较突出. The form must
 * be readable by the caller and the response lie where they manage problems; anything out of
 * reach is 404.
 */
export async function findRaisableAnswer(
  trx: Trx,
  actor: Actor,
  ref: { formId: string; responseId: string; question: string; row?: string | undefined },
): Promise<Outcome<RaisableAnswer>> {
  const form = await findFormWithOrg(trx, ref.formId);
  if (!form || !canReadForm(actor, form.org_path)) return refuse('not_found');
  const response = await findResponse(trx, form.id, ref.responseId);
  if (!response) return refuse('not_found');
  const responseOrg = response.org_id ? await findOrgById(trx, response.org_id) : undefined;
  // Where the answer came from decides who may act on it: its org, or the form's own for open links.
  const wherePath = responseOrg?.path ?? form.org_path;
  if (!problemsPolicy.can(actor, 'problem.manage', atOrg(wherePath))) return refuse('not_found');
  const definition = FormDefinition.parse(JSON.parse(form.definition));
  const question = questionsInOrder(definition).map((x) => x.question).find((q) => q.key === ref.question);
  if (!question) return refuse('not_found');
  const answers = JSON.parse(response.answers) as Record<string, AnswerValue>;
  const given = answers[question.key];
  let value: string | null = null;
  let row: RaisableAnswer['row'] = null;
  let low: 'text' | 'rating' | null = null;
  if (question.type === 'matrix') {
    if (ref.row === undefined) return refuse('answer_not_raisable');
    const r = question.rows.find((x) => x.value === ref.row);
    if (!r) return refuse('not_found');
    row = { value: r.value, label: r.label };
    const grade = given && typeof given === 'object' && !Array.isArray(given) ? given[r.value] : undefined;
    const label = question.scale.find((s) => s.value === grade)?.label;
    if (isLowGrade(label)) [value, low] = [label!, 'rating'];
  } else if (ref.row !== undefined) {
    return refuse('not_found');
  } else if (question.type === 'text') {
    if (typeof given === 'string' && given.trim() !== '') [value, low] = [given.trim(), 'text'];
  } else if (question.type === 'rating') {
    if (typeof given === 'number' && given <= lowRatingMax(question)) [value, low] = [String(given), 'rating'];
  } else if (question.type === 'single') {
    const label = question.options.find((o) => o.value === given)?.label;
    if (isLowGrade(label)) [value, low] = [label!, 'rating'];
  }
  if (value === null || low === null) return refuse('answer_not_raisable');
  const kind = form.kind as FormKind;
  // Inspection findings keep their kind: the trail says whether one found it oneself or a colleague did.
  const type: ProblemSourceType = kind === 'self_check' || kind === 'mutual_check' ? kind : low === 'text' ? 'response_text' : 'response_rating';
  return ok({
    type,
    form: { id: form.id, title: form.title, kind, anonymous: form.anonymous === 1, orgId: form.org_id, orgPath: form.org_path },
    response: { id: response.id, orgId: response.org_id, orgPath: responseOrg?.path ?? null, subjectId: response.subject_id },
    question,
    row,
    value,
  });
}

/**
 * Check every source and turn it into a row: the opinion exists, lies in the caller's reach and
 * feeds no problem yet; the answer exists and is raisable and is not already a problem; the same
 * source is not given twice. The first refusal wins, and nothing is written.
 */
export async function resolveSources(deps: Deps, trx: Trx, actor: Actor, sources: SourceInput[]): Promise<Outcome<ResolvedSource[]>> {
  const out: ResolvedSource[] = [];
  const seen = new Set<string>();
  for (const s of sources) {
    if (s.type === 'opinion') {
      // Two requests linking the same opinion at once: the second waits here, then sees the first's row.
      if (deps.dialect === 'postgres') await sql`select id from opinions where id = ${s.opinionId} for update`.execute(trx);
      const opinion = await findOpinionForSource(trx, s.opinionId);
      if (!opinion || !problemsPolicy.can(actor, 'problem.manage', atOrg(opinion.org_path))) return refuse('not_found');
      if (seen.has(`o:${opinion.id}`) || (await problemOfOpinion(trx, opinion.id))) return refuse('opinion_in_problem');
      seen.add(`o:${opinion.id}`);
      out.push({
        source_type: 'opinion', opinion_id: opinion.id, form_id: null, response_id: null, question: null, ref_id: null,
        excerpt: excerptOf(opinion.content), opinionOrgId: opinion.org_id,
      });
    } else if (s.type === 'inspector' || s.type === 'criticism') {
      out.push({ source_type: s.type, opinion_id: null, form_id: null, response_id: null, question: null, ref_id: null, excerpt: s.note, opinionOrgId: null });
    } else {
      if (deps.dialect === 'postgres') await sql`select id from responses where id = ${s.responseId} for update`.execute(trx);
      const found = await findRaisableAnswer(trx, actor, s);
      if (!found.ok) return found;
      const a = found.value;
      const key = `a:${a.response.id}:${a.question.key}:${a.row?.value ?? ''}`;
      if (seen.has(key) || (await problemOfAnswer(trx, { responseId: a.response.id, question: a.question.key, row: a.row?.value ?? null }))) return refuse('answer_in_problem');
      seen.add(key);
      out.push({
        source_type: a.type, opinion_id: null, form_id: a.form.id, response_id: a.response.id, question: a.question.key, ref_id: a.row?.value ?? null,
        // An anonymous form's answer is kept where it is: the source names only the form, the response and the question.
        excerpt: a.form.anonymous ? '' : excerptOf(a.value),
        opinionOrgId: null,
      });
    }
  }
  return ok(out);
}
