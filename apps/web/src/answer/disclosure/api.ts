import { call } from '../api';
import type { PublicItemDetail, PublicList, ReceiptAsk, Satisfied, Solved, VerdictAnswer, VerdictResult } from './model';

/** The public rectification API (public-routes.ts on the server): no session, nothing unpublished. */
export async function fetchList(orgId: string): Promise<PublicList> {
  return (await call<PublicList>('GET', `/api/public/rectification/orgs/${encodeURIComponent(orgId)}`)).body;
}

export async function fetchItem(id: string): Promise<PublicItemDetail> {
  return (await call<PublicItemDetail>('GET', `/api/public/rectification/items/${encodeURIComponent(id)}`)).body;
}

/** A verdict on the item page: with a receipt, with a one-time code, or neither (open, 参考). */
export async function sendVerdict(id: string, body: { solved: Solved; satisfied: Satisfied; comment?: string; receipt?: string; code?: string }): Promise<VerdictResult> {
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

export async function receiptVerdict(receipt: string, rectificationId: string, answer: VerdictAnswer, comment: string): Promise<VerdictResult> {
  const trimmed = comment.trim();
  return (await call<VerdictResult>('POST', '/api/public/receipts/verdicts', { receipt, rectificationId, solved: answer.solved, satisfied: answer.satisfied, ...(trimmed ? { comment: trimmed } : {}) })).body;
}

/** 您的意见已答复：解决了吗？满意吗？ The answered opinion's own verdict, by its receipt (201 {changed}). */
export async function opinionVerdict(receipt: string, answer: VerdictAnswer, comment: string): Promise<{ changed: boolean }> {
  const trimmed = comment.trim();
  return (await call<{ changed: boolean }>('POST', '/api/public/receipts/opinion-verdict', { receipt, solved: answer.solved, satisfied: answer.satisfied, ...(trimmed ? { comment: trimmed } : {}) })).body;
}
