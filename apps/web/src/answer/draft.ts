import type { Answers } from '@massline/shared/src/forms/answers';

/**
 * What a phone keeps of a form being filled in, per form id, in localStorage: the answers as
 * they are typed, where the person was, and the idempotency key chosen once for this filled-in
 * form (a retry after a dropped connection, even after a reload, sends the same key and so is
 * never counted twice). Removed as soon as the server confirms; the one-time code goes with it.
 */
export interface Draft {
  v: 1;
  idempotencyKey: string;
  answers: Answers;
  /** The section key on screen, or REVIEW; null before the person has started. */
  step: string | null;
  /** The one-time code as typed; kept only until the ballot is sent. */
  code: string;
  /** A village's poster link names its org (`?org=`); kept so a reload without it still counts there. */
  orgId: string | null;
}

export const REVIEW = '#review';
const PREFIX = 'massline.answer.';

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null; // Blocked (some private modes): the form still works, it just is not kept.
  }
};

/** 24 random bytes as base64url (32 chars). getRandomValues, unlike randomUUID, also works over plain http. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newDraft(): Draft {
  return { v: 1, idempotencyKey: newIdempotencyKey(), answers: {}, step: null, code: '', orgId: null };
}

export function loadDraft(formId: string): Draft | null {
  try {
    const raw = storage()?.getItem(PREFIX + formId);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (d.v !== 1 || typeof d.idempotencyKey !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(d.idempotencyKey)) return null;
    if (typeof d.answers !== 'object' || d.answers === null || Array.isArray(d.answers)) return null;
    return {
      v: 1,
      idempotencyKey: d.idempotencyKey,
      answers: d.answers,
      step: typeof d.step === 'string' ? d.step : null,
      code: typeof d.code === 'string' ? d.code : '',
      orgId: typeof d.orgId === 'string' ? d.orgId : null,
    };
  } catch {
    return null; // Unreadable: start afresh rather than fail.
  }
}

export function saveDraft(formId: string, draft: Draft): void {
  try {
    storage()?.setItem(PREFIX + formId, JSON.stringify(draft));
  } catch {
    // Full or blocked: the answers stay on screen, only a reload would lose them.
  }
}

export function clearDraft(formId: string): void {
  try {
    storage()?.removeItem(PREFIX + formId);
  } catch {
    // Nothing to do.
  }
}

/** 32 symbols without look-alikes, as the server generates them (apps/server/src/modules/forms/codes.ts). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

/** What people type, as the server reads it: any case, spaces or dashes between groups. */
export const normalizeCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

export function isWellFormedCode(typed: string): boolean {
  const code = normalizeCode(typed);
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}
