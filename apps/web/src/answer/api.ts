import type { Answers } from '@massline/shared/src/forms/answers';
import type { FormDefinition, FormKind } from '@massline/shared/src/forms/model';
import { lang, t } from './i18n';

/** The public form as GET /api/public/forms/:id sends it (PublicForm in the shared contract). */
export interface PublicForm {
  id: string;
  kind: FormKind;
  title: string;
  description: string;
  anonymous: boolean;
  distribution: 'open' | 'codes' | 'named';
  collectLocation: boolean;
  definition: FormDefinition;
}

export interface SubmitBody {
  answers: Answers;
  idempotencyKey: string;
  code?: string;
  orgId?: string;
}

/**
 * A failed call: the server's code and its message (already in the reader's language), or
 * `network` when no answer came back at all (offline, timed out, or a proxy's error page).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;

/**
 * One request, its status and its JSON body (null when there is none: a gateway's error page, a
 * captive portal's login page). Throws ApiError `network` only when no answer came back at all.
 */
export async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : null;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', 'Accept-Language': lang.value, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
      signal: controller?.signal,
    });
  } catch {
    throw new ApiError(0, 'network', t('networkHint'));
  } finally {
    if (timer) clearTimeout(timer);
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: a gateway's error page. Treated by callers like a dropped connection.
  }
  return { status: response.status, json };
}

/** The server's error in a failed answer, when it is one of ours ({ error: { code, message } }). */
export function serverError(status: number, json: unknown): ApiError | null {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  return error && typeof error.code === 'string' && typeof error.message === 'string' ? new ApiError(status, error.code, error.message, error.details) : null;
}

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { status, json } = await request(method, path, body);
  if (status < 200 || status > 299) {
    // 5xx from a proxy, or an empty body: nothing says the request was refused, so it may be retried.
    throw serverError(status, json) ?? new ApiError(status, 'network', t('networkHint'));
  }
  if (json === null) throw new ApiError(status, 'network', t('networkHint'));
  return { status, body: json as T };
}

export async function fetchPublicForm(id: string): Promise<PublicForm> {
  return (await call<PublicForm>('GET', `/api/public/forms/${encodeURIComponent(id)}`)).body;
}

export async function submitPublicResponse(id: string, body: SubmitBody): Promise<{ duplicate: boolean }> {
  const res = await call<{ ok: true; duplicate: boolean }>('POST', `/api/public/forms/${encodeURIComponent(id)}/responses`, body);
  return { duplicate: res.body.duplicate };
}
