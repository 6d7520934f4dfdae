export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff: base, 2×base, 4×base … capped. */
export const backoffMs = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs);

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`failed after ${attempts} attempts: ${String(lastError)}`);
  }
}

/** Raised instead of retrying further when the service is stopping: the message is left uncommitted. */
export class Interrupted extends Error {}

export async function withRetry<T>(
  policy: RetryPolicy,
  work: () => Promise<T>,
  hooks: {
    onRetry?: (attempt: number, error: unknown) => Promise<void> | void;
    stopping?: () => boolean;
  } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.maxAttempts) throw new RetriesExhausted(attempt, error);
      if (hooks.stopping?.()) throw new Interrupted(String(error));
      await hooks.onRetry?.(attempt, error);
      await new Promise((r) => setTimeout(r, backoffMs(policy, attempt)));
      if (hooks.stopping?.()) throw new Interrupted(String(error));
    }
  }
}
