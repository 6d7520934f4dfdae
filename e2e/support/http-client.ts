/**
 * The suite's one HTTP helper. Every answer is recorded so each spec can prove, at its end, that
 * no 5xx reached a client other than the ones the scenario expects (the 503s of a dependency down).
 */
export interface Answer {
  status: number;
  headers: Headers;
  /** Milliseconds from sending to the complete body. */
  ms: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
  body: any;
}

export interface CallOptions {
  token?: string;
  /** An object is sent as JSON; a string as is (malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Recorded {
  method: string;
  path: string;
  status: number;
  /** A 5xx the scenario provokes on purpose (e.g. the 503 of an open breaker). */
  expected: boolean;
}

const recorded: Recorded[] = [];
let expect5xx = false;

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: CallOptions = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  recorded.push({ method, path, status: response.status, expected: expect5xx });
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, ms, text, body: parsed };
}

/** Runs `fn` with 5xx answers marked as expected (they are still recorded and countable). */
export async function expecting5xx<T>(fn: () => Promise<T>): Promise<T> {
  expect5xx = true;
  try {
    return await fn();
  } finally {
    expect5xx = false;
  }
}

/** Every 5xx that was not expected, as `METHOD path -> status` lines. */
export const unexpected5xx = (): string[] =>
  recorded
    .filter((r) => r.status >= 500 && !r.expected)
    .map((r) => `${r.method} ${r.path} -> ${r.status}`);

export function recordAnswer(method: string, path: string, status: number): void {
  recorded.push({ method, path, status, expected: expect5xx });
}

export const isProblem = (answer: Answer) =>
  (answer.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  typeof answer.body?.status === 'number' &&
  typeof answer.body?.title === 'string';
