import { errorCatalog, type ErrorCode } from '@massline/shared';

/** An expected failure that the HTTP layer turns into the one error shape. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
  get status(): number {
    return errorCatalog[this.code].status;
  }
}

export const fail = (code: ErrorCode, params?: Record<string, string | number>, details?: unknown): never => {
  throw new HttpError(code, params, details);
};

/** Named outcome of a command: callers branch on `reason` instead of catching exceptions. */
export type Outcome<T, R extends ErrorCode = ErrorCode> =
  | { ok: true; value: T }
  | { ok: false; reason: R; params?: Record<string, string | number>; details?: unknown };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const refuse = <R extends ErrorCode>(reason: R, params?: Record<string, string | number>, details?: unknown) =>
  ({ ok: false, reason, params, details }) as const;

/** Unwrap an outcome in a route: a refusal becomes its HTTP error. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new HttpError(outcome.reason, outcome.params, outcome.details);
}
