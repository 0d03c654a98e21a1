import { call } from '../api';
import type { PublicItemDetail, PublicList, ReceiptAsk, VerdictResult, VerdictValue } from './model';

/** The public rectification API (public-routes.ts on the server): no session, nothing unpublished. */
export async function fetchList(orgId: string): Promise<PublicList> {
  return (await call<PublicList>('GET', `/api/public/rectification/orgs/${encodeURIComponent(orgId)}`)).body;
}

export async function fetchItem(id: string): Promise<PublicItemDetail> {
  return (await call<PublicItemDetail>('GET', `/api/public/rectification/items/${encodeURIComponent(id)}`)).body;
}

/** The open verdict: with a one-time code, or the browser's token. */
export async function sendVerdict(id: string, body: { value: VerdictValue; comment?: string; code?: string; browserToken?: string }): Promise<VerdictResult> {
  return (await call<VerdictResult>('POST', `/api/public/rectification/items/${encodeURIComponent(id)}/verdicts`, body)).body;
}

/** 纠错: lands in the office's moderation queue; answered ones come back with the item. */
export async function flagItem(id: string, body: string): Promise<void> {
  await call<{ id: string }>('POST', `/api/public/rectification/items/${encodeURIComponent(id)}/flags`, { body });
}

/** The receipt goes in the body, never in an address. */
export async function receiptAsks(receipt: string): Promise<ReceiptAsk[]> {
  return (await call<{ items: ReceiptAsk[] }>('POST', '/api/public/receipts/verdicts/view', { receipt })).body.items;
}

export async function receiptVerdict(receipt: string, rectificationId: string, value: VerdictValue, comment: string): Promise<VerdictResult> {
  const trimmed = comment.trim();
  return (await call<VerdictResult>('POST', '/api/public/receipts/verdicts', { receipt, rectificationId, value, ...(trimmed ? { comment: trimmed } : {}) })).body;
}
