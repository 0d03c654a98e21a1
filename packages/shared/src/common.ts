import { z } from 'zod';

export const roles = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
/** Roles granted on an organisation; `admin` is system-wide and has no organisation. */
export const orgRoles = ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;
export const OrgRole = z.enum(orgRoles);

export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

/** Keyset page: `next` is an opaque cursor for the following page, null at the end. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export const Ok = z.object({ ok: z.literal(true) });

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): no name,
 * title or file name needs one, and `合同\u202Efdp.exe` shows as `合同exe.pdf`. Marks that only
 * hint a direction (U+200E, U+200F) cannot reorder text and are kept.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text as it is stored, the same on every database: well-formed (a lone surrogate, which SQLite
 * would store as invalid UTF-8 and PostgreSQL as U+FFFD, becomes U+FFFD on both), in Unicode
 * normal form C (so one name typed two ways is one name), and without bidi controls.
 */
export function normalizeText(s: string): string {
  // With the u flag a surrogate matches only when it is alone: a pair is one code point.
  return s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD').normalize('NFC').replace(BIDI_CONTROLS, '');
}

/** A string normalised (see normalizeText) and not trimmed: answers, bodies kept as typed. */
export const plainText = () => z.string().overwrite(normalizeText);
/** A string normalised and trimmed: every name, title, note and file name people type. */
export const text = () => z.string().overwrite(normalizeText).trim();

/**
 * The days a campaign can mean: meeting days, opinion days, due days and deadlines. A real
 * calendar day (zod checks the month's length) between these bounds; 0000-01-01 or 9999-12-31
 * is a typing slip, not a plan.
 */
export const DAY_MIN = '2000-01-01';
export const DAY_MAX = '2099-12-31';
/** The message of a day out of range, by language (the issue itself says `day_range`). */
export const dayRangeMessage = { 'zh-CN': `日期须在 ${DAY_MIN} 至 ${DAY_MAX} 之间`, en: `must be a day from ${DAY_MIN} to ${DAY_MAX}` };
// A string that is no date at all gets the format's issue only, not this one as well.
const outOfRange = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && (d < DAY_MIN || d > DAY_MAX);
export const Day = z.iso.date().refine((d) => !outOfRange(d), { message: 'day_range' });
