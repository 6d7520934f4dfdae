import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@mstore/auth';
import { BaseConfig } from '@mstore/config';
import { DiscoveryModule } from '@mstore/discovery';
import { RequestValidationPipe } from '@mstore/http';
import { MetricsModule } from '@mstore/observability';
import type { Logger } from 'pino';

export interface PlatformOptions {
  appName: string;
  config: BaseConfig;
  logger: Logger;
  /** false: no /metrics on the service's own port (the gateway serves it on its management port). */
  publicMetrics?: boolean;
}

export const APP_LOGGER = Symbol('APP_LOGGER');

/** What every service has: Eureka, token verification, metrics, zod validation, the logger. */
@Module({})
export class PlatformModule {
  static forRoot({
    appName,
    config,
    logger,
    publicMetrics = true,
  }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        DiscoveryModule.forRoot({
          appName,
          eurekaUrl: config.EUREKA_URL,
          user: config.EUREKA_USER,
          password: config.EUREKA_PASSWORD,
          instanceHost: config.INSTANCE_HOST,
          heartbeatMs: config.EUREKA_HEARTBEAT_MS,
          fetchMs: config.EUREKA_FETCH_MS,
          leaseSeconds: config.EUREKA_LEASE_SECONDS,
          enabled: config.EUREKA_ENABLED,
          staticUrls: config.SERVICE_URLS,
          logger,
        }),
        AuthModule.forRoot({
          keycloakUrl: config.KEYCLOAK_URL,
          realm: config.KEYCLOAK_REALM,
          issuer: config.KEYCLOAK_ISSUER,
          clientId: config.SERVICE_CLIENT_ID,
          clientSecret: config.SERVICE_CLIENT_SECRET,
        }),
        ...(publicMetrics ? [MetricsModule] : []),
      ],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_LOGGER, useValue: logger },
      ],
      exports: [APP_LOGGER],
    };
  }
}
