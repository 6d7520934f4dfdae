import type { Logger } from 'pino';
import { AppConfig } from './config';
import { dataSourceOptions, openDatabase } from './database/database';
import { InventoryModule } from './inventory/inventory.module';
import { DataSource } from 'typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { KafkaHealth, KafkaModule } from '@mstore/messaging';
import { PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { TypeOrmModule } from '@nestjs/typeorm';
import { check, HealthModule, registryCheck } from '@mstore/observability';

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
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config),
          // creates a missing database and runs the migrations under a lock before anything uses it
          dataSourceFactory: async (options) =>
            openDatabase(config, options ?? dataSourceOptions(config)),
        }),
        InventoryModule.register(config),
        HealthModule.forRoot({
          inject: [EurekaDiscovery, KafkaHealth, DataSource],
          useFactory: (discovery: EurekaDiscovery, kafka: KafkaHealth, dataSource: DataSource) => [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
            check('mysql', async () => (await dataSource.query('SELECT 1'), true)),
          ],
        }),
      ],
    };
  }
}
