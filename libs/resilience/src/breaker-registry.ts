import { SpanStatusCode, trace } from '@opentelemetry/api';
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
/** The `state` label of circuit_breaker_state (Prometheus label values by convention use `_`). */
const STATE_LABEL: Record<BreakerState, string> = {
  closed: 'closed',
  open: 'open',
  'half-open': 'half_open',
};
const STATES = Object.keys(STATE_LABEL) as BreakerState[];
type Thunk = () => Promise<unknown>;

/**
 * One opossum breaker per dependency. Its state is a labelled gauge, one series per state with 1
 * on the current one, so `circuit_breaker_state{state="open"} == 1` selects the open breakers.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker<[Thunk], unknown>>();
  private readonly stateGauge = gauge(
    'circuit_breaker_state',
    'Circuit breaker state per dependency: 1 for the current state (closed, open, half_open), 0 for the others',
    ['breaker', 'state'],
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
    const update = () => {
      const now = stateOf(created);
      for (const state of STATES)
        this.stateGauge.set(
          { breaker: dependency, state: STATE_LABEL[state] },
          state === now ? 1 : 0,
        );
    };
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
    // the caller's trace shows why it failed fast: no call span follows, only this event
    const span = trace.getActiveSpan();
    span?.addEvent('circuit_breaker.refused', { 'circuit_breaker.name': dependency });
    span?.setStatus({ code: SpanStatusCode.ERROR, message: `circuit breaker ${dependency} open` });
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
