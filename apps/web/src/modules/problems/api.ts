import type {
  LowAnswerPage, Problem, ProblemCategory, ProblemCounts, ProblemDetail, ProblemSeverity, ProblemSourceType, ProblemStatus, Rule,
} from '@massline/shared';
import { download, http } from '@/api/http';

export interface ProblemFilter {
  orgId?: string | null;
  category?: ProblemCategory | null;
  status?: ProblemStatus | null;
  severity?: ProblemSeverity | null;
  sourceType?: ProblemSourceType | null;
  from?: string | null;
  to?: string | null;
  q?: string;
  mine?: boolean;
}

/** A source given by hand: an inspector's finding or a criticism entry (opinions and answers are raised from their own pages). */
export type NoteSource = { type: 'inspector' | 'criticism'; note: string };
export type SourceInput = NoteSource | { type: 'opinion'; opinionId: string } | { type: ProblemSourceType; formId: string; responseId: string; question: string; row?: string };

export interface ProblemBody {
  title: string;
  description: string;
  category: ProblemCategory;
  ruleId: string | null;
  ownerOrgId: string;
  ownerPersonId: string | null;
  severity: ProblemSeverity;
}

const enc = encodeURIComponent;

function query(f: ProblemFilter) {
  return {
    orgId: f.orgId ?? undefined,
    category: f.category ?? undefined,
    status: f.status ?? undefined,
    severity: f.severity ?? undefined,
    sourceType: f.sourceType ?? undefined,
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    q: f.q?.trim() || undefined,
    mine: f.mine ? 'true' : undefined,
  };
}

export const problemsApi = {
  list: (f: ProblemFilter, cursor?: string, limit = 30) =>
    http.get<{ items: Problem[]; nextCursor: string | null }>('/api/problems', { ...query(f), cursor, limit }),
  get: (id: string) => http.get<ProblemDetail>(`/api/problems/${enc(id)}`),
  create: (body: ProblemBody & { sources: SourceInput[] }) => http.post<ProblemDetail>('/api/problems', body),
  update: (id: string, body: Partial<ProblemBody>) => http.patch<ProblemDetail>(`/api/problems/${enc(id)}`, body),
  setStatus: (id: string, status: ProblemStatus, note?: string) => http.post<ProblemDetail>(`/api/problems/${enc(id)}/status`, { status, ...(note ? { note } : {}) }),
  addSources: (id: string, sources: SourceInput[]) => http.post<ProblemDetail>(`/api/problems/${enc(id)}/sources`, { sources }),
  fromAnswer: (body: { formId: string; responseId: string; question: string; row?: string }) => http.post<ProblemDetail>('/api/problems/from-answer', body),
  counts: (orgId?: string) => http.get<ProblemCounts>('/api/problems/counts', { orgId }),
  /** 低评价: the responses that gave one question of a form a low mark, newest first. */
  lowAnswers: (q: { formId: string; question: string; row?: string | null; max?: number | null; orgId?: string | null; subjectId?: string | null }, cursor?: string | null, limit = 20) =>
    http.get<LowAnswerPage>('/api/problems/low-answers', {
      formId: q.formId,
      question: q.question,
      row: q.row ?? undefined,
      max: q.max ?? undefined,
      orgId: q.orgId ?? undefined,
      subjectId: q.subjectId ?? undefined,
      cursor: cursor ?? undefined,
      limit,
    }),
  /** The filtered list as .xlsx. */
  export: (f: ProblemFilter, fileName: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query(f))) if (v) params.set(k, v);
    const text = params.toString();
    return download(`/api/problems.xlsx${text ? `?${text}` : ''}`, fileName);
  },
};

export const rulesApi = {
  list: (includeArchived = false) => http.get<{ items: Rule[] }>('/api/rules', { includeArchived: includeArchived ? 'true' : undefined }),
  create: (body: { parentId: string | null; title: string; body: string; code?: string }) => http.post<Rule>('/api/rules', body),
  update: (id: string, body: { title?: string; body?: string; code?: string; archived?: boolean }) => http.patch<Rule>(`/api/rules/${enc(id)}`, body),
};
