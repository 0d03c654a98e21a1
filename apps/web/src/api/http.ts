import { ElMessage } from '@/plugins/element';
import { errorMessage, type ErrorCode } from '@massline/shared';
import { currentLang, t } from '@/i18n';

/** An API failure with the server's code and its message, already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body; for POSTs without payload the wrapper sends `{}`. */
  json?: unknown;
  /** Raw body (a file) with its own content type. */
  raw?: { body: Blob; type: string };
  /** Do not treat 401 as "session gone" (login and the first /me). */
  allow401?: boolean;
  responseType?: 'json' | 'blob';
}

let onUnauthorized: (() => void) | null = null;
/** The router registers how to go to the login page when the session expires. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const fallbackCodes: Record<number, ErrorCode> = {
  400: 'invalid_json',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'too_many_requests',
};

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, say): use the catalogue below.
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(response.status, error.code, error.message, error.details);
  }
  const code: ErrorCode | undefined = fallbackCodes[response.status] ?? (response.status >= 500 ? 'internal' : undefined);
  const message = code
    ? errorMessage(code, currentLang(), { limit: '', minutes: '', count: '' })
    : t('errors.unexpected', { status: response.status });
  return new ApiError(response.status, code ?? 'unexpected', message);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: options.responseType === 'blob' ? '*/*' : 'application/json',
    'Accept-Language': currentLang(),
  };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.type;
    body = options.raw.body;
  } else if (options.json !== undefined || (method !== 'GET' && method !== 'DELETE')) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json ?? {});
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t('errors.network'));
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && !options.allow401) onUnauthorized?.();
    throw error;
  }
  if (options.responseType === 'blob') return (await response.blob()) as T;
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, 'unexpected', t('errors.unexpected', { status: response.status }));
  }
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, json?: unknown) => request<T>('POST', path, { json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The text to show for a failure: the server's message, plus which fields were wrong. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'validation_failed' && Array.isArray(error.details) && error.details.length > 0) {
    const lines = (error.details as { path?: unknown; message?: unknown }[])
      .slice(0, 5)
      .map((d) => t('errors.details', { path: String(d.path ?? ''), message: String(d.message ?? '') }));
    return currentLang() === 'en' ? `${error.message} (${lines.join('; ')})` : `${error.message}（${lines.join('；')}）`;
  }
  return error.message;
}

/** Show a failed call's message; 401s are left to the redirect to the login page. */
export function notifyError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated') return;
  ElMessage({ type: 'error', message: describeError(error), showClose: true, duration: 5000, grouping: true });
}

/** Save a downloaded file under a name (from Content-Disposition or the given fallback). */
export async function download(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { 'Accept-Language': currentLang() }, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t('errors.network'));
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401) onUnauthorized?.();
    throw error;
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}
