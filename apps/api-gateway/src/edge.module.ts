import { Module, OnApplicationShutdown } from '@nestjs/common';
import { EurekaDiscovery } from '@mstore/discovery';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import { BreakerRegistry, DEFAULT_BREAKER, StaticInstanceSource } from '@mstore/resilience';
import type { Logger } from 'pino';
import { EdgeAuthService } from './auth/edge-auth.service';
import { CatalogCache } from './catalog-cache/catalog-cache';
import { ProductEventsConsumer } from './catalog-cache/product-events.consumer';
import type { AppConfig } from './config';
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

/** The edge: token checks, rate limits, the catalog cache and the proxy to the services. */
@Module({
  providers: [
    EdgeAuthService,
    ProxyService,
    ProductEventsConsumer,
    {
      provide: BreakerRegistry,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        new BreakerRegistry(
          {
            ...DEFAULT_BREAKER,
            // undici's own timeouts fire first (one retry included); this is the backstop
            timeoutMs: config.UPSTREAM_TIMEOUT_MS * 2 + 1000,
            resetTimeoutMs: config.BREAKER_RESET_MS,
          },
          (dependency, state) =>
            logger.warn({ upstream: dependency, state }, 'circuit breaker changed'),
        ),
    },
    {
      provide: UpstreamClient,
      inject: [EurekaDiscovery, BreakerRegistry, APP_CONFIG],
      useFactory: (discovery: EurekaDiscovery, breakers: BreakerRegistry, config: AppConfig) =>
        new UpstreamClient(new StaticInstanceSource(config.SERVICE_URLS, discovery), breakers, {
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
          connections: config.UPSTREAM_CONNECTIONS,
        }),
    },
    {
      provide: TokenBucketLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new TokenBucketLimiter({
          capacity: config.RATE_LIMIT_CAPACITY,
          refillPerSecond: config.RATE_LIMIT_REFILL_PER_SEC,
          maxKeys: config.RATE_LIMIT_MAX_KEYS,
        }),
    },
    {
      provide: CatalogMissLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new CatalogMissLimiter({
          capacity: config.CATALOG_MISS_BURST,
          refillPerSecond: config.CATALOG_MISS_RATE_PER_S,
          maxKeys: config.RATE_LIMIT_MAX_KEYS,
        }),
    },
    {
      provide: RATE_LIMIT_GATEWAYS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => config.RATE_LIMIT_GATEWAYS,
    },
    GatewayPeers,
    {
      provide: CatalogCache,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new CatalogCache({
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
})
export class EdgeModule {}
