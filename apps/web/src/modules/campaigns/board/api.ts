import type { Board, Campaign, CellDetail, TaskCreateBody, Task } from '@massline/shared';
import { download, http, request } from '@/api/http';

const enc = encodeURIComponent;
type TaskList = { items: Task[]; abilities: 'manage'[] };

export const boardApi = {
  campaigns: () => http.get<{ items: Campaign[] }>('/api/campaigns'),
  board: (campaignId: string, orgId?: string | null) => http.get<Board>(`/api/campaigns/${enc(campaignId)}/board`, { orgId: orgId ?? undefined }),
  cell: (campaignId: string, taskId: string, orgId: string) => http.get<CellDetail>(`/api/campaigns/${enc(campaignId)}/board/cell`, { taskId, orgId }),
  tasks: (campaignId: string) => http.get<TaskList>(`/api/campaigns/${enc(campaignId)}/tasks`),
  template: (campaignId: string) => http.post<TaskList>(`/api/campaigns/${enc(campaignId)}/tasks/template`),
  addTask: (campaignId: string, body: TaskCreateBody) => http.post<TaskList>(`/api/campaigns/${enc(campaignId)}/tasks`, body),
  removeTask: (campaignId: string, taskId: string) => http.delete<TaskList>(`/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}`),
  evidence: (campaignId: string, taskId: string, orgId: string, note: string) =>
    http.post<CellDetail>(`/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}/evidence`, { orgId, note }),
  review: (campaignId: string, taskId: string, orgId: string, decision: 'confirm' | 'reject', comment: string) =>
    http.post<CellDetail>(`/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}/evidence/review`, { orgId, decision, comment }),
  uploadFile: (campaignId: string, taskId: string, orgId: string, file: File) =>
    request<CellDetail>('POST', `/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}/evidence/file`, {
      query: { orgId, name: file.name.slice(0, 200) || 'file' }, raw: { body: file, type: 'application/octet-stream' },
    }),
  fileUrl: (campaignId: string, taskId: string, orgId: string) => `/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}/evidence/file?orgId=${enc(orgId)}`,
  removeFile: (campaignId: string, taskId: string, orgId: string) =>
    request<CellDetail>('DELETE', `/api/campaigns/${enc(campaignId)}/tasks/${enc(taskId)}/evidence/file`, { query: { orgId } }),
  export: (campaignId: string, orgId: string | null, name: string) =>
    download(`/api/campaigns/${enc(campaignId)}/board.xlsx${orgId ? `?orgId=${enc(orgId)}` : ''}`, name),
};
