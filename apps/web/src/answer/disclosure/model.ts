import { CODE_ALPHABET, CODE_LENGTH, newIdempotencyKey, normalizeCode } from '../draft';

/**
 * The rectification disclosure's logic that needs no screen (/d/:orgId, /d/i/:id and the receipt
 * page's 群众评议 card). Types as in the shared contract (packages/shared/src/rectification/contract.ts),
 * copied rather than imported: the contract module carries zod, which the phone pages must not load.
 */
export const RECTIFICATION_STATUSES = ['planned', 'in_progress', 'done', 'verified'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const VERDICT_VALUES = ['fixed', 'partly', 'not_fixed'] as const;
export type VerdictValue = (typeof VERDICT_VALUES)[number];
/** As the server limits it (VerdictBody.comment). */
export const MAX_VERDICT_COMMENT = 500;
/** As the server limits it (FlagBody.body). */
export const MAX_FLAG = 2000;

export interface VerdictSummary {
  round: number;
  fixed: number;
  partly: number;
  notFixed: number;
  total: number;
  /** Percent of verdicts saying fixed (满意率), one decimal; null without verdicts. */
  satisfaction: number | null;
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
  /** Percent of all verdicts on the list saying fixed, null without verdicts. */
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
  verdictMode: 'code' | 'browser';
  verdictOpen: boolean;
  flags: { body: string; answer: string; day: string }[];
}

export interface VerdictResult {
  verdicts: VerdictSummary;
  reopened: boolean;
}

/** What the receipt holder is asked to judge: finished items fixing the problem their opinion fed. */
export interface ReceiptAsk {
  id: string;
  title: string;
  commitment: string;
  status: 'done' | 'verified';
  doneDay: string | null;
  given: VerdictValue | null;
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

/** The three verdicts as the summary shows them, each with its count and share of all (whole percent). */
export function verdictRows(v: VerdictSummary): { value: VerdictValue; count: number; share: number }[] {
  const share = (n: number) => (v.total ? Math.round((n / v.total) * 100) : 0);
  return [
    { value: 'fixed', count: v.fixed, share: share(v.fixed) },
    { value: 'partly', count: v.partly, share: share(v.partly) },
    { value: 'not_fixed', count: v.notFixed, share: share(v.notFixed) },
  ];
}

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

// ---- the one-per-browser token and what this browser already said ----

const TOKEN_KEY = 'massline.verdictToken';
const GIVEN_PREFIX = 'massline.verdict.';
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** localStorage where the page may use it; null where it is blocked (some private modes, some WebViews). */
export function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** A token made only while storage is blocked: it lasts this page's life (a reload makes a new one). */
let unkept: string | null = null;

/**
 * The browser's verdict token (one verdict per browser when no one-time codes are attached):
 * random, made once and kept in localStorage, never tied to anything else. The server keeps only
 * a hash of it with the item, so two verdicts of one browser cannot be linked.
 */
export function verdictToken(storage: Storage | null = browserStorage()): string {
  try {
    const kept = storage?.getItem(TOKEN_KEY);
    if (kept && TOKEN.test(kept)) return kept;
  } catch {
    // Unreadable: make one.
  }
  const token = newIdempotencyKey();
  try {
    if (storage) {
      storage.setItem(TOKEN_KEY, token);
      return token;
    }
  } catch {
    // Full or refused: this visit only.
  }
  unkept ??= token;
  return unkept;
}

/**
 * What this browser said on an item in a round, kept only to show "you said …" instead of the
 * form on the next visit; the server decides (verdict_twice). A new round (the item was sent back
 * and finished again) asks again.
 */
export function givenVerdict(itemId: string, round: number, storage: Storage | null = browserStorage()): VerdictValue | null {
  try {
    const raw = storage?.getItem(GIVEN_PREFIX + itemId);
    if (!raw) return null;
    const v = JSON.parse(raw) as { round?: unknown; value?: unknown };
    return v.round === round && (VERDICT_VALUES as readonly unknown[]).includes(v.value) ? (v.value as VerdictValue) : null;
  } catch {
    return null;
  }
}

export function rememberVerdict(itemId: string, round: number, value: VerdictValue, storage: Storage | null = browserStorage()): void {
  try {
    storage?.setItem(GIVEN_PREFIX + itemId, JSON.stringify({ round, value }));
  } catch {
    // Not kept: the server still refuses a second verdict.
  }
}

// ---- one-time verdict codes (评议码, printed slips) ----

/** 8 symbols of the ballot codes' alphabet, as typed: any case, spaces or dashes. */
export function isWellFormedVerdictCode(typed: string): boolean {
  const code = normalizeCode(typed);
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** The body of an open verdict: the code in 'code' mode, the browser's token otherwise. */
export function publicVerdictBody(mode: 'code' | 'browser', value: VerdictValue, comment: string, code: string, token: () => string) {
  const trimmed = comment.trim().slice(0, MAX_VERDICT_COMMENT);
  return {
    value,
    ...(trimmed ? { comment: trimmed } : {}),
    ...(mode === 'code' ? { code: normalizeCode(code) } : { browserToken: token() }),
  };
}
