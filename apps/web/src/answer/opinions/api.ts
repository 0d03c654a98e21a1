import { call } from '../api';
import type { Category, Handling, Status } from './model';
import type { Satisfied, Solved } from '../disclosure/model';

/** The public opinion API (PublicOrg, PublicOpinionResult, ReceiptView in the shared contract). */
export interface PublicOrg {
  id: string;
  name: string;
  children: { id: string; name: string }[];
}

export interface OpinionBody {
  orgId: string;
  category: Category;
  content: string;
  sender?: { name: string; phone?: string; village?: string };
  idempotencyKey: string;
}

export interface ReceiptMessage {
  id: string;
  author: 'sender' | 'staff';
  public: boolean;
  body: string;
  day: string;
}

export interface ReceiptView {
  category: Category;
  content: string;
  day: string;
  orgName: string;
  status: Status;
  handling: Handling | null;
  /** Whether it was ever passed on to a unit or a person (never to whom). */
  assigned: boolean;
  messages: ReceiptMessage[];
  /** Once answered the sender is asked: solved? satisfied? Their answer (or a call-back recorded for them), which they may change. */
  verdict: OpinionVerdict;
}

export interface OpinionVerdict {
  asked: boolean;
  given: { solved: Solved; satisfied: Satisfied; comment: string } | null;
}

export async function fetchPublicOrg(id: string): Promise<PublicOrg> {
  return (await call<PublicOrg>('GET', `/api/public/orgs/${encodeURIComponent(id)}`)).body;
}

/** 201 the first time, 200 with `duplicate` for a retry of the same key: the same receipt either way. */
export async function sendOpinion(body: OpinionBody): Promise<{ receipt: string; duplicate: boolean }> {
  return (await call<{ receipt: string; duplicate: boolean }>('POST', '/api/public/opinions', body)).body;
}

/** The receipt goes in the body, never in an address. */
export async function viewReceipt(receipt: string): Promise<ReceiptView> {
  return (await call<ReceiptView>('POST', '/api/public/receipts/view', { receipt })).body;
}

export async function replyReceipt(receipt: string, body: string): Promise<void> {
  await call<{ ok: true }>('POST', '/api/public/receipts/reply', { receipt, body });
}

/** One answered opinion the office published (PublicOpinionItem): no sender, public answers only. */
export interface PublicOpinion {
  id: string;
  orgName: string;
  category: Category;
  content: string;
  day: string;
  status: Status;
  handling: Handling | null;
  answers: { body: string; day: string }[];
}

/** A page of published opinions, newest first: all of them, or those of an org's subtree. */
export async function fetchPublished(orgId: string | null, cursor: string | null, limit = 10): Promise<{ items: PublicOpinion[]; nextCursor: string | null }> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (orgId) q.set('orgId', orgId);
  if (cursor) q.set('cursor', cursor);
  return (await call<{ items: PublicOpinion[]; nextCursor: string | null }>('GET', `/api/public/opinions?${q}`)).body;
}

/** 纠错: lands in the office's moderation queue. 404 once the opinion is no longer published. */
export async function flagPublished(id: string, body: string): Promise<void> {
  await call<{ ok: true }>('POST', `/api/public/opinions/${encodeURIComponent(id)}/flags`, { body });
}
