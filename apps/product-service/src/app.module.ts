import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from './config';
import { ProductsModule } from './products/products.module';
import { CatalogReadModel } from './products/services/catalog-read-model.service';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { KafkaHealth, KafkaModule } from '@mstore/messaging';
import { mongooseRootOptions, PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { check, HealthModule, registryCheck } from '@mstore/observability';

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ appName: ServiceName.Product, config, logger }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'product-service',
          logger,
        }),
        MongooseModule.forRoot(config.MONGO_URL, mongooseRootOptions(config.MONGO_DATABASE)),
        {
          module: class AppConfigModule {},
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        HealthModule.forRoot({
          imports: [ProductsModule],
          inject: [EurekaDiscovery, KafkaHealth, getConnectionToken(), CatalogReadModel],
          useFactory: (
            discovery: EurekaDiscovery,
            kafka: KafkaHealth,
            mongo: Connection,
            catalog: CatalogReadModel,
          ) => [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
            check('mongo', async () => (await mongo.db?.admin().ping(), true)),
            // not ready until the catalog is in memory: lists would go to the database meanwhile
            check('catalog', () => catalog.ready),
          ],
        }),
        ProductsModule,
      ],
    };
  }
}
