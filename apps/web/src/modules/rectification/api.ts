import type {
  CampaignProgress, CallbackEntry, CallbackVerdictBody, CountableKind, MilestoneInput, Plan, RectificationDetail, Rectification, RectificationStatus, VerdictResult, VerdictRule,
} from '@massline/shared';
import { download, http, request } from '@/api/http';

export interface RectificationFilter {
  orgId?: string | null;
  problemId?: string | null;
  status?: RectificationStatus | null;
  overdue?: boolean;
  mine?: boolean;
  published?: boolean | null;
  q?: string;
}

export interface RectificationBody {
  problemIds: string[];
  title: string;
  measures: string;
  commitment: string;
  ownerOrgId: string;
  ownerPersonId: string | null;
  deadline?: string;
  weight: number;
  milestones: MilestoneInput[];
  onTheSpot?: { note: string };
}

export interface RectificationFlag {
  id: string;
  rectificationId: string;
  title: string;
  orgName: string;
  body: string;
  day: string;
  status: 'open' | 'answered' | 'dismissed';
  answer: string | null;
}

const enc = encodeURIComponent;
const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

function query(f: RectificationFilter) {
  return {
    orgId: f.orgId ?? undefined,
    problemId: f.problemId ?? undefined,
    status: f.status ?? undefined,
    overdue: f.overdue ? 'true' : undefined,
    mine: f.mine ? 'true' : undefined,
    published: f.published === null || f.published === undefined ? undefined : String(f.published),
    q: f.q?.trim() || undefined,
  };
}

const item = (id: string) => `/api/rectifications/${enc(id)}`;
const plan = (orgId: string) => `/api/rectification-plans/${enc(orgId)}`;

export const rectificationApi = {
  list: (f: RectificationFilter, cursor?: string, limit = 30) => http.get<{ items: Rectification[]; nextCursor: string | null }>('/api/rectifications', { ...query(f), cursor, limit }),
  get: (id: string) => http.get<RectificationDetail>(item(id)),
  create: (body: RectificationBody) => http.post<RectificationDetail>('/api/rectifications', body),
  update: (id: string, body: Partial<Omit<RectificationBody, 'problemIds' | 'onTheSpot'>>) => http.patch<RectificationDetail>(item(id), body),
  progress: (id: string, body: { body: string; milestoneIds: string[]; public: boolean }) => http.post<RectificationDetail>(`${item(id)}/progress`, body),
  move: (id: string, status: RectificationStatus, reason?: string) => http.post<RectificationDetail>(`${item(id)}/status`, { status, ...(reason ? { reason } : {}) }),
  publish: (id: string, published: boolean) => http.post<RectificationDetail>(`${item(id)}/publish`, { published }),
  /** The file is the body; its name and the timeline entry it documents travel in the query. */
  attach: (id: string, file: File, updateId?: string) =>
    request<{ id: string; name: string }>('POST', `${item(id)}/attachments`, {
      query: { name: file.name.slice(0, 200) || undefined, updateId },
      raw: { body: file, type: ATTACHMENT_TYPES.includes(file.type) ? file.type : 'application/octet-stream' },
    }),
  attachmentUrl: (id: string, attachmentId: string) => `${item(id)}/attachments/${enc(attachmentId)}`,
  release: (id: string, attachmentId: string, released: boolean) => http.post<RectificationDetail>(`${item(id)}/attachments/${enc(attachmentId)}/release`, { released }),
  /** 回访: the sender's answer recorded by staff of the level above; counts like their receipt. */
  callback: (id: string, body: CallbackVerdictBody) => http.post<VerdictResult>(`${item(id)}/verdicts`, body),
  /** 回访名单: named senders whose opinion was answered or whose problem has an item done, for the level above. */
  callbacks: (f: { orgId?: string | null; pending?: boolean }) =>
    http.get<{ items: CallbackEntry[] }>('/api/callbacks', { orgId: f.orgId ?? undefined, pending: f.pending ? 'true' : undefined }),
  progressBoard: (orgId?: string | null) => http.get<CampaignProgress>('/api/rectifications/progress', { orgId: orgId ?? undefined }),
  plan: (orgId: string) => http.get<Plan>(plan(orgId)),
  submitPlan: (orgId: string) => http.post<Plan>(`${plan(orgId)}/submit`),
  decidePlan: (orgId: string, decision: 'approve' | 'return', comment?: string) => http.post<Plan>(`${plan(orgId)}/decide`, { decision, ...(comment ? { comment } : {}) }),
  publishPlan: (orgId: string, published: boolean) => http.post<Plan>(`${plan(orgId)}/publish`, { published }),
  /** 评议计票规则 of an org's list: which kinds count, the reopen quorum, the open-verdict warning; set by the level above. */
  verdictRule: (orgId: string) => http.get<VerdictRule>(`${plan(orgId)}/verdict-rule`),
  saveVerdictRule: (orgId: string, body: { countedKinds: CountableKind[]; reopenMin: number; openBurstPerHour: number }) => request<VerdictRule>('PUT', `${plan(orgId)}/verdict-rule`, { json: body }),
  verdictCodes: (orgId: string, count: number, rectificationId?: string) => http.post<{ batch: string; codes: string[] }>(`${plan(orgId)}/verdict-codes`, { count, ...(rectificationId ? { rectificationId } : {}) }),
  exportPlan: (orgId: string, format: 'xlsx' | 'docx', fileName: string) => download(`${plan(orgId)}/export.${format}`, fileName),
  flags: (status?: string | null) => http.get<{ items: RectificationFlag[] }>('/api/rectification-flags', { status: status ?? undefined }),
  answerFlag: (id: string, status: 'answered' | 'dismissed', answer: string) => http.post<{ id: string }>(`/api/rectification-flags/${enc(id)}/answer`, { status, answer }),
};
