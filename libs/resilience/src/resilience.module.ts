import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenProvider } from '@mstore/auth';
import { EurekaDiscovery } from '@mstore/discovery';
import {
  BreakerRegistry,
  BreakerSettings,
  BreakerState,
  DEFAULT_BREAKER,
} from './breaker-registry';
import { InstanceSource, StaticInstanceSource } from './instance-source';
import { ServiceClient } from './service-client';

export interface ResilienceOptions {
  /** Breakers created at start, so /health/ready and /metrics show them before the first call. */
  dependencies?: string[];
  /** Fixed URLs per Eureka app name, bypassing the registry for those names (see parseServiceUrls). */
  staticUrls?: Record<string, string[]>;
  /** Told once per breaker transition (open, half-open, closed): the place to log it. */
  onStateChange?: (dependency: string, state: BreakerState) => void;
}

/** Stops the breakers' rolling-window timers with the app. */
class BreakerShutdown implements OnApplicationShutdown {
  constructor(private readonly registry: BreakerRegistry) {}
  onApplicationShutdown(): void {
    this.registry.shutdown();
  }
}

@Global()
@Module({})
export class ResilienceModule {
  static forRoot(
    settings: BreakerSettings = DEFAULT_BREAKER,
    options: ResilienceOptions = {},
  ): DynamicModule {
    const registry = new BreakerRegistry(settings, options.onStateChange).track(
      ...(options.dependencies ?? []),
    );
    return {
      module: ResilienceModule,
      providers: [
        { provide: BreakerRegistry, useValue: registry },
        {
          provide: BreakerShutdown,
          useFactory: (b: BreakerRegistry) => new BreakerShutdown(b),
          inject: [BreakerRegistry],
        },
        {
          provide: ServiceClient,
          useFactory: (d: EurekaDiscovery, t: ServiceTokenProvider, b: BreakerRegistry) => {
            const source: InstanceSource =
              options.staticUrls && Object.keys(options.staticUrls).length > 0
                ? new StaticInstanceSource(options.staticUrls, d)
                : d;
            return new ServiceClient(source, t, b);
          },
          inject: [EurekaDiscovery, ServiceTokenProvider, BreakerRegistry],
        },
      ],
      exports: [BreakerRegistry, ServiceClient],
    };
  }
}
