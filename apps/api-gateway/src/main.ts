import './tracing';
import 'reflect-metadata';
import { loadConfigOrExit } from '@mstore/config';
import { ServiceName } from '@mstore/contracts';
import { createLogger } from '@mstore/observability';
import { runService } from '@mstore/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { configureGateway } from './gateway.setup';
import { startManagementServer } from './management/management-server';

const config = loadConfigOrExit(configSchema);
const logger = createLogger('api-gateway', config.LOG_LEVEL);

runService({
  appName: ServiceName.Gateway,
  config,
  logger,
  module: AppModule.register(config, logger),
  trustProxy: config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false,
  configure: async (app) => {
    await configureGateway(app, config);
    // before the public port opens: a taken management port stops the start, unregistered
    await startManagementServer(app, config, logger);
  },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
