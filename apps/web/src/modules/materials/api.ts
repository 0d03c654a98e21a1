import type {
  Campaign, MaterialCompare, MaterialDetail, MaterialPage, MaterialSaveInput, MaterialStatus, MaterialVersion, MyMaterials, Problem,
} from '@massline/shared';
import { download, http, request } from '@/api/http';

const enc = encodeURIComponent;

export interface MaterialFilter {
  campaignId?: string | null;
  orgId?: string | null;
  status?: MaterialStatus | null;
}

export const materialsApi = {
  mine: () => http.get<MyMaterials>('/api/my/materials'),
  list: (f: MaterialFilter, cursor?: string, limit = 50) =>
    http.get<MaterialPage>('/api/materials', { campaignId: f.campaignId ?? undefined, orgId: f.orgId ?? undefined, status: f.status ?? undefined, cursor, limit }),
  get: (id: string) => http.get<MaterialDetail>(`/api/materials/${enc(id)}`),
  create: (campaignId: string, orgId?: string) => http.post<MaterialDetail>('/api/materials', { campaignId, orgId }),
  /** The whole text each time (the server keeps versions). */
  save: (id: string, body: MaterialSaveInput) => request<MaterialDetail>('PUT', `/api/materials/${enc(id)}`, { json: body }),
  submit: (id: string, comment = '') => http.post<MaterialDetail>(`/api/materials/${enc(id)}/submit`, { comment }),
  return: (id: string, comment: string) => http.post<MaterialDetail>(`/api/materials/${enc(id)}/return`, { comment }),
  approve: (id: string, comment = '') => http.post<MaterialDetail>(`/api/materials/${enc(id)}/approve`, { comment }),
  comment: (id: string, comment: string) => http.post<MaterialDetail>(`/api/materials/${enc(id)}/comments`, { comment }),
  version: (id: string, version: number) => http.get<MaterialVersion>(`/api/materials/${enc(id)}/versions/${version}`),
  compare: (id: string, from: number, to: number) => http.get<MaterialCompare>(`/api/materials/${enc(id)}/compare`, { from, to }),
  export: (id: string, fileName: string, version?: number) =>
    download(`/api/materials/${enc(id)}/export.docx${version ? `?version=${version}` : ''}`, fileName),
  /** The campaigns the reader sees, for the review list's filter. */
  campaigns: () => http.get<{ items: Campaign[] }>('/api/campaigns'),
  /** Problems to link, by keyword among those the caller may read (a cadre: those assigned to them). */
  searchProblems: (q: string) => http.get<{ items: Problem[]; nextCursor: string | null }>('/api/problems', { q: q.trim() || undefined, limit: 20 }),
};
