import type { AuditEntry } from '@massline/shared';
import { http } from '@/api/http';

export const auditApi = {
  list: (cursor?: string) => http.get<{ items: AuditEntry[]; next: string | null }>('/api/audit', { limit: 50, cursor }),
};
