import { InstancePicker } from '@mstore/discovery';
import { clientRequestRecorder, errorType } from '@mstore/observability';
import {
  BreakerRegistry,
  DependencyUnavailable,
  InstanceSource,
  isRefused,
} from '@mstore/resilience';
import { Agent, Dispatcher } from 'undici';

export interface UpstreamCall {
  method: Dispatcher.HttpMethod;
  /** Path and query, the same as the public ones. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** May be sent again to another instance after a failure (GET/HEAD, or an Idempotency-Key). */
  idempotent: boolean;
  /** A long-lived stream (SSE): no body timeout, ended when the client leaves. */
  stream?: boolean;
  signal?: AbortSignal;
}

export interface UpstreamSettings {
  timeoutMs: number;
  connections: number;
}

/** Answers that mean the instance is failing (a 503 is a service's deliberate answer, not counted). */
const FAILURE_STATUS = new Set([500, 502, 504]);
const NONE: ReadonlySet<string> = new Set();

/**
 * Streams a request to one instance of a service: round robin over Eureka's UP instances, a
 * per-service opossum breaker, keep-alive pools. A refused connection never reached the service,
 * so the next instance is tried for any request; other failures are retried once, on another
 * instance, only when repeating is safe.
 */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly pickers = new Map<string, InstancePicker>();
  /** Until the answer's headers (a proxied body streams on to the client afterwards). */
  private readonly observe = clientRequestRecorder();

  constructor(
    private readonly discovery: InstanceSource,
    private readonly breakers: BreakerRegistry,
    private readonly settings: UpstreamSettings,
  ) {
    this.agent = new Agent({
      connections: settings.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: Math.min(settings.timeoutMs, 3000) },
    });
  }

  /** The answer with its body still streaming; throws DependencyUnavailable (503) otherwise. */
  async send(service: string, call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    let failedAnswer: Dispatcher.ResponseData | undefined;
    try {
      return await this.breakers.run(service, async () => {
        const response = await this.attempt(service, call);
        if (!FAILURE_STATUS.has(response.statusCode)) return response;
        // counts against the breaker, yet the client still gets the service's own problem
        failedAnswer = response;
        throw new Error(`${service} answered ${response.statusCode}`);
      });
    } catch (error) {
      if (failedAnswer) return failedAnswer;
      throw error instanceof DependencyUnavailable
        ? error
        : new DependencyUnavailable(service, String(error), this.breakers.retryAfterSeconds);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async attempt(service: string, call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    const picker = this.pickerFor(service);
    const instances = this.discovery.instances(service);
    let tried: Set<string> | undefined;
    let retriesLeft = call.idempotent ? 1 : 0;
    let lastError: unknown;
    for (;;) {
      const instance = picker.pick(instances, tried ?? NONE);
      if (!instance) {
        // out of instances after a real failure: that failure is the reason, not the registry
        if (lastError !== undefined && !isRefused(lastError)) throw lastError;
        const reason = lastError
          ? 'every instance refused the connection'
          : 'no instance available';
        throw new DependencyUnavailable(service, reason, 1);
      }
      const started = performance.now();
      try {
        const response = await this.agent.request({
          origin: instance.baseUrl,
          path: call.path,
          method: call.method,
          headers: call.headers,
          body: call.body,
          signal: call.signal,
          headersTimeout: this.settings.timeoutMs,
          bodyTimeout: call.stream ? 0 : this.settings.timeoutMs * 3,
        });
        this.observe(call.method, service, started, {
          http_response_status_code: String(response.statusCode),
        });
        return response;
      } catch (error) {
        this.observe(call.method, service, started, { error_type: errorType(error) });
        (tried ??= new Set()).add(instance.instanceId);
        lastError = error;
        if (call.signal?.aborted) throw error;
        if (isRefused(error)) {
          picker.markRefused(instance);
          continue;
        }
        if (retriesLeft-- > 0) continue;
        throw error;
      }
    }
  }

  private pickerFor(service: string): InstancePicker {
    let picker = this.pickers.get(service);
    if (!picker) this.pickers.set(service, (picker = new InstancePicker()));
    return picker;
  }
}
