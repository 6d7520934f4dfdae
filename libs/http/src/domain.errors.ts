/**
 * Base of each module's error: the module declares an error-code enum and maps every code to
 * an HTTP status and title in one exhaustive switch (its `describe`).
 */
export abstract class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    detail: string,
    /** Problem extension members, e.g. the short skus of a 409. */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  abstract describe(): { status: number; title: string };
}

/** Makes a switch exhaustive at compile time. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
