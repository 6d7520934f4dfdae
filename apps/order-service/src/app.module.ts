import type { Logger } from 'pino';
import { AppConfig } from './config';
import { DataSource } from 'typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { KafkaHealth, KafkaModule } from '@mstore/messaging';
import { PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { TypeOrmModule } from '@nestjs/typeorm';
import { check, HealthModule, registryCheck } from '@mstore/observability';
import { BreakerRegistry, ResilienceModule } from '@mstore/resilience';
import { dataSourceOptions, openDatabase } from './database/database';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ appName: ServiceName.Order, config, logger }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'order-service',
          logger,
        }),
        ResilienceModule.forRoot(
          {
            timeoutMs: config.BREAKER_TIMEOUT_MS,
            volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
            errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
            resetTimeoutMs: config.BREAKER_RESET_MS,
            rollingWindowMs: config.BREAKER_WINDOW_MS,
          },
          {
            dependencies: [ServiceName.Product, ServiceName.Inventory],
            staticUrls: config.SERVICE_URLS,
            onStateChange: (dependency, state) =>
              logger.warn({ upstream: dependency, state }, 'circuit breaker changed'),
          },
        ),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config),
          // creates a missing database and migrates under a lock before anything uses it
          dataSourceFactory: async (options) =>
            openDatabase(config, options ?? dataSourceOptions(config)),
        }),
        OrdersModule.register({
          idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
          idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
          idempotencyStaleMs: config.IDEMPOTENCY_STALE_MS,
          reconcileIntervalMs: config.RECONCILE_INTERVAL_MS,
          reconcileGraceMs: config.RECONCILE_GRACE_MS,
          outboxPollMs: config.OUTBOX_POLL_MS,
          outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
        }),
        HealthModule.forRoot({
          inject: [EurekaDiscovery, KafkaHealth, DataSource, BreakerRegistry],
          useFactory: (
            discovery: EurekaDiscovery,
            kafka: KafkaHealth,
            dataSource: DataSource,
            breakers: BreakerRegistry,
          ) => [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
            check('mysql', async () => (await dataSource.query('SELECT 1'), true)),
            // informative only: with a dependency down this instance still answers (fast 503s)
            check(
              'dependencies',
              () => true,
              () => ({ breakers: breakers.states() }),
            ),
          ],
        }),
      ],
    };
  }
}
