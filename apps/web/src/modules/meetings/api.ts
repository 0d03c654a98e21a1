import type {
  AttendanceEntry, CriticismSheet, ForumOpinionBody, MakeupBody, MeetingCreateBody, MeetingDetail, MeetingKind, MeetingSummary, MeetingUpdateBody,
} from '@massline/shared';
import { http, request } from '@/api/http';

export interface MeetingFilter {
  orgId?: string | null;
  kind?: MeetingKind | null;
  from?: string | null;
  to?: string | null;
}

const enc = encodeURIComponent;

export const meetingsApi = {
  list: (f: MeetingFilter, offset = 0, limit = 50) =>
    http.get<{ items: MeetingSummary[]; total: number }>('/api/meetings', { orgId: f.orgId ?? undefined, kind: f.kind ?? undefined, from: f.from ?? undefined, to: f.to ?? undefined, offset, limit }),
  get: (id: string) => http.get<MeetingDetail>(`/api/meetings/${enc(id)}`),
  create: (body: Partial<MeetingCreateBody>) => http.post<MeetingDetail>('/api/meetings', body),
  update: (id: string, body: MeetingUpdateBody) => http.patch<MeetingDetail>(`/api/meetings/${enc(id)}`, body),
  attendance: (id: string, entries: AttendanceEntry[]) => request<MeetingDetail>('PUT', `/api/meetings/${enc(id)}/attendance`, { json: { entries } }),
  makeup: (id: string, body: Partial<MakeupBody>) => http.post<MeetingDetail>(`/api/meetings/${enc(id)}/makeups`, body),
  comment: (id: string, body: string) => http.post<MeetingDetail>(`/api/meetings/${enc(id)}/comments`, { body }),
  opinion: (id: string, body: ForumOpinionBody) => http.post<MeetingDetail>(`/api/meetings/${enc(id)}/opinions`, body),
  openSignin: (id: string) => http.post<{ token: string; url: string }>(`/api/meetings/${enc(id)}/signin`),
  closeSignin: (id: string) => http.delete<MeetingDetail>(`/api/meetings/${enc(id)}/signin`),
  signIn: (token: string) => http.post<{ meetingId: string; title: string; orgName: string; alreadySignedIn: boolean }>('/api/meeting-signin', { token }),
  upload: (id: string, file: File) =>
    request<MeetingDetail>('POST', `/api/meetings/${enc(id)}/files`, { query: { name: file.name.slice(0, 200) || 'file' }, raw: { body: file, type: 'application/octet-stream' } }),
  fileUrl: (id: string, fileId: string) => `/api/meetings/${enc(id)}/files/${enc(fileId)}`,
  removeFile: (id: string, fileId: string) => http.delete<MeetingDetail>(`/api/meetings/${enc(id)}/files/${enc(fileId)}`),
  criticism: (id: string) => http.get<CriticismSheet>(`/api/meetings/${enc(id)}/criticism`),
  addCriticism: (id: string, body: { fromPersonId: string; toPersonId: string; content: string; response?: string }) =>
    http.post<CriticismSheet>(`/api/meetings/${enc(id)}/criticism`, body),
  updateCriticism: (id: string, entryId: string, body: { content?: string; response?: string }) =>
    http.patch<CriticismSheet>(`/api/meetings/${enc(id)}/criticism/${enc(entryId)}`, body),
  raise: (id: string, entryId: string, body: { title: string; category: string }) =>
    http.post<{ problemId: string }>(`/api/meetings/${enc(id)}/criticism/${enc(entryId)}/problem`, body),
  /** The campaign's reading list, for a study session to pick from. */
  readings: (campaignId: string) => http.get<{ items: { id: string; title: string }[] }>('/api/study/readings', { campaignId }),
};

export const FILE_ACCEPT = '.pdf,.docx,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
