import type { Problem } from './types';

/** A failed call, with the problem the API answered (or a made-up one when it could not be reached). */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** Seconds from Retry-After, when the answer had one. */
    readonly retryAfter: number | null = null,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Answer<T> {
  data: T;
  status: number;
  headers: Headers;
}

function retryAfterOf(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** One JSON call to the gateway; a non-2xx answer throws an ApiError carrying its problem. */
export async function request<T>(base: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(base + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, title: 'Unreachable', detail: 'The store cannot be reached right now.' });
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? { ...(data as Problem), status: response.status }
        : { status: response.status, title: response.statusText };
    throw new ApiError(problem, retryAfterOf(response.headers));
  }
  return { data: data as T, status: response.status, headers: response.headers };
}

/** The route does not exist on this gateway (yet), as opposed to a missing resource. */
export const isMissingRoute = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.status === 404 || error.status === 405) &&
  /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(error.problem.detail ?? '');

/** What went wrong, in words a shopper understands. */
export function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const { problem, retryAfter } = error;
  switch (problem.status) {
    case 0:
      return 'The store cannot be reached right now. Check your connection and try again.';
    case 401:
      return 'Your session has expired. Please sign in again.';
    case 403:
      return 'You are not allowed to do this.';
    case 429:
      return `Too many requests. Please wait ${retryAfter ?? 1} s and try again.`;
    case 503:
      return `The store is busy. Please try again in ${retryAfter ?? 1} s.`;
    default:
      return problem.detail ?? problem.title ?? `The request failed (${problem.status}).`;
  }
}
