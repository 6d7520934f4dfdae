import type { Logger } from 'pino';
import { AppConfig } from './config';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { check, HealthModule } from '@mstore/observability';

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ appName: ServiceName.Gateway, config, logger }),
        HealthModule.forRoot({
          inject: [EurekaDiscovery],
          useFactory: (discovery: EurekaDiscovery) => [
            check('registry', () => discovery.isRegistered),
          ],
        }),
      ],
    };
  }
}
