import type {
  Campaign, HoursReport, MyHours, MyNotes, NoteDetail, NotePage, NoteReviewBody, NoteStatus, Reading, ReadingCreateBody, ReadingKind, ReadingList, ReadingUpdateBody,
} from '@massline/shared';
import { download, http, request } from '@/api/http';

const enc = encodeURIComponent;

export interface NoteFilter {
  campaignId: string;
  orgId?: string | null;
  status?: NoteStatus | null;
}

export interface HoursFilter {
  campaignId: string;
  orgId: string;
  minHours?: number | null;
}
const hoursQuery = (f: HoursFilter) => ({ campaignId: f.campaignId, orgId: f.orgId, minHours: f.minHours ?? undefined });

export const studyApi = {
  /** The campaigns the caller reads (this module's own call: the campaigns pages keep theirs). */
  campaigns: () => http.get<{ items: Campaign[] }>('/api/campaigns'),

  readings: (campaignId: string) => http.get<ReadingList>('/api/study/readings', { campaignId }),
  addReading: (body: ReadingCreateBody) => http.post<Reading>('/api/study/readings', body),
  updateReading: (id: string, body: ReadingUpdateBody) => http.patch<Reading>(`/api/study/readings/${enc(id)}`, body),
  deleteReading: (id: string) => http.delete<ReadingList>(`/api/study/readings/${enc(id)}`),
  reorder: (campaignId: string, ids: string[]) => http.post<ReadingList>('/api/study/readings/reorder', { campaignId, ids }),
  /** The file is the body, sent as bytes: the server tells PDF from Word by the content. */
  uploadFile: (id: string, file: File) =>
    request<Reading>('POST', `/api/study/readings/${enc(id)}/file`, { query: { name: file.name.slice(0, 200) || undefined }, raw: { body: file, type: 'application/octet-stream' } }),
  removeFile: (id: string) => http.delete<Reading>(`/api/study/readings/${enc(id)}/file`),
  fileUrl: (id: string) => `/api/study/readings/${enc(id)}/file`,

  myNotes: (campaignId: string) => http.get<MyNotes>('/api/study/notes/mine', { campaignId }),
  notes: (f: NoteFilter, cursor?: string, limit = 30) =>
    http.get<NotePage>('/api/study/notes', { campaignId: f.campaignId, orgId: f.orgId ?? undefined, status: f.status ?? undefined, cursor, limit }),
  note: (id: string) => http.get<NoteDetail>(`/api/study/notes/${enc(id)}`),
  writeNote: (body: { campaignId: string; orgId: string; title: string; body: string }) => http.post<NoteDetail>('/api/study/notes', body),
  editNote: (id: string, body: { title?: string; body?: string }) => http.patch<NoteDetail>(`/api/study/notes/${enc(id)}`, body),
  review: (id: string, body: NoteReviewBody) => http.post<NoteDetail>(`/api/study/notes/${enc(id)}/review`, body),

  hours: (f: HoursFilter) => http.get<HoursReport>('/api/study/hours', hoursQuery(f)),
  myHours: (campaignId: string) => http.get<MyHours>('/api/study/hours/mine', { campaignId }),
  exportHours: (f: HoursFilter, fileName: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(hoursQuery(f))) if (v !== undefined) params.set(k, String(v));
    return download(`/api/study/hours.xlsx?${params.toString()}`, fileName);
  },
};

export type { ReadingKind };
/** What the file input offers; the server still decides by content. */
export const READING_FILE_ACCEPT = '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
