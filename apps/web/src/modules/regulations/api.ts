import type { Problem, Regulation, RegulationDetail, RegulationType } from '@massline/shared';
import { download, http, request } from '@/api/http';

export interface RegulationFilter {
  orgId?: string | null;
  type?: RegulationType | null;
  from?: string | null;
  to?: string | null;
  q?: string;
}

export interface RegulationBody {
  title: string;
  orgId: string;
  type: RegulationType;
  effectiveDay: string;
  summary: string;
}

const enc = encodeURIComponent;

function query(f: RegulationFilter) {
  return { orgId: f.orgId ?? undefined, type: f.type ?? undefined, from: f.from ?? undefined, to: f.to ?? undefined, q: f.q?.trim() || undefined };
}

export const regulationsApi = {
  list: (f: RegulationFilter, cursor?: string, limit = 30) =>
    http.get<{ items: Regulation[]; nextCursor: string | null }>('/api/regulations', { ...query(f), cursor, limit }),
  get: (id: string) => http.get<RegulationDetail>(`/api/regulations/${enc(id)}`),
  create: (body: RegulationBody & { problemIds: string[] }) => http.post<RegulationDetail>('/api/regulations', body),
  update: (id: string, body: Partial<RegulationBody>) => http.patch<RegulationDetail>(`/api/regulations/${enc(id)}`, body),
  link: (id: string, problemIds: string[]) => http.post<RegulationDetail>(`/api/regulations/${enc(id)}/problems`, { problemIds }),
  unlink: (id: string, problemId: string) => http.delete<RegulationDetail>(`/api/regulations/${enc(id)}/problems/${enc(problemId)}`),
  /** The file is the body, sent as bytes: the server tells PDF from Word by the content. */
  upload: (id: string, file: File) =>
    request<RegulationDetail>('POST', `/api/regulations/${enc(id)}/document`, {
      query: { name: file.name.slice(0, 200) || undefined },
      raw: { body: file, type: 'application/octet-stream' },
    }),
  documentUrl: (id: string) => `/api/regulations/${enc(id)}/document`,
  /** The filtered register as .xlsx. */
  export: (f: RegulationFilter, fileName: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query(f))) if (v) params.set(k, v);
    const text = params.toString();
    return download(`/api/regulations.xlsx${text ? `?${text}` : ''}`, fileName);
  },
  /** Problems to link, found by keyword among those the caller may read. */
  searchProblems: (q: string) => http.get<{ items: Problem[]; nextCursor: string | null }>('/api/problems', { q: q.trim() || undefined, limit: 20 }),
};

/** What the file input offers; the server still decides by content. */
export const DOCUMENT_ACCEPT = '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
