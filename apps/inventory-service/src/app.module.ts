import type { Logger } from 'pino';
import { AppConfig } from './config';
import { DataSource } from 'typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { KafkaHealth, KafkaModule, OUTBOX_ENTITIES } from '@mstore/messaging';
import { PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { TypeOrmModule } from '@nestjs/typeorm';
import { check, HealthModule } from '@mstore/observability';

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ appName: ServiceName.Inventory, config, logger }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'inventory-service',
          logger,
        }),
        TypeOrmModule.forRoot({
          type: 'mysql',
          url: `${config.MYSQL_URL.replace(/\/$/, '')}/${config.MYSQL_DATABASE}`,
          entities: [...OUTBOX_ENTITIES],
          migrations: [],
          migrationsRun: true,
          synchronize: false,
          timezone: 'Z',
          extra: { connectionLimit: config.MYSQL_POOL_SIZE },
        }),
        HealthModule.forRoot({
          inject: [EurekaDiscovery, KafkaHealth, DataSource],
          useFactory: (discovery: EurekaDiscovery, kafka: KafkaHealth, dataSource: DataSource) => [
            check('registry', () => discovery.isRegistered),
            check('kafka', () => kafka.isUp()),
            check('mysql', async () => (await dataSource.query('SELECT 1'), true)),
          ],
        }),
      ],
    };
  }
}
