import type { Campaign, CampaignCreateBody, CampaignUpdateBody, Summary, SummaryList, SummarySaveBody } from '@massline/shared';
import { download, http } from '@/api/http';

const enc = encodeURIComponent;
export interface SummaryKey { orgId?: string | null; phaseId?: string | null }
const keyQuery = (k: SummaryKey) => ({ orgId: k.orgId ?? undefined, phaseId: k.phaseId ?? undefined });

export const campaignsApi = {
  list: (orgId?: string | null) => http.get<{ items: Campaign[] }>('/api/campaigns', { orgId: orgId ?? undefined }),
  get: (id: string) => http.get<Campaign>(`/api/campaigns/${enc(id)}`),
  current: (orgId: string) => http.get<{ campaign: Campaign | null }>('/api/campaigns/current', { orgId }),
  create: (body: CampaignCreateBody) => http.post<Campaign>('/api/campaigns', body),
  update: (id: string, body: CampaignUpdateBody) => http.patch<Campaign>(`/api/campaigns/${enc(id)}`, body),

  summaries: (id: string) => http.get<SummaryList>(`/api/campaigns/${enc(id)}/summaries`),
  summary: (id: string, k: SummaryKey) => http.get<Summary>(`/api/campaigns/${enc(id)}/summary`, keyQuery(k)),
  /** A fresh draft from today's data, not saved. */
  draft: (id: string, k: SummaryKey) => http.get<Summary>(`/api/campaigns/${enc(id)}/summary/draft`, keyQuery(k)),
  saveSummary: (id: string, body: SummarySaveBody) => http.post<Summary>(`/api/campaigns/${enc(id)}/summary`, body),
  exportSummary: (id: string, k: SummaryKey, fileName: string) => {
    const params = new URLSearchParams();
    for (const [key, v] of Object.entries(keyQuery(k))) if (v) params.set(key, v);
    const text = params.toString();
    return download(`/api/campaigns/${enc(id)}/summary.docx${text ? `?${text}` : ''}`, fileName);
  },
};
