import { register } from 'prom-client';
import { BreakerRegistry } from './breaker-registry';
import { DependencyUnavailable, UpstreamRejected } from './resilience.errors';

const settings = {
  timeoutMs: 50,
  volumeThreshold: 2,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 100,
  rollingWindowMs: 1000,
};
const fail = () => Promise.reject(new Error('boom'));

describe(BreakerRegistry.name, () => {
  let registry: BreakerRegistry;
  beforeEach(() => (registry = new BreakerRegistry(settings)));
  afterEach(() => registry.shutdown());

  it('opens after the threshold and then rejects fast', async () => {
    for (let i = 0; i < 3; i++) await registry.run('inv', fail).catch(() => undefined);
    expect(registry.states()).toEqual({ inv: 'open' });
    // rejects fast: the call is refused without being made
    const thunk = jest.fn(() => Promise.resolve('never'));
    const error = await registry.run('inv', thunk).catch((e: DependencyUnavailable) => e);
    expect(error).toBeInstanceOf(DependencyUnavailable);
    expect((error as DependencyUnavailable).reason).toBe('circuit open');
    expect(thunk).not.toHaveBeenCalled();
  });

  it('exports the state as one gauge series per state, 1 on the current one', async () => {
    const series = async () =>
      (await register.getSingleMetricAsString('circuit_breaker_state'))
        .split('\n')
        .filter((l) => l.includes('breaker="gauge-dep"'))
        .sort();
    registry.track('gauge-dep');
    expect(await series()).toEqual([
      'circuit_breaker_state{breaker="gauge-dep",state="closed"} 1',
      'circuit_breaker_state{breaker="gauge-dep",state="half_open"} 0',
      'circuit_breaker_state{breaker="gauge-dep",state="open"} 0',
    ]);
    for (let i = 0; i < 3; i++) await registry.run('gauge-dep', fail).catch(() => undefined);
    expect(await series()).toEqual([
      'circuit_breaker_state{breaker="gauge-dep",state="closed"} 0',
      'circuit_breaker_state{breaker="gauge-dep",state="half_open"} 0',
      'circuit_breaker_state{breaker="gauge-dep",state="open"} 1',
    ]);
  });

  it('does not count 4xx answers as failures', async () => {
    for (let i = 0; i < 5; i++)
      await registry
        .run('cat', () => Promise.reject(new UpstreamRejected('cat', 404, {})))
        .catch(() => undefined);
    expect(registry.states()).toEqual({ cat: 'closed' });
  });

  it('times out slow calls as unavailable', async () => {
    const error = await registry
      .run('slow', () => new Promise((r) => setTimeout(r, 200)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailable);
    expect((error as DependencyUnavailable).reason).toBe('timed out');
  });

  it('closes again after a successful trial call', async () => {
    for (let i = 0; i < 3; i++) await registry.run('inv', fail).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 120));
    await expect(registry.run('inv', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(registry.states()).toEqual({ inv: 'closed' });
  });

  it('reports each state change once, however many calls the open breaker refuses', async () => {
    const changes: string[] = [];
    const watched = new BreakerRegistry(settings, (d, state) => changes.push(`${d}:${state}`));
    for (let i = 0; i < 10; i++) await watched.run('inv', fail).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 120));
    await watched.run('inv', () => Promise.resolve('ok'));
    watched.shutdown();
    expect(changes).toEqual(['inv:open', 'inv:half-open', 'inv:closed']);
  });
});
