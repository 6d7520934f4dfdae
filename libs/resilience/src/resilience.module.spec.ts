import type { ValueProvider } from '@nestjs/common';
import { BreakerRegistry } from './breaker-registry';
import { ResilienceModule } from './resilience.module';

const settings = {
  timeoutMs: 50,
  volumeThreshold: 2,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 100,
  rollingWindowMs: 1000,
};

const registryOf = (module: ReturnType<typeof ResilienceModule.forRoot>): BreakerRegistry =>
  (module.providers?.find((p) => (p as ValueProvider).provide === BreakerRegistry) as ValueProvider)
    .useValue as BreakerRegistry;

describe(ResilienceModule.name, () => {
  it('tells the app of every breaker transition, so it can log them', async () => {
    const changes: string[] = [];
    const registry = registryOf(
      ResilienceModule.forRoot(settings, {
        dependencies: ['INVENTORY-SERVICE'],
        onStateChange: (dependency, state) => changes.push(`${dependency}:${state}`),
      }),
    );
    for (let i = 0; i < 3; i++)
      await registry
        .run('INVENTORY-SERVICE', () => Promise.reject(new Error('down')))
        .catch(() => undefined);
    expect(registry.states()).toEqual({ 'INVENTORY-SERVICE': 'open' });
    registry.shutdown();
    expect(changes).toEqual(['INVENTORY-SERVICE:open']);
  });
});
