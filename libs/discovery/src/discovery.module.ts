import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryOptions, EurekaDiscovery } from './eureka-discovery';

@Global()
@Module({})
export class DiscoveryModule {
  static forRoot(options: DiscoveryOptions): DynamicModule {
    return {
      module: DiscoveryModule,
      providers: [{ provide: EurekaDiscovery, useValue: new EurekaDiscovery(options) }],
      exports: [EurekaDiscovery],
    };
  }
}
