// The one place that talks HTTP: JSON in and out, CSRF and language headers,
// and every failure turned into an ApiError carrying the server's problem.
import type { Problem } from '@kehu/shared';
import type { z } from 'zod';
import { i18n } from '../i18n';

let csrfToken: string | null = null;

/** Remembers the token from the latest Me; writes echo it in X-CSRF-Token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
  }
  return null;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export const VERSION_CONFLICT = 'version_conflict';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON, or a FormData sent as multipart. */
  body?: unknown;
  signal?: AbortSignal;
}

/** The path with its query string; empty values are left out. */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.code === 'string' && typeof v.status === 'number';
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy or crash page answered instead of the API; fall through to a generic problem.
  }
  if (isProblem(body)) return new ApiError(body);
  return new ApiError({
    type: 'about:blank',
    title: i18n.t('errors.http', { status: res.status }),
    status: res.status,
    code: 'http_error',
    requestId: res.headers.get('x-request-id') ?? undefined,
  });
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language,
  };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken ?? readCookie('kehu_csrf');
    if (token) headers['X-CSRF-Token'] = token;
  }
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) {
    // The browser writes the multipart content type itself, with its boundary.
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      type: 'about:blank',
      title: i18n.t('errors.network'),
      status: 0,
      code: 'network_error',
    });
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/**
 * Calls the API and returns the JSON answer typed by its shared schema. In
 * development the answer is also checked against the schema so contract drift
 * shows up in the console instead of as a subtle UI bug.
 */
export async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await send(method, path, options);
  const data: unknown = await res.json();
  if (import.meta.env.DEV) {
    const checked = schema.safeParse(data);
    if (!checked.success) console.warn(`Response of ${method} ${path} does not match the contract`, checked.error.issues);
  }
  return data as z.output<S>;
}

/** For endpoints that answer 204 No Content. */
export async function requestVoid(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<void> {
  await send(method, path, options);
}
