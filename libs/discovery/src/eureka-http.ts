import { Agent, request } from 'undici';

export type EurekaMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EurekaResponse {
  status: number;
  /** Parsed JSON when the server sent any, else undefined. */
  body?: unknown;
}

/** One call to the Eureka REST API; rejects only when no answer arrived (refused, timed out). */
export interface EurekaHttp {
  send(method: EurekaMethod, path: string, body?: unknown): Promise<EurekaResponse>;
  close(): Promise<void>;
}

export interface EurekaHttpOptions {
  /** e.g. http://localhost:8761/eureka/; user info in it wins over user/password. */
  eurekaUrl: string;
  user: string;
  password: string;
  /** Whole call: connect, headers and body. */
  timeoutMs: number;
}

/** The Eureka REST API over undici: JSON, HTTP basic auth, a timeout on every call. */
export function undiciEurekaHttp(options: EurekaHttpOptions): EurekaHttp {
  const base = new URL(options.eurekaUrl.replace(/\/?$/, '/'));
  const user = base.username ? decodeURIComponent(base.username) : options.user;
  const password = base.username ? decodeURIComponent(base.password) : options.password;
  base.username = '';
  base.password = '';
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const t = options.timeoutMs;
  const agent = new Agent({
    connect: { timeout: t },
    headersTimeout: t,
    bodyTimeout: t,
    connections: 2,
  });
  return {
    async send(method, path, body) {
      const response = await request(new URL(path, base), {
        method,
        dispatcher: agent,
        signal: AbortSignal.timeout(t),
        headers: {
          accept: 'application/json',
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.body.text();
      const json = String(response.headers['content-type'] ?? '').includes('json');
      return { status: response.statusCode, body: json && text ? JSON.parse(text) : undefined };
    },
    close: () => agent.close(),
  };
}
