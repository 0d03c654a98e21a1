import type { z } from 'zod';
import type {
  AssignBody,
  AssignResult,
  AssignmentSummary,
  CodesResult,
  Form,
  FormCreateBody,
  FormList,
  FormResults,
  FormTemplate,
  FormUpdateBody,
  ResultsBreakdown,
  TextAnswers,
  Turnout,
} from '@massline/shared';
import { ApiError, download, http, request } from '@/api/http';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type FormSummary = z.infer<typeof FormList>['items'][number];
export type TurnoutRow = z.infer<typeof Turnout>['items'][number];
export type Breakdown = z.infer<typeof ResultsBreakdown>;
export type TextPage = z.infer<typeof TextAnswers>;
export type AssignOutcome = z.infer<typeof AssignResult>;
export type Assignments = z.infer<typeof AssignmentSummary>;
export type QuestionResult = FormResults['questions'][number];
export type Count = number | '<5';
export type EvaluationScale = 'satisfaction' | 'quality';

/** One row of a rejected XLSForm: which sheet and row, and why. */
export interface XlsFormRowError {
  sheet: string;
  row: number;
  column?: string;
  reason: string;
}

export interface ResultsFilter {
  threshold?: number;
  orgId?: string | null;
  subjectId?: string | null;
}

const enc = encodeURIComponent;
const base = (id: string) => `/api/forms/${enc(id)}`;

/**
 * An endpoint this server does not have yet (an older server, or one being rolled out): the
 * screens show a note instead of an error. Unknown ids are `not_found`, unknown routes
 * `route_not_found`.
 */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'route_not_found';
}

export const formsApi = {
  list: (orgId: string | null) => http.get<z.infer<typeof FormList>>('/api/forms', { orgId: orgId ?? undefined }),
  templates: (query: { team?: string; cadres?: string[]; scale?: EvaluationScale }) =>
    http.get<{ items: FormTemplate[] }>('/api/forms/templates', {
      team: query.team?.trim() || undefined,
      cadres: query.cadres?.length ? query.cadres.join(',') : undefined,
      scale: query.scale,
    }),
  get: (id: string) => http.get<Form>(base(id)),
  create: (body: FormCreateBody) => http.post<Form>('/api/forms', body),
  update: (id: string, body: FormUpdateBody) => http.patch<Form>(base(id), body),
  open: (id: string) => http.post<Form>(`${base(id)}/open`),
  close: (id: string) => http.post<Form>(`${base(id)}/close`),
  copy: (id: string) => http.post<Form>(`${base(id)}/copy`),
  /** The codes come back this once and never again: only their hashes are stored. */
  codes: (id: string, orgId: string, count: number) => http.post<z.infer<typeof CodesResult>>(`${base(id)}/codes`, { orgId, count }),
  turnout: (id: string) => http.get<z.infer<typeof Turnout>>(`${base(id)}/turnout`),
  results: (id: string, filter: ResultsFilter = {}) =>
    http.get<FormResults>(`${base(id)}/results`, {
      threshold: filter.threshold,
      orgId: filter.orgId ?? undefined,
      subjectId: filter.subjectId ?? undefined,
    }),
  breakdown: (id: string) => http.get<Breakdown>(`${base(id)}/results/breakdown`),
  texts: (id: string, question: string, cursor?: string | null, limit = 20) =>
    http.get<TextPage>(`${base(id)}/texts`, { question, cursor: cursor ?? undefined, limit }),
  assign: (id: string, body: AssignBody) => http.post<AssignOutcome>(`${base(id)}/assignments`, body),
  assignments: (id: string) => http.get<Assignments>(`${base(id)}/assignments`),
  /** The raw .xlsx is the body; a rejected file answers 422 with every bad row in details. */
  importXlsForm: (orgId: string, kind: string, file: Blob) =>
    request<Form>('POST', '/api/forms/import/xlsform', { query: { orgId, kind }, raw: { body: file, type: XLSX_TYPE } }),
};

function resultsQuery(filter: ResultsFilter): string {
  const params = new URLSearchParams();
  if (filter.threshold !== undefined) params.set('threshold', String(filter.threshold));
  if (filter.orgId) params.set('orgId', filter.orgId);
  if (filter.subjectId) params.set('subjectId', filter.subjectId);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const formDownloads = {
  responses: (id: string, name: string) => download(`${base(id)}/responses.xlsx`, name),
  /** The results as shown: same threshold, same org or subject. */
  resultsXlsx: (id: string, name: string, filter: ResultsFilter = {}) => download(`${base(id)}/results.xlsx${resultsQuery(filter)}`, name),
  resultsCsv: (id: string, name: string, filter: ResultsFilter = {}) => download(`${base(id)}/results.csv${resultsQuery(filter)}`, name),
  xlsform: (id: string, name: string) => download(`${base(id)}/xlsform.xlsx`, name),
};

/** The residents' page of a form, as printed on posters and slips. */
export function publicLink(id: string, params: { code?: string; org?: string | null } = {}): string {
  const url = new URL(`/f/${enc(id)}`, window.location.origin);
  if (params.code) url.searchParams.set('code', params.code);
  if (params.org) url.searchParams.set('org', params.org);
  return url.toString();
}
