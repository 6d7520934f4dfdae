import 'reflect-metadata';
import { loadConfigOrExit } from '@mstore/config';
import { ServiceName } from '@mstore/contracts';
import { createLogger } from '@mstore/observability';
import { runService } from '@mstore/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { configureGateway } from './gateway.setup';

const config = loadConfigOrExit(configSchema);
const logger = createLogger('api-gateway', config.LOG_LEVEL);

runService({
  appName: ServiceName.Gateway,
  config,
  logger,
  module: AppModule.register(config, logger),
  configure: (app) => configureGateway(app, config),
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
