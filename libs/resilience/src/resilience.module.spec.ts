import type { ValueProvider } from '@nestjs/common';
import { BreakerRegistry, DEFAULT_BREAKER } from './breaker-registry';
import { ResilienceModule } from './resilience.module';

// a low volume threshold: three failures open it
const settings = { ...DEFAULT_BREAKER, volumeThreshold: 2 };

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
