import type { Logger } from 'pino';
import { AppConfig } from './config';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { KafkaHealth, KafkaModule } from '@mstore/messaging';
import { PlatformModule } from '@mstore/platform';
import { ServiceName } from '@mstore/contracts';
import { check, HealthModule, registryCheck } from '@mstore/observability';
import { BreakerRegistry, DEFAULT_BREAKER, StaticInstanceSource } from '@mstore/resilience';
import { EdgeAuthService } from './auth/edge-auth.service';
import { CatalogCache } from './catalog-cache/catalog-cache';
import { ProductEventsConsumer } from './catalog-cache/product-events.consumer';
import { ProxyService } from './proxy/proxy.service';
import { UpstreamClient } from './proxy/upstream-client';
import { CatalogMissLimiter } from './rate-limit/catalog-miss-limiter';
import { GatewayPeers, RATE_LIMIT_GATEWAYS } from './rate-limit/gateway-peers.service';
import { TokenBucketLimiter } from './rate-limit/token-bucket-limiter';

/** Closes the upstream pools and breakers last, after the server stopped taking requests. */
class UpstreamLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly breakers: BreakerRegistry,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await this.upstream.close();
  }
}

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    const breakers = new BreakerRegistry(
      {
        ...DEFAULT_BREAKER,
        // undici's own timeouts fire first (one retry included); this is the backstop
        timeoutMs: config.UPSTREAM_TIMEOUT_MS * 2 + 1000,
        resetTimeoutMs: config.BREAKER_RESET_MS,
      },
      (dependency, state) =>
        logger.warn({ upstream: dependency, state }, 'circuit breaker changed'),
    );
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          appName: ServiceName.Gateway,
          config,
          logger,
          // the public port is the internet's: /metrics is on the management port (main.ts)
          publicMetrics: false,
        }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'api-gateway',
          logger,
        }),
        HealthModule.forRoot({
          inject: [EurekaDiscovery, KafkaHealth],
          useFactory: (discovery: EurekaDiscovery, kafka: KafkaHealth) => [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
          ],
        }),
      ],
      providers: [
        EdgeAuthService,
        ProxyService,
        ProductEventsConsumer,
        { provide: BreakerRegistry, useValue: breakers },
        {
          provide: UpstreamClient,
          inject: [EurekaDiscovery],
          useFactory: (discovery: EurekaDiscovery) =>
            new UpstreamClient(new StaticInstanceSource(config.SERVICE_URLS, discovery), breakers, {
              timeoutMs: config.UPSTREAM_TIMEOUT_MS,
              connections: config.UPSTREAM_CONNECTIONS,
            }),
        },
        {
          provide: TokenBucketLimiter,
          useValue: new TokenBucketLimiter({
            capacity: config.RATE_LIMIT_CAPACITY,
            refillPerSecond: config.RATE_LIMIT_REFILL_PER_SEC,
            maxKeys: config.RATE_LIMIT_MAX_KEYS,
          }),
        },
        {
          provide: CatalogMissLimiter,
          useValue: new CatalogMissLimiter({
            capacity: config.CATALOG_MISS_BURST,
            refillPerSecond: config.CATALOG_MISS_RATE_PER_S,
            maxKeys: config.RATE_LIMIT_MAX_KEYS,
          }),
        },
        { provide: RATE_LIMIT_GATEWAYS, useValue: config.RATE_LIMIT_GATEWAYS },
        GatewayPeers,
        {
          provide: CatalogCache,
          useValue: new CatalogCache({
            ttlMs: config.CATALOG_CACHE_TTL_MS,
            maxEntries: config.CATALOG_CACHE_MAX_ENTRIES,
            maxBodyBytes: 512 * 1024,
          }),
        },
        {
          provide: UpstreamLifecycle,
          inject: [UpstreamClient, BreakerRegistry],
          useFactory: (u: UpstreamClient, b: BreakerRegistry) => new UpstreamLifecycle(u, b),
        },
      ],
    };
  }
}
