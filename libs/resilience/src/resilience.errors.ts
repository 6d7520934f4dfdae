/** The dependency cannot answer now (no instance, breaker open, timeout, 5xx): callers answer 503. */
/** The reason given when a breaker refused the call without trying it. */
export const CIRCUIT_OPEN = 'circuit open';

export class DependencyUnavailable extends Error {
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${service} unavailable: ${reason}`);
  }
}

/** The dependency answered 4xx: a valid answer, not a breaker failure. */
export class UpstreamRejected extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${service} answered ${status}`);
  }
}

/**
 * Builds an error without capturing a stack: for answers given thousands of times a second on
 * purpose (an open breaker's refusals), where a stack says nothing and its capture is most of the cost.
 */
export function withoutStack<T>(create: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return create();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
