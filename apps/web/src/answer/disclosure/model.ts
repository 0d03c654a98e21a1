import { CODE_ALPHABET, CODE_LENGTH, normalizeCode } from '../draft';

/**
 * The rectification disclosure's logic that needs no screen (/d/:orgId, /d/i/:id and the receipt
 * page's 群众评议 card). Types as in the shared contract (packages/shared/src/rectification/contract.ts),
 * copied rather than imported: the contract module carries zod, which the phone pages must not load.
 */
export const RECTIFICATION_STATUSES = ['planned', 'in_progress', 'done', 'verified'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
/** 解决了吗？ and 满意吗？, as the shared contract has them (packages/shared/src/verdicts.ts). */
export const SOLVED_VALUES = ['solved', 'partly', 'unsolved'] as const;
export type Solved = (typeof SOLVED_VALUES)[number];
export const SATISFIED_VALUES = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfied = (typeof SATISFIED_VALUES)[number];
/** What backs a verdict as the page counts it: 凭查询码 (call-backs 回访 go with receipts), 凭评议码, 公开参考. */
export const VERDICT_KINDS = ['receipt', 'code', 'open'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];
/** As the server limits it (VerdictAnswer.comment). */
export const MAX_VERDICT_COMMENT = 500;
/** As the server limits it (FlagBody.body). */
export const MAX_FLAG = 2000;

export interface VerdictTally {
  solved: number;
  partly: number;
  unsolved: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  total: number;
}

/** This round's verdicts of an item: what counts (the kinds the level above chose), and each kind apart. */
export interface VerdictSummary {
  round: number;
  counted: VerdictTally;
  byBacking: { receipt: VerdictTally; callback: VerdictTally; code: VerdictTally; open: VerdictTally };
  countedKinds: VerdictKind[];
  /** Sent back when at least this many counted verdicts, more than half of them 未解决. */
  reopenMin: number;
  /** 解决率 and 满意率 (满意 + 基本满意) of the counted verdicts, one decimal; null without any. */
  solvedRate: number | null;
  satisfaction: number | null;
}

export interface VerdictAnswer {
  solved: Solved;
  satisfied: Satisfied;
}

export interface PublicItem {
  id: string;
  title: string;
  commitment: string;
  measures: string;
  ownerOrgName: string;
  ownerPersonName: string | null;
  deadline: string;
  status: RectificationStatus;
  overdue: boolean;
  onTheSpot: boolean;
  progress: number;
  doneDay: string | null;
  verdicts: VerdictSummary;
}

export interface PublicList {
  orgId: string;
  orgName: string;
  publishedAt: string | null;
  items: PublicItem[];
  /** Weighted percent complete, null without items. */
  progress: number | null;
  /** 满意率 of the list's counted verdicts, null without any. */
  satisfaction: number | null;
}

export interface Photo {
  id: string;
  name: string;
  mime: string;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  body: string;
  toStatus: RectificationStatus | null;
  day: string;
  photos: Photo[];
}

export interface PublicItemDetail extends PublicItem {
  milestones: { id: string; title: string; dueDay: string; weight: number; doneDay: string | null }[];
  timeline: TimelineEntry[];
  /** A receipt always; a one-time code where the office handed codes out, an open verdict (参考) otherwise. */
  verdictAccepts: VerdictKind[];
  verdictOpen: boolean;
  flags: { body: string; answer: string; day: string }[];
}

export interface VerdictResult {
  verdicts: VerdictSummary;
  reopened: boolean;
  /** The same receipt or code had judged this round: this verdict replaced it. */
  changed: boolean;
}

/** What the receipt holder is asked to judge: finished items fixing the problem their opinion fed. */
export interface ReceiptAsk {
  id: string;
  title: string;
  commitment: string;
  status: 'done' | 'verified';
  doneDay: string | null;
  /** What this receipt said this round (a call-back recorded for them included); it may be changed. */
  given: VerdictAnswer | null;
}

/** A progress bar's width: a whole percent between 0 and 100, whatever came in. */
export function percent(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** 87.5 → "87.5%", 100 → "100%"; null → null (the caller says 暂无评议). */
export function formatPercent(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** The three answers to one question, each with its count and share of all (whole percent). */
export function tallyRows<Q extends 'solved' | 'satisfied'>(t: VerdictTally, question: Q): { value: Q extends 'solved' ? Solved : Satisfied; count: number; share: number }[] {
  const values: readonly (Solved | Satisfied)[] = question === 'solved' ? SOLVED_VALUES : SATISFIED_VALUES;
  const share = (n: number) => (t.total ? Math.round((n / t.total) * 100) : 0);
  return values.map((value) => ({ value, count: t[value], share: share(t[value]) })) as { value: Q extends 'solved' ? Solved : Satisfied; count: number; share: number }[];
}

/** 凭查询码 (回访 included) / 凭评议码 / 公开参考: how many of each this round, and whether they count. */
export function kindCounts(v: VerdictSummary): { kind: VerdictKind; count: number; counted: boolean }[] {
  return VERDICT_KINDS.map((kind) => ({
    kind,
    count: kind === 'receipt' ? v.byBacking.receipt.total + v.byBacking.callback.total : v.byBacking[kind].total,
    counted: v.countedKinds.includes(kind),
  }));
}

/** All verdicts of the round, counted or not (the summary shows something once anyone judged). */
export const allVerdicts = (v: VerdictSummary) => kindCounts(v).reduce((n, k) => n + k.count, 0);

/** Counts for the list's heading: how many items, how many finished, how many overdue. */
export function listCounts(items: Pick<PublicItem, 'status' | 'overdue'>[]): { total: number; finished: number; overdue: number } {
  return {
    total: items.length,
    finished: items.filter((i) => i.status === 'done' || i.status === 'verified').length,
    overdue: items.filter((i) => i.overdue).length,
  };
}

/** The status tag's tone: overdue is red whatever the status, finished green, the rest neutral. */
export function statusTone(item: Pick<PublicItem, 'status' | 'overdue'>): 'overdue' | 'done' | 'doing' | 'planned' {
  if (item.overdue) return 'overdue';
  if (item.status === 'done' || item.status === 'verified') return 'done';
  return item.status === 'in_progress' ? 'doing' : 'planned';
}

/** Evidence shown as a picture (tap to enlarge); anything else (PDF) is a link. */
export const isImage = (p: Pick<Photo, 'mime'>) => /^image\//.test(p.mime);

/** A released piece of evidence, from the public side: the item id and the attachment id in the path. */
export const photoUrl = (itemId: string, photoId: string) =>
  `/api/public/rectification/items/${encodeURIComponent(itemId)}/photos/${encodeURIComponent(photoId)}`;

export const itemLink = (id: string) => `/d/i/${encodeURIComponent(id)}`;
export const listLink = (orgId: string) => `/d/${encodeURIComponent(orgId)}`;

/**
 * Where the item page's "back to the list" goes: the list the reader came from (same site, a
 * /d/:orgId page), or nowhere (opened from a QR code or a shared link: the item stands alone).
 */
export function backToList(referrer: string, origin: string): string | null {
  if (!referrer.startsWith(`${origin}/`)) return null;
  const path = referrer.slice(origin.length).split(/[?#]/)[0];
  return /^\/d\/(?!i\/)[^/]+\/?$/.test(path) ? path : null;
}

// ---- one-time verdict codes (评议码, printed slips) ----

/** 8 symbols of the ballot codes' alphabet, as typed: any case, spaces or dashes. */
export function isWellFormedVerdictCode(typed: string): boolean {
  const code = normalizeCode(typed);
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** 查询码 as printed on the opinion's receipt: 16 symbols of the codes' alphabet, typed any case, spaces or dashes. */
export const RECEIPT_LENGTH = 16;
export function isWellFormedReceipt(typed: string): boolean {
  const code = normalizeCode(typed);
  return code.length === RECEIPT_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/**
 * What a verdict on the item page will be: a receipt's when one is typed (it counts), a code's
 * when the office handed codes out and one is typed, an open one (参考, one a day from one place)
 * where the page takes those; null when a code is needed and none was typed.
 */
export function verdictKind(accepts: readonly VerdictKind[], receipt: string, code: string): VerdictKind | null {
  if (receipt.trim()) return 'receipt';
  if (accepts.includes('code')) return code.trim() ? 'code' : accepts.includes('open') ? 'open' : null;
  return accepts.includes('open') ? 'open' : null;
}

/** The body of a verdict on the item page: the two answers, the comment when written, and the receipt or the code. */
export function publicVerdictBody(answer: VerdictAnswer, comment: string, backing: { receipt?: string; code?: string }) {
  const trimmed = comment.trim().slice(0, MAX_VERDICT_COMMENT);
  const receipt = normalizeCode(backing.receipt ?? '');
  const code = normalizeCode(backing.code ?? '');
  return {
    solved: answer.solved,
    satisfied: answer.satisfied,
    ...(trimmed ? { comment: trimmed } : {}),
    ...(receipt ? { receipt } : code ? { code } : {}),
  };
}
