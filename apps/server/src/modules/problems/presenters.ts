import {
  FormDefinition, questionsInOrder,
  type AnswerValue, type FormKind, type OpinionChannel, type Problem, type ProblemCategory, type ProblemSeverity, type ProblemSource,
  type ProblemSourceType, type ProblemStatus, type Rule,
} from '@massline/shared';
import type { Actor } from '../../kernel/policy.js';
import type { RulesTable } from './tables.js';
import { problemAbilities } from './policy.js';
import type { ProblemRow } from './queries.js';

/** Allow-list of a problem's fields. */
export function presentProblem(actor: Actor, p: ProblemRow): Problem {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    category: p.category as ProblemCategory,
    severity: p.severity as ProblemSeverity,
    status: p.status as ProblemStatus,
    rule: p.rule_id && p.rule_title !== null ? { id: p.rule_id, code: p.rule_code ?? '', title: p.rule_title, parentTitle: p.rule_parent_title ?? null } : null,
    ownerOrg: { id: p.owner_org_id, name: p.owner_org_name },
    ownerPerson: p.owner_person_id && p.owner_person_name !== null ? { id: p.owner_person_id, name: p.owner_person_name } : null,
    sourceCount: Number(p.source_count ?? 0),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    abilities: problemAbilities(actor, p),
  };
}

export const presentRule = (r: RulesTable): Rule => ({
  id: r.id, parentId: r.parent_id, code: r.code, title: r.title, body: r.body, sortOrder: r.sort_order, archived: r.archived_at !== null,
});

/** Parents in catalogue order, each followed by its own clauses. */
export function presentRules(rows: RulesTable[]): Rule[] {
  const children = new Map<string, RulesTable[]>();
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const present = new Set(rows.map((r) => r.id));
  // A clause whose parent is not in the list (archived and left out) still shows, at the end.
  const roots = rows.filter((r) => !r.parent_id || !present.has(r.parent_id));
  return roots.flatMap((r) => [presentRule(r), ...(r.parent_id ? [] : (children.get(r.id) ?? []).map(presentRule))]);
}

export interface SourceRow {
  id: string;
  source_type: string;
  opinion_id: string | null;
  form_id: string | null;
  response_id: string | null;
  question: string | null;
  ref_id: string | null;
  excerpt: string;
  created_at: string;
}
export interface TrailData {
  opinions: Map<string, { id: string; channel: string; category: string; day: string; content: string; status: string; org_name: string }>;
  forms: Map<string, { id: string; title: string; kind: string; anonymous: number; definition: string }>;
  responses: Map<string, { id: string; answers: string; subject_id: string | null }>;
  people: Map<string, string>;
}

/** The value of an answer as a person reads it: the text, the rating, the grade's label. */
function answerValue(def: FormDefinition, key: string, row: string | null, answers: Record<string, AnswerValue>): { label: string; rowLabel: string | null; value: string | null } {
  const q = questionsInOrder(def).map((x) => x.question).find((x) => x.key === key);
  if (!q) return { label: key, rowLabel: null, value: null };
  const given = answers[key];
  if (q.type === 'matrix') {
    const r = q.rows.find((x) => x.value === row);
    const grade = given && typeof given === 'object' && !Array.isArray(given) && row ? given[row] : undefined;
    return { label: q.label, rowLabel: r?.label ?? row, value: grade === undefined ? null : (q.scale.find((s) => s.value === grade)?.label ?? grade) };
  }
  if (q.type === 'single') return { label: q.label, rowLabel: null, value: given === undefined ? null : (q.options.find((o) => o.value === given)?.label ?? String(given)) };
  return { label: q.label, rowLabel: null, value: given === undefined || given === null ? null : String(given) };
}

/** Each source with what it points at, read where it lives now. */
export function presentSource(s: SourceRow, d: TrailData): ProblemSource {
  const opinion = s.opinion_id ? d.opinions.get(s.opinion_id) : undefined;
  const form = s.form_id ? d.forms.get(s.form_id) : undefined;
  let answer: ProblemSource['answer'] = null;
  if (form && s.response_id && s.question) {
    const response = d.responses.get(s.response_id);
    const def = FormDefinition.parse(JSON.parse(form.definition));
    const v = answerValue(def, s.question, s.ref_id, response ? (JSON.parse(response.answers) as Record<string, AnswerValue>) : {});
    const subjectId = response?.subject_id ?? null;
    answer = {
      formId: form.id, formTitle: form.title, formKind: form.kind as FormKind, anonymous: form.anonymous === 1, responseId: s.response_id,
      question: s.question, questionLabel: v.label, row: s.ref_id, rowLabel: v.rowLabel, value: response ? v.value : null,
      subject: subjectId && d.people.has(subjectId) ? { id: subjectId, name: d.people.get(subjectId)! } : null,
    };
  }
  return {
    id: s.id,
    type: s.source_type as ProblemSourceType,
    createdAt: s.created_at,
    excerpt: s.excerpt,
    opinion: opinion
      ? {
        id: opinion.id, channel: opinion.channel as OpinionChannel, category: opinion.category as ProblemCategory, day: opinion.day,
        content: opinion.content.length > 500 ? `${opinion.content.slice(0, 499)}…` : opinion.content, status: opinion.status as NonNullable<ProblemSource['opinion']>['status'], orgName: opinion.org_name,
      }
      : null,
    answer,
  };
}
