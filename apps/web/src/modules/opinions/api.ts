import type { Opinion, OpinionChannel, Problem, ProblemCategory, ProblemSeverity, Satisfied, Solved } from '@massline/shared';
import { ApiError, download, http, request } from '@/api/http';

export type OpinionStatus = Opinion['status'];
export type OpinionHandling = NonNullable<Opinion['handling']>;

/** GET /api/opinions/:id: the opinion with its conversation, what was merged into it and what it became. */
export interface OpinionDetail extends Opinion {
  messages: { id: string; author: 'sender' | 'staff'; public: boolean; body: string; day: string }[];
  merged: { id: string; content: string; day: string }[];
  problems: { id: string; title: string }[];
  attachments: Attachment[];
}

export interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** GET /api/opinions/counts: the org's subtree on the first line, then each unit below it. */
export interface OrgOpinionCounts {
  orgId: string;
  orgName: string;
  received: number;
  answered: number;
  overdue: number;
  problems: number;
  byChannel: Record<string, number>;
  byCategory: Record<string, number>;
}

/** Images and PDF, up to 10 MB (the server checks the bytes, not the name). */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

/** POST /api/opinions (what the contract accepts before its defaults). */
export interface RecordBody {
  orgId: string;
  personId?: string;
  channel: Exclude<OpinionChannel, 'online'>;
  category: Opinion['category'];
  content: string;
  place?: string;
  day?: string;
  sender?: { name: string; phone?: string; village?: string };
}

/** POST /api/problems from opinions. */
export interface ProblemDraft {
  title: string;
  description: string;
  category: ProblemCategory;
  /** The rule broken (制度规定), if any. */
  ruleId: string | null;
  ownerOrgId: string;
  /** The person responsible, a member of the owner org's subtree, if any. */
  ownerPersonId: string | null;
  severity: ProblemSeverity;
  sources: { type: 'opinion'; opinionId: string }[];
}

export interface OpinionFilter {
  orgId?: string | null;
  channel?: OpinionChannel | null;
  category?: Opinion['category'] | null;
  status?: OpinionStatus | null;
  overdue?: 'true' | 'false' | null;
  from?: string | null;
  to?: string | null;
  q?: string;
  cursor?: string;
  limit?: number;
}

const enc = encodeURIComponent;

function listQuery(f: OpinionFilter) {
  return {
    orgId: f.orgId ?? undefined,
    channel: f.channel ?? undefined,
    category: f.category ?? undefined,
    status: f.status ?? undefined,
    overdue: f.overdue ?? undefined,
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    q: f.q?.trim() || undefined,
  };
}
const action = (id: string, verb: string, body?: unknown) => http.post<OpinionDetail>(`/api/opinions/${enc(id)}/${verb}`, body);

export const opinionsApi = {
  list: (f: OpinionFilter) =>
    http.get<{ items: Opinion[]; nextCursor: string | null }>('/api/opinions', { ...listQuery(f), cursor: f.cursor, limit: f.limit ?? 30 }),
  /** The filtered list as .xlsx (all of it, not just the pages shown). */
  exportXlsx: (f: OpinionFilter, fileName: string) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(listQuery(f))) if (value) params.set(key, value);
    const query = params.toString();
    return download(`/api/opinions.xlsx${query ? `?${query}` : ''}`, fileName);
  },
  counts: (orgId: string | null) => http.get<{ items: OrgOpinionCounts[] }>('/api/opinions/counts', { orgId: orgId ?? undefined }),
  get: (id: string) => http.get<OpinionDetail>(`/api/opinions/${enc(id)}`),
  record: (body: RecordBody) => http.post<Opinion>('/api/opinions', body),
  assign: (id: string, body: { orgId?: string; personId?: string; dueDay?: string }) => action(id, 'assign', body),
  reply: (id: string, body: { body: string; public: boolean }) => action(id, 'reply', body),
  handle: (id: string, body: { handling: OpinionHandling; note: string }) => action(id, 'handle', body),
  /** Merge `id` into `intoId`; answers the opinion it went into. */
  merge: (id: string, intoId: string) => action(id, 'merge', { intoId }),
  publish: (id: string, published: boolean) => action(id, published ? 'publish' : 'unpublish'),
  /** 回访: a named sender's verdict on the answer, recorded by the level above or an inspector (201 {changed}). */
  callback: (id: string, body: { solved: Solved; satisfied: Satisfied; comment: string }) => http.post<{ changed: boolean }>(`/api/opinions/${enc(id)}/callback`, body),
  /** The file is the body; its name travels in the query. */
  attach: (id: string, file: File) =>
    request<Attachment>('POST', `/api/opinions/${enc(id)}/attachments`, {
      query: { name: file.name.slice(0, 200) || undefined },
      raw: { body: file, type: ATTACHMENT_TYPES.includes(file.type) ? file.type : 'application/octet-stream' },
    }),
  attachmentUrl: (id: string, attachmentId: string) => `/api/opinions/${enc(id)}/attachments/${enc(attachmentId)}`,
};

/**
 * The problem registry is its own module (问题清单); the opinions screens only raise a problem
 * from opinions, or add an opinion to a problem already registered. A server without that module
 * answers 404 route_not_found.
 */
export const problemsApi = {
  create: (body: ProblemDraft) => http.post<{ id: string; title: string }>('/api/problems', body),
  /** Problems in the reader's subtree, newest first, found by words of their title, description or sources. */
  search: (q: string, limit = 20) => http.get<{ items: Problem[]; nextCursor: string | null }>('/api/problems', { q: q.trim() || undefined, limit }),
  /** 归入已有问题: the opinion becomes one more source of the problem (409 if it already feeds one). */
  addOpinion: (problemId: string, opinionId: string) =>
    http.post<{ id: string; title: string }>(`/api/problems/${enc(problemId)}/sources`, { sources: [{ type: 'opinion', opinionId }] }),
};

export const isMissingRoute = (error: unknown) => error instanceof ApiError && error.status === 404 && error.code === 'route_not_found';

/** 纠错 flags on published opinions (GET /api/opinion-flags), for whoever may publish (opinion.publish). */
export type FlagStatus = 'open' | 'answered' | 'dismissed';
export interface OpinionFlag {
  id: string;
  opinionId: string;
  opinionContent: string;
  orgName: string;
  body: string;
  day: string;
  status: FlagStatus;
  answer: string | null;
}

export const flagsApi = {
  /** Newest first; no status means all of them. */
  list: (status: FlagStatus | null) => http.get<{ items: OpinionFlag[] }>('/api/opinion-flags', { status: status ?? undefined }),
  answer: (id: string, body: { status: 'answered' | 'dismissed'; answer: string }) => http.post<{ id: string }>(`/api/opinion-flags/${enc(id)}/answer`, body),
};

/** The public links of an org's opinions: where to send one (the poster's QR code), and what was published. */
export const opinionLinks = (orgId: string, origin = window.location.origin) => ({
  send: `${origin}/o/${enc(orgId)}`,
  published: `${origin}/p/${enc(orgId)}`,
});
