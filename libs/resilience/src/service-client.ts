import type { ServiceTokenProvider } from '@mstore/auth';
import { EurekaDiscovery, InstancePicker, ServiceInstance } from '@mstore/discovery';
import { Agent, Dispatcher, request } from 'undici';
import { BreakerRegistry } from './breaker-registry';
import { DependencyUnavailable, UpstreamRejected } from './errors';

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

const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ECONNRESET_BEFORE_SEND']);
const isRefused = (error: unknown) => REFUSED.has((error as { code?: string }).code ?? '');

/**
 * Calls another service by its Eureka name: round robin over UP instances, a per-dependency
 * breaker, the service-account token. A refused connection never reached the peer, so any call
 * moves on to the next instance; other failures are retried only for idempotent calls.
 */
export class ServiceClient {
  private readonly pickers = new Map<string, InstancePicker>();

  constructor(
    private readonly discovery: EurekaDiscovery,
    private readonly tokens: ServiceTokenProvider,
    readonly breakers: BreakerRegistry,
    private readonly dispatcher: Dispatcher = new Agent({
      connections: 64,
      keepAliveTimeout: 10_000,
    }),
  ) {}

  call<T>(service: string, options: CallOptions): Promise<CallResult<T>> {
    return this.breakers.run(service, () => this.attempt<T>(service, options));
  }

  private async attempt<T>(service: string, options: CallOptions): Promise<CallResult<T>> {
    const picker = this.picker(service);
    const tried = new Set<string>();
    let retriesLeft = options.idempotent ? 1 : 0;
    const token = options.headers?.authorization ? undefined : await this.tokens.get();
    for (;;) {
      const instance = picker.pick(this.discovery.instances(service), tried);
      if (!instance) throw new DependencyUnavailable(service, 'no instance available', 1);
      tried.add(instance.instanceId);
      try {
        return await this.send<T>(service, instance, options, token);
      } catch (error) {
        if (error instanceof UpstreamRejected) throw error;
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
    token?: string,
  ): Promise<CallResult<T>> {
    const response = await request(`${instance.baseUrl}${o.path}`, {
      method: o.method,
      dispatcher: this.dispatcher,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await response.body.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
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
