import { problemType } from '@mstore/contracts';

export interface ProblemExtras {
  /** Slug of the problem type URI; defaults from the status. */
  type?: string;
  errors?: { field: string; message: string }[];
  headers?: Record<string, string>;
  [extension: string]: unknown;
}

/** A cross-cutting 4xx/5xx answer (auth, rate limit, unavailable dependency) in RFC 9457 shape. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail ?? title);
  }

  get type(): string {
    return problemType(this.extras.type ?? slugOf(this.title));
  }
}

export const slugOf = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

export const unauthorized = (detail: string) =>
  new ProblemException(401, 'Unauthorized', detail, {
    headers: {
      'www-authenticate': `Bearer realm="mstore", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`,
    },
  });
export const forbidden = (detail: string) => new ProblemException(403, 'Forbidden', detail);
export const serviceUnavailable = (detail: string, retryAfterSeconds: number) =>
  new ProblemException(503, 'Service Unavailable', detail, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
