import { Module } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { PlatformModule } from '@mstore/platform';
import { configSchema } from './config';
import { EdgeModule } from './edge.module';
import { configureGateway } from './gateway.setup';
import { startManagementServer } from './management/management-server';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: ServiceName.Gateway,
      config: configSchema,
      // the public port is the internet's: /metrics is on the management port
      publicMetrics: false,
      trustProxy: (config) => (config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false),
      configure: async (app, config, logger) => {
        await configureGateway(app, config);
        // before the public port opens: a taken management port stops the start, unregistered
        await startManagementServer(app, config, logger);
      },
    }),
    EdgeModule,
  ],
})
export class AppModule {}
