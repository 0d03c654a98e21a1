import type {
  AccountCreateBody,
  Grant,
  GrantCreateBody,
  Org,
  OrgCreateBody,
  OrgUpdateBody,
  Person,
  PersonCreateBody,
  PersonPage,
  PersonUpdateBody,
  RosterImportResult,
} from '@massline/shared';
import { download, http, request } from '@/api/http';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PeopleFilter {
  orgId?: string | null;
  q?: string;
  includeArchived?: boolean;
  limit?: number;
  cursor?: string;
}

const enc = encodeURIComponent;

export const orgsApi = {
  list: (includeArchived: boolean) =>
    http.get<{ items: Org[] }>('/api/orgs', includeArchived ? { includeArchived: 'true' } : undefined),
  create: (body: OrgCreateBody) => http.post<Org>('/api/orgs', body),
  update: (id: string, body: OrgUpdateBody) => http.patch<Org>(`/api/orgs/${enc(id)}`, body),
  move: (id: string, parentId: string) => http.post<Org>(`/api/orgs/${enc(id)}/move`, { parentId }),
  archive: (id: string) => http.post<Org>(`/api/orgs/${enc(id)}/archive`),
  restore: (id: string) => http.post<Org>(`/api/orgs/${enc(id)}/restore`),
};

export const peopleApi = {
  list: (filter: PeopleFilter) =>
    http.get<PersonPage>('/api/people', {
      orgId: filter.orgId ?? undefined,
      q: filter.q?.trim() || undefined,
      limit: filter.limit ?? 50,
      cursor: filter.cursor,
      includeArchived: filter.includeArchived ? 'true' : undefined,
    }),
  get: (id: string) => http.get<Person>(`/api/people/${enc(id)}`),
  create: (body: PersonCreateBody) => http.post<Person>('/api/people', body),
  update: (id: string, body: PersonUpdateBody) => http.patch<Person>(`/api/people/${enc(id)}`, body),
  openAccount: (id: string, body: AccountCreateBody) => http.post<Person>(`/api/people/${enc(id)}/account`, body),
  resetPassword: (id: string, password: string) =>
    http.post<{ ok: true }>(`/api/people/${enc(id)}/password-reset`, { password }),
};

export const rosterApi = {
  template: (fileName: string) => download('/api/roster/template.xlsx', fileName),
  export: (orgId: string, fileName: string) => download(`/api/orgs/${enc(orgId)}/roster.xlsx`, fileName),
  /** The raw .xlsx is the body (not multipart). */
  import: (orgId: string, file: Blob) =>
    request<RosterImportResult>('POST', `/api/orgs/${enc(orgId)}/roster`, { raw: { body: file, type: XLSX_TYPE } }),
};

export const grantsApi = {
  list: (filter: { orgId?: string | null; personId?: string | null }) =>
    http.get<{ items: Grant[] }>('/api/grants', {
      orgId: filter.orgId ?? undefined,
      personId: filter.personId ?? undefined,
    }),
  create: (body: GrantCreateBody) => http.post<Grant>('/api/grants', body),
  revoke: (id: string) => http.delete<{ ok: true }>(`/api/grants/${enc(id)}`),
};
