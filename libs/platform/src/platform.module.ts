import {
  DynamicModule,
  InjectionToken,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@mstore/auth';
import { BaseConfig, loadConfigOrExit } from '@mstore/config';
import { EurekaDiscovery, DiscoveryModule } from '@mstore/discovery';
import { DatabaseNames, RequestValidationPipe } from '@mstore/http';
import {
  createProducer,
  KAFKA,
  KafkaHealth,
  KafkaModule,
  MysqlOutboxStore,
  OUTBOX_ENTITIES,
  OutboxRelay,
} from '@mstore/messaging';
import { mongooseRootOptions } from '@mstore/mongo';
import { MysqlDatabaseSettings, mysqlDataSourceOptions, openMysqlDatabase } from '@mstore/mysql';
import {
  check,
  createLogger,
  HealthModule,
  MetricsModule,
  MysqlOutboxLag,
  registryCheck,
} from '@mstore/observability';
import { BreakerRegistry, BreakerSettings, ResilienceModule } from '@mstore/resilience';
import type { HealthIndicatorFunction } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { z } from 'zod';

/** The settings the kernel reads of every service (baseConfigShape and kafkaConfigShape). */
export type ServiceConfig = BaseConfig & { KAFKA_BROKERS: string[]; KAFKA_CLIENT_ID?: string };
/** mysqlConfigShape plus the service's MYSQL_DATABASE. */
export interface MysqlConfig {
  MYSQL_URL: string;
  MYSQL_POOL_SIZE: number;
  MYSQL_DATABASE: string;
}
/** mongoConfigShape plus the service's MONGO_DATABASE. */
export interface MongoConfig {
  MONGO_URL: string;
  MONGO_DATABASE: string;
}

/** The service's MySQL database (MYSQL_URL, MYSQL_DATABASE, MYSQL_POOL_SIZE): created if missing,
 * migrated under a lock by one instance at a time, then TypeORM's DataSource. */
export interface MysqlStore {
  /** What a 503 calls it while it is down ("the orders database"); the migration lock is named by it. */
  name: string;
  entities: Extract<DataSourceOptions['entities'], unknown[]>;
  migrations: Extract<DataSourceOptions['migrations'], unknown[]>;
}

/** The service's MongoDB database (MONGO_URL, MONGO_DATABASE), as Mongoose's root connection. */
export interface MongoStore {
  /** What a 503 calls it while it is down ("the catalog database"). */
  name: string;
}

/** Extra readiness parts of the app, checked after the kernel's (registry, kafka, databases). */
export interface Readiness {
  /** Modules whose providers the checks read (their providers are not global). */
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  checks: (...deps: never[]) => HealthIndicatorFunction[];
}

export interface PlatformOptions<S extends z.ZodType<ServiceConfig>> {
  /** The Eureka app name; lowercased, the name in logs and the default Kafka client id. */
  name: string;
  /** The app's whole config schema; validated at start, a bad value stops the process naming it. */
  config: S;
  mysql?: z.infer<S> extends MysqlConfig ? MysqlStore : never;
  mongodb?: z.infer<S> extends MongoConfig ? MongoStore : never;
  /**
   * The MySQL outbox (needs `mysql`): its tables join the entities, one relay per process
   * publishes it (a lease row lets one instance at a time), `outbox_lag_seconds` measures it, and
   * `Outbox` is injectable to nudge the relay after a commit that wrote events.
   */
  outbox?: { pollMs: (config: z.infer<S>) => number };
  /** Services this one calls through `ServiceClient`, each behind its breaker (readiness shows them). */
  dependencies?: { services: string[]; breaker: (config: z.infer<S>) => BreakerSettings };
  readiness?: Readiness;
  /** false: no /metrics on the service's own port (the gateway serves it on its management port). */
  publicMetrics?: boolean;
  /** Whose X-Forwarded-For Fastify believes (request.ip): by default any peer. */
  trustProxy?: (config: z.infer<S>) => boolean | string[];
  /** Extra Fastify setup before listen (the gateway's proxy routes, its management port). */
  configure?: (
    app: NestFastifyApplication,
    config: z.infer<S>,
    logger: Logger,
  ) => void | Promise<void>;
}

/** What bootstrap() needs of the service before Nest starts: read from its PlatformModule. */
export interface ServiceContext {
  appName: string;
  config: ServiceConfig;
  logger: Logger;
  databases: DatabaseNames;
  trustProxy?: boolean | string[];
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** The validated config of the app (its own AppConfig type): `@Inject(APP_CONFIG) config: AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_LOGGER = Symbol('APP_LOGGER');

const contexts = new WeakMap<DynamicModule, ServiceContext>();

/** The context of the PlatformModule.forRoot() among `module`'s imports. */
export function serviceContextOf(module: object): ServiceContext {
  const imports: unknown[] = Reflect.getMetadata('imports', module) ?? [];
  for (const entry of imports) {
    const context = contexts.get(entry as DynamicModule);
    if (context) return context;
  }
  throw new Error(`${(module as { name?: string }).name} imports no PlatformModule.forRoot()`);
}

/** The relay of the MySQL outbox, for the life of the app. */
export class Outbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, kafka: Kafka, logger: Logger, pollMs: number) {
    this.relay = new OutboxRelay(
      new MysqlOutboxStore(dataSource),
      createProducer(kafka),
      logger.child({ component: 'outbox-relay' }),
      { idleMs: pollMs },
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** A commit wrote events: publish now instead of at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }
}

/** Not global, so it stops before the global DataSource closes (Nest shuts globals down last). */
@Module({})
class OutboxModule {
  static forRoot(pollMs: number): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: Outbox,
          inject: [DataSource, KAFKA, APP_LOGGER],
          useFactory: (dataSource: DataSource, kafka: Kafka, logger: Logger) =>
            new Outbox(dataSource, kafka, logger, pollMs),
        },
        MysqlOutboxLag,
      ],
      exports: [Outbox],
    };
  }
}

const mysqlSettings = (config: MysqlConfig, store: MysqlStore): MysqlDatabaseSettings => ({
  serverUrl: config.MYSQL_URL,
  database: config.MYSQL_DATABASE,
  poolSize: config.MYSQL_POOL_SIZE,
  migrationLock: `mstore_${store.name}_migrations`,
});

/**
 * The service kernel: validates the config and makes the logger (both injectable: APP_CONFIG,
 * APP_LOGGER), registers in Eureka, verifies tokens, validates requests with zod, serves
 * /metrics and /health (ready: registry, kafka, each database, the breakers, then the app's
 * own), connects Kafka and the app's databases, runs its outbox relay and its breakers.
 * `bootstrap(AppModule)` reads it from the AppModule's imports and runs the service.
 */
@Module({})
export class PlatformModule {
  static forRoot<S extends z.ZodType<ServiceConfig>>(options: PlatformOptions<S>): DynamicModule {
    const config = loadConfigOrExit(options.config);
    const serviceName = options.name.toLowerCase();
    const logger = createLogger(serviceName, config.LOG_LEVEL);
    const { mysql, mongodb, outbox, dependencies, readiness, publicMetrics = true } = options;
    const mysqlConfig = config as unknown as MysqlConfig;
    const mongoConfig = config as unknown as MongoConfig;
    const imports: NonNullable<ModuleMetadata['imports']> = [
      DiscoveryModule.forRoot({
        appName: options.name,
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
      KafkaModule.forRoot({
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID ?? serviceName,
        logger,
      }),
    ];
    const inject: InjectionToken[] = [EurekaDiscovery, KafkaHealth];
    const probes: ((dep: never) => HealthIndicatorFunction)[] = [];

    if (mysql) {
      const settings = mysqlSettings(mysqlConfig, mysql);
      const dataSourceOptions = () =>
        mysqlDataSourceOptions(settings, {
          entities: [...(outbox ? OUTBOX_ENTITIES : []), ...mysql.entities],
          migrations: mysql.migrations,
        });
      imports.push(
        TypeOrmModule.forRootAsync({
          useFactory: dataSourceOptions,
          // creates a missing database and migrates under a lock before anything uses it
          dataSourceFactory: async (typeormOptions) =>
            openMysqlDatabase(settings, typeormOptions ?? dataSourceOptions()),
        }),
      );
      inject.push(DataSource);
      probes.push((dataSource: DataSource) =>
        check('mysql', async () => (await dataSource.query('SELECT 1'), true)),
      );
    }
    if (mongodb) {
      imports.push(
        MongooseModule.forRoot(
          mongoConfig.MONGO_URL,
          mongooseRootOptions(mongoConfig.MONGO_DATABASE),
        ),
      );
      inject.push(getConnectionToken());
      probes.push((mongo: Connection) =>
        check('mongo', async () => (await mongo.db?.admin().ping(), true)),
      );
    }
    if (outbox) {
      if (!mysql) throw new Error('PlatformModule: outbox needs mysql');
      imports.push(OutboxModule.forRoot(outbox.pollMs(config)));
    }
    if (dependencies) {
      imports.push(
        ResilienceModule.forRoot(dependencies.breaker(config), {
          dependencies: dependencies.services,
          staticUrls: config.SERVICE_URLS,
          onStateChange: (dependency, state) =>
            logger.warn({ upstream: dependency, state }, 'circuit breaker changed'),
        }),
      );
      inject.push(BreakerRegistry);
      // informative only: with a dependency down this instance still answers (fast 503s)
      probes.push((breakers: BreakerRegistry) =>
        check(
          'dependencies',
          () => true,
          () => ({ breakers: breakers.states() }),
        ),
      );
    }
    const kernelDeps = inject.length;
    inject.push(...(readiness?.inject ?? []));
    imports.push(
      HealthModule.forRoot({
        imports: readiness?.imports,
        inject,
        useFactory: (...deps: unknown[]) => {
          const [discovery, kafka, ...stores] = deps as [EurekaDiscovery, KafkaHealth, ...never[]];
          return [
            registryCheck(discovery),
            check('kafka', () => kafka.isUp()),
            ...probes.map((probe, i) => probe(stores[i])),
            ...(readiness?.checks(...(deps.slice(kernelDeps) as never[])) ?? []),
          ];
        },
      }),
    );

    const module: DynamicModule = {
      module: PlatformModule,
      global: true,
      imports,
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_LOGGER, useValue: logger },
        { provide: APP_CONFIG, useValue: config },
      ],
      exports: [APP_LOGGER, APP_CONFIG, ...(outbox ? [OutboxModule] : [])],
    };
    const databases: DatabaseNames = {};
    if (mysql) databases.mysql = mysql.name;
    if (mongodb) databases.mongodb = mongodb.name;
    const { trustProxy, configure } = options;
    contexts.set(module, {
      appName: options.name,
      config,
      logger,
      databases,
      trustProxy: trustProxy?.(config),
      configure: configure && ((app) => configure(app, config, logger)),
    });
    return module;
  }
}
