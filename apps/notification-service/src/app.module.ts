import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { AppConfig } from './config';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { KafkaHealth, KafkaModule } from '@mstore/messaging';
import { mongooseRootOptions, PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { check, HealthModule, registryCheck } from '@mstore/observability';
import { AppConfigModule } from './app-config.module';
import { ConsumerModule } from './consumer/consumer.module';
import { EventConsumer } from './consumer/services/event-consumer.service';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        PlatformModule.forRoot({ appName: ServiceName.Notification, config, logger }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'notification-service',
          logger,
        }),
        MongooseModule.forRoot(config.MONGO_URL, mongooseRootOptions(config.MONGO_DATABASE)),
        NotificationsModule,
        ConsumerModule,
        HealthModule.forRoot({
          imports: [ConsumerModule],
          inject: [EurekaDiscovery, KafkaHealth, getConnectionToken(), EventConsumer],
          useFactory: (
            discovery: EurekaDiscovery,
            kafka: KafkaHealth,
            mongo: Connection,
            consumer: EventConsumer,
          ) => [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
            check('mongo', async () => (await mongo.db?.admin().ping(), true)),
            check('consumer', () => consumer.isReady),
          ],
        }),
      ],
    };
  }
}
