import { InstancePicker, ServiceInstance } from '@mstore/discovery';
import { clientRequestRecorder, errorType } from '@mstore/observability';
import { Agent, Dispatcher, request } from 'undici';
import { BreakerRegistry } from './breaker-registry';
import { DependencyUnavailable, UpstreamRejected } from './resilience.errors';
import type { InstanceSource } from './instance-source';

export interface CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Safe to repeat: may be retried once on another instance after a failure. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  body: T;
}

/** Anything with a cached service-account token (ServiceTokenProvider). */
export interface TokenSource {
  get(): Promise<string>;
}

/** Errors raised before a byte reached the peer: safe to send elsewhere, whatever the method. */
const REFUSED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** The connection was never made (so nothing was sent): any request may go to another instance. */
export const isRefused = (error: unknown) => REFUSED.has((error as { code?: string })?.code ?? '');

/**
 * Calls another service by its Eureka name: round robin over UP instances, a per-dependency
 * breaker, the service-account token. A refused connection never reached the peer, so any call
 * moves on to the next instance; other failures are retried only for idempotent calls, and only
 * on another instance.
 */
export class ServiceClient {
  private readonly pickers = new Map<string, InstancePicker>();
  /** Until the answer's headers (a proxied body streams on to the client afterwards). */
  private readonly observe = clientRequestRecorder();

  constructor(
    private readonly discovery: InstanceSource,
    private readonly tokens: TokenSource,
    readonly breakers: BreakerRegistry,
    private readonly dispatcher: Dispatcher = new Agent({
      connections: 64,
      keepAliveTimeout: 10_000,
      connect: { timeout: 2000 },
    }),
  ) {}

  call<T>(service: string, options: CallOptions): Promise<CallResult<T>> {
    return this.breakers.run(service, () => this.attempt<T>(service, options));
  }

  private async attempt<T>(service: string, options: CallOptions): Promise<CallResult<T>> {
    const picker = this.picker(service);
    const tried = new Set<string>();
    let retriesLeft = options.idempotent ? 1 : 0;
    let lastError: unknown;
    // the breaker gives up after its timeout; abort the request too so it frees its connection
    const signal = AbortSignal.timeout(this.breakers.timeoutMs + 100);
    const token = options.headers?.['authorization'] ? undefined : await this.tokens.get();
    for (;;) {
      const instance = picker.pick(this.discovery.instances(service), tried);
      if (!instance) {
        if (lastError && !isRefused(lastError)) throw lastError;
        throw new DependencyUnavailable(
          service,
          lastError ? 'every instance refused the connection' : 'no instance available',
          this.breakers.retryAfterSeconds,
        );
      }
      tried.add(instance.instanceId);
      try {
        return await this.send<T>(service, instance, options, signal, token);
      } catch (error) {
        if (error instanceof UpstreamRejected || signal.aborted) throw error;
        lastError = error;
        if (isRefused(error)) {
          picker.markRefused(instance);
          continue;
        }
        if (retriesLeft-- > 0) continue;
        throw error;
      }
    }
  }

  private async send<T>(
    service: string,
    instance: ServiceInstance,
    o: CallOptions,
    signal: AbortSignal,
    token?: string,
  ): Promise<CallResult<T>> {
    const started = performance.now();
    const response = await request(`${instance.baseUrl}${o.path}`, {
      method: o.method,
      dispatcher: this.dispatcher,
      signal,
      headers: {
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    }).catch((error: unknown) => {
      this.observe(o.method, service, started, { error_type: errorType(error) });
      throw error;
    });
    this.observe(o.method, service, started, {
      http_response_status_code: String(response.statusCode),
    });
    const body = parseBody(await response.body.text());
    if (response.statusCode >= 500) throw new Error(`${service} answered ${response.statusCode}`);
    if (response.statusCode >= 400) throw new UpstreamRejected(service, response.statusCode, body);
    return { status: response.statusCode, body: body as T };
  }

  private picker(service: string): InstancePicker {
    let picker = this.pickers.get(service);
    if (!picker) this.pickers.set(service, (picker = new InstancePicker()));
    return picker;
  }
}

/** A 4xx with a non-JSON body is still a 4xx, not a failure of the dependency. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
