import CircuitBreaker from 'opossum';
import { gauge } from '@mstore/observability';
import { CIRCUIT_OPEN, DependencyUnavailable, UpstreamRejected, withoutStack } from './resilience.errors';

export interface BreakerSettings {
  /** A call slower than this fails (and counts against the breaker). */
  timeoutMs: number;
  /** Calls in the rolling window before the error rate may open the breaker. */
  volumeThreshold: number;
  errorThresholdPercentage: number;
  /** Open this long, then one trial call (half-open). */
  resetTimeoutMs: number;
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = {
  timeoutMs: 3000,
  volumeThreshold: 5,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 5000,
  rollingWindowMs: 10_000,
};

export type BreakerState = 'closed' | 'open' | 'half-open';
const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
type Thunk = () => Promise<unknown>;

/** One opossum breaker per dependency; state exported as a Prometheus gauge. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker<[Thunk], unknown>>();
  private readonly stateGauge = gauge(
    'circuit_breaker_state',
    'Breaker state per dependency: 0 closed, 1 half-open, 2 open',
    ['dependency'],
  );

  constructor(
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
    /** Told once per transition, so callers need not log every call an open breaker refuses. */
    private readonly onStateChange?: (dependency: string, state: BreakerState) => void,
  ) {}

  /** What a 503 tells the client: the breaker's next trial is at most this far away. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.settings.resetTimeoutMs / 1000));
  }

  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  /** Creates breakers up front so health and metrics list a dependency before its first call. */
  track(...dependencies: string[]): this {
    for (const d of dependencies) this.breaker(d);
    return this;
  }

  async run<T>(dependency: string, thunk: () => Promise<T>): Promise<T> {
    const breaker = this.breaker(dependency);
    // refused here, not by opossum: its refusal builds an error with a stack on every call
    if (breaker.opened) throw this.refusal(dependency);
    try {
      return (await breaker.fire(thunk)) as T;
    } catch (error) {
      throw this.translate(dependency, error);
    }
  }

  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers].map(([name, b]) => [name, stateOf(b)]));
  }

  shutdown(): void {
    for (const b of this.breakers.values()) b.shutdown();
  }

  private breaker(dependency: string): CircuitBreaker<[Thunk], unknown> {
    const existing = this.breakers.get(dependency);
    if (existing) return existing;
    const s = this.settings;
    const created = new CircuitBreaker((thunk: Thunk) => thunk(), {
      name: dependency,
      timeout: s.timeoutMs,
      volumeThreshold: s.volumeThreshold,
      errorThresholdPercentage: s.errorThresholdPercentage,
      resetTimeout: s.resetTimeoutMs,
      rollingCountTimeout: s.rollingWindowMs,
      // a 4xx is the dependency working as designed
      errorFilter: (error: unknown) => error instanceof UpstreamRejected,
    });
    const update = () => this.stateGauge.set({ dependency }, STATE_VALUE[stateOf(created)]);
    const changed = () => {
      update();
      this.onStateChange?.(dependency, stateOf(created));
    };
    created.on('open', changed);
    created.on('halfOpen', changed);
    created.on('close', changed);
    update();
    this.breakers.set(dependency, created);
    return created;
  }

  private refusal(dependency: string): DependencyUnavailable {
    return withoutStack(
      () => new DependencyUnavailable(dependency, CIRCUIT_OPEN, this.retryAfterSeconds),
    );
  }

  private translate(dependency: string, error: unknown): unknown {
    if (error instanceof UpstreamRejected || error instanceof DependencyUnavailable) return error;
    const code = (error as { code?: string }).code;
    if (code === 'EOPENBREAKER') return this.refusal(dependency);
    const name = (error as { name?: string }).name;
    if (code === 'ETIMEDOUT' || name === 'TimeoutError' || code === 'UND_ERR_ABORTED')
      return new DependencyUnavailable(dependency, 'timed out', this.retryAfterSeconds);
    return new DependencyUnavailable(
      dependency,
      (error as Error)?.message ?? 'failed',
      this.retryAfterSeconds,
    );
  }
}

function stateOf(b: CircuitBreaker<[Thunk], unknown>): BreakerState {
  return b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed';
}
