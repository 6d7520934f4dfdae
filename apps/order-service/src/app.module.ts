import { Module } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { PlatformModule } from '@mstore/platform';
import { configSchema } from './config';
import { ORDER_ENTITIES } from './orders/entities';
import { ORDER_MIGRATIONS } from './orders/migrations';
import { OrdersModule } from './orders/orders.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: ServiceName.Order,
      config: configSchema,
      mysql: { name: 'orders', entities: ORDER_ENTITIES, migrations: ORDER_MIGRATIONS },
      outbox: { pollMs: (config) => config.OUTBOX_POLL_MS },
      dependencies: {
        services: [ServiceName.Product, ServiceName.Inventory],
        breaker: (config) => ({
          timeoutMs: config.BREAKER_TIMEOUT_MS,
          volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
          errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
          resetTimeoutMs: config.BREAKER_RESET_MS,
          rollingWindowMs: config.BREAKER_WINDOW_MS,
        }),
      },
    }),
    OrdersModule,
  ],
})
export class AppModule {}
