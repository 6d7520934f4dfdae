import './tracing';
import 'reflect-metadata';
import { loadConfigOrExit } from '@mstore/config';
import { ServiceName } from '@mstore/contracts';
import { createLogger } from '@mstore/observability';
import { runService } from '@mstore/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';

const config = loadConfigOrExit(configSchema);
const logger = createLogger('notification-service', config.LOG_LEVEL);

runService({
  appName: ServiceName.Notification,
  config,
  logger,
  databases: { mongodb: 'notifications' },
  module: AppModule.register(config, logger),
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
