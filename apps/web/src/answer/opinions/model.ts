import { CODE_ALPHABET, newIdempotencyKey } from '../draft';

/**
 * The opinion pages' logic that needs no screen: categories, receipt codes as typed, the draft
 * kept on the phone until the server confirms, and the receipt remembered only when asked.
 * Values as in the shared contract (packages/shared/src/opinions/contract.ts), copied rather than
 * imported: the contract module carries zod, which the phone pages must not load.
 */
export const CATEGORIES = ['formalism', 'bureaucratism', 'hedonism', 'extravagance', 'service', 'livelihood', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const MAX_CONTENT = 5000;
export const MAX_NAME = 50;
export const MAX_VILLAGE = 100;
/** As the server checks it: digits, +, - and spaces, 5 to 20 of them. */
export const PHONE_PATTERN = /^[0-9+\-\s]{5,20}$/;

export type Status = 'received' | 'assigned' | 'answered' | 'closed' | 'merged';
export type Handling = 'answered_on_spot' | 'resolved_on_spot';

/** The steps of an opinion as the sender sees them on the receipt page. */
export const RECEIPT_STEPS = ['received', 'assigned', 'answered', 'closed'] as const;
export type ReceiptStep = (typeof RECEIPT_STEPS)[number];
/** done, the step it is at now, passed by without happening (answered without being assigned), or still to come. */
export type StepState = 'done' | 'now' | 'skipped' | 'todo';

/**
 * The progress bar from what actually happened: 已交办 is done only if the opinion was passed on
 * (`assigned` from the server), so one answered or handled on the spot straight away shows that
 * step as skipped, not done. Null for a state the bar does not show (merged).
 */
export function receiptSteps(status: Status, assigned: boolean): { step: ReceiptStep; state: StepState }[] | null {
  if (status === 'merged') return null;
  const reached: Record<ReceiptStep, boolean> = {
    received: true,
    assigned: assigned || status === 'assigned',
    answered: status === 'answered' || status === 'closed',
    closed: status === 'closed',
  };
  const now = [...RECEIPT_STEPS].reverse().find((s) => reached[s])!;
  const last = RECEIPT_STEPS.indexOf(now);
  return RECEIPT_STEPS.map((step, i) => ({
    step,
    state: reached[step] ? (step === now ? 'now' : 'done') : i < last ? 'skipped' : 'todo',
  }));
}

/** 16 symbols of the codes' alphabet (80 bits), shown as four groups of four. */
export const RECEIPT_LENGTH = 16;

/** What people type or scan, as the server reads it: any case, spaces or dashes anywhere. */
export const normalizeReceipt = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

export function isWellFormedReceipt(typed: string): boolean {
  const code = normalizeReceipt(typed);
  return code.length === RECEIPT_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** ABCD-EFGH-JKLM-NPQR, whatever was typed; longer or shorter input is grouped the same way. */
export const formatReceipt = (typed: string) => (normalizeReceipt(typed).match(/.{1,4}/g) ?? []).join('-');

/** The receipt page's address: the code in the fragment, which browsers never send to the server. */
export const receiptLink = (origin: string, receipt: string) => `${origin}/r#${formatReceipt(receipt)}`;

/** A receipt in an address fragment (`#ABCD-…`, maybe `#r=…` from a scanner that rewrote it), or null. */
export function receiptFromHash(hash: string): string | null {
  let raw = hash.replace(/^#/, '');
  try {
    raw = decodeURIComponent(raw);
  } catch {
    return null;
  }
  raw = raw.replace(/^(r|receipt|code)=/i, '').trim();
  return raw && raw.length <= 64 ? raw : null;
}

/**
 * What a phone keeps of an opinion being written, per org link, in localStorage: what was typed
 * and the idempotency key chosen once for it, so a retry after a dropped connection (even after a
 * reload) is recognised by the server and gets the same receipt back. Removed as soon as the
 * server confirms: nothing of the opinion, nor the sender's name, stays on the phone.
 */
export interface OpinionDraft {
  v: 1;
  idempotencyKey: string;
  /** The unit chosen below the poster's org; '' for the org itself. */
  unitId: string;
  category: Category | '';
  content: string;
  named: boolean;
  name: string;
  phone: string;
  village: string;
}

const PREFIX = 'massline.opinion.';
const RECEIPT_KEY = 'massline.receipt';

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null; // Blocked (some private modes): the page still works, nothing is kept.
  }
};

export function newOpinionDraft(): OpinionDraft {
  return { v: 1, idempotencyKey: newIdempotencyKey(), unitId: '', category: '', content: '', named: false, name: '', phone: '', village: '' };
}

/** A stored draft, checked field by field: anything unreadable starts afresh rather than fails. */
export function parseOpinionDraft(raw: string | null): OpinionDraft | null {
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<OpinionDraft>;
    if (d.v !== 1 || typeof d.idempotencyKey !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(d.idempotencyKey)) return null;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    return {
      v: 1,
      idempotencyKey: d.idempotencyKey,
      unitId: str(d.unitId, 64),
      category: (CATEGORIES as readonly string[]).includes(d.category as string) ? (d.category as Category) : '',
      content: str(d.content, MAX_CONTENT),
      named: d.named === true,
      name: str(d.name, MAX_NAME),
      phone: str(d.phone, 20),
      village: str(d.village, MAX_VILLAGE),
    };
  } catch {
    return null;
  }
}

export function loadOpinionDraft(orgId: string): OpinionDraft | null {
  try {
    return parseOpinionDraft(storage()?.getItem(PREFIX + orgId) ?? null);
  } catch {
    return null;
  }
}

export function saveOpinionDraft(orgId: string, draft: OpinionDraft): void {
  try {
    storage()?.setItem(PREFIX + orgId, JSON.stringify(draft));
  } catch {
    // Full or blocked: what was typed stays on screen; only a reload would lose it.
  }
}

export function clearOpinionDraft(orgId: string): void {
  try {
    storage()?.removeItem(PREFIX + orgId);
  } catch {
    // Nothing to do.
  }
}

/** Whether anything worth keeping has been typed or chosen. */
export const draftTouched = (d: OpinionDraft) => !!(d.category || d.content.trim() || d.name.trim() || d.phone.trim() || d.village.trim() || d.unitId);

/**
 * The body sent: the chosen unit (or the poster's org), the trimmed text, and the sender only
 * when they chose to give a name; empty optional fields are left out.
 */
export function opinionBody(orgId: string, d: OpinionDraft) {
  const sender = d.named
    ? { name: d.name.trim(), ...(d.phone.trim() ? { phone: d.phone.trim() } : {}), ...(d.village.trim() ? { village: d.village.trim() } : {}) }
    : undefined;
  return {
    orgId: d.unitId || orgId,
    category: d.category as Category,
    content: d.content.trim(),
    ...(sender ? { sender } : {}),
    idempotencyKey: d.idempotencyKey,
  };
}

export type DraftField = 'category' | 'content' | 'name' | 'phone';
/** What must be corrected before sending, by field (message keys of ./i18n). */
export function draftErrors(d: OpinionDraft): Partial<Record<DraftField, 'needCategory' | 'needContent' | 'tooLong' | 'needName' | 'badPhone'>> {
  const errors: ReturnType<typeof draftErrors> = {};
  if (!d.category) errors.category = 'needCategory';
  const content = d.content.trim();
  if (!content) errors.content = 'needContent';
  else if (content.length > MAX_CONTENT) errors.content = 'tooLong';
  if (d.named) {
    if (!d.name.trim()) errors.name = 'needName';
    if (d.phone.trim() && !PHONE_PATTERN.test(d.phone.trim())) errors.phone = 'badPhone';
  }
  return errors;
}

/**
 * The receipt page keeps the code in memory only; on a shared family phone a kept code would
 * open the conversation to whoever picks the phone up. Only when the sender ticks "remember on
 * this phone" is it kept, and unticking forgets it.
 */
export function rememberedReceipt(): string | null {
  try {
    const code = storage()?.getItem(RECEIPT_KEY);
    return code && code.length <= 64 ? code : null;
  } catch {
    return null;
  }
}

export function rememberReceipt(code: string | null): void {
  try {
    if (code) storage()?.setItem(RECEIPT_KEY, formatReceipt(code));
    else storage()?.removeItem(RECEIPT_KEY);
  } catch {
    // Not kept: the page still works for this visit.
  }
}
