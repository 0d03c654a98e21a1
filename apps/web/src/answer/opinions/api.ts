import { call } from '../api';
import type { Category, Handling, Status } from './model';

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
  messages: ReceiptMessage[];
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
