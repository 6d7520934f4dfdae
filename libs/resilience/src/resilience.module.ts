import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServiceTokenProvider } from '@mstore/auth';
import { EurekaDiscovery } from '@mstore/discovery';
import { BreakerRegistry, BreakerSettings, DEFAULT_BREAKER } from './breaker-registry';
import { ServiceClient } from './service-client';

@Global()
@Module({})
export class ResilienceModule {
  static forRoot(settings: BreakerSettings = DEFAULT_BREAKER): DynamicModule {
    return {
      module: ResilienceModule,
      providers: [
        { provide: BreakerRegistry, useValue: new BreakerRegistry(settings) },
        {
          provide: ServiceClient,
          useFactory: (d: EurekaDiscovery, t: ServiceTokenProvider, b: BreakerRegistry) =>
            new ServiceClient(d, t, b),
          inject: [EurekaDiscovery, ServiceTokenProvider, BreakerRegistry],
        },
      ],
      exports: [BreakerRegistry, ServiceClient],
    };
  }
}
