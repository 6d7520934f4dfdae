import { data } from 'react-router';
import { ApiError, describe } from './api';

/** A failed gateway call during server rendering becomes an error page that says what happened. */
export function pageError(error: unknown, what: string): never {
  if (error instanceof ApiError) {
    if (error.status === 404) throw data(`${what} was not found.`, { status: 404 });
    const status = error.status === 0 ? 503 : error.status;
    const headers: Record<string, string> = error.retryAfter != null ? { 'retry-after': String(error.retryAfter) } : {};
    throw data(describe(error), { status, headers });
  }
  throw error;
}
