import { createMStoreClient, type MStoreClient, type Problem } from '@mstore/sdk';

/**
 * A problem as the storefront reads it: the contract's Problem plus the store's extension members
 * (RFC 9457 allows them; the OpenAPI does not list them). `type` and `title` may be missing from a
 * made-up problem (the gateway could not be reached) or a non-JSON error page.
 */
export interface StoreProblem extends Partial<Problem> {
  status: number;
  /** 409 on checkout: the skus out of stock. */
  shortages?: { sku: string; requested?: number; available?: number }[];
  /** 422: skus the catalog does not know. */
  unknownSkus?: string[];
}

/** A failed call, with the problem the API answered (or a made-up one when it could not be reached). */
export class ApiError extends Error {
  constructor(
    readonly problem: StoreProblem,
    /** Seconds from Retry-After, when the answer had one. */
    readonly retryAfter: number | null = null,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface Answer<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** What an SDK call resolves to (openapi-fetch): `data` on 2xx, the parsed `error` body otherwise. */
export interface SdkAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export type Token =
  | string
  | null
  | undefined
  | (() => string | null | undefined | Promise<string | null | undefined>);

/** The SDK's client of the gateway at `base`; with a token (or a getter) each call carries it. */
export function apiClient(
  base: string,
  token?: Token,
  headers: Record<string, string> = {},
): MStoreClient {
  return createMStoreClient({
    baseUrl: base,
    headers: { accept: 'application/json', ...headers },
    token:
      token == null
        ? undefined
        : async () => (typeof token === 'function' ? await token() : token) ?? undefined,
  });
}

export function retryAfterOf(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** After a call that carried a token is answered 401, `expired` runs (the session is over). */
export function onUnauthorized(client: MStoreClient, expired: () => void): MStoreClient {
  client.use({
    onResponse({ request, response }) {
      // an anonymous 401 says nothing about a session
      if (response.status === 401 && request.headers.has('authorization')) expired();
      return undefined;
    },
  });
  return client;
}

/** The answer of one SDK call; a non-2xx answer throws an ApiError carrying its problem. */
export async function unwrap<R extends SdkAnswer>(
  pending: Promise<R>,
): Promise<Answer<NonNullable<R['data']>>> {
  let answer: R;
  try {
    answer = await pending;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      title: 'Unreachable',
      detail: 'The store cannot be reached right now.',
    });
  }
  const { data, error, response } = answer;
  if (!response.ok) {
    const problem: StoreProblem =
      error && typeof error === 'object'
        ? { ...(error as StoreProblem), status: response.status }
        : { status: response.status, title: response.statusText };
    throw new ApiError(problem, retryAfterOf(response.headers));
  }
  return {
    data: data as NonNullable<R['data']>,
    status: response.status,
    headers: response.headers,
  };
}

/** Runs SDK calls against one client: `call((api) => api.GET('/api/cart'))`. */
export type Call = <R extends SdkAnswer>(
  send: (api: MStoreClient) => Promise<R>,
) => Promise<Answer<NonNullable<R['data']>>>;

export const caller =
  (client: MStoreClient): Call =>
  (send) =>
    unwrap(send(client));

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
