import { networkInterfaces } from 'node:os';
import { z } from 'zod';
import { DEV_DEFAULTS } from './dev-secrets';
import { env } from './env';

/** Settings every service shares; each app extends this with its own. */
export const baseConfigShape = {
  /** production: refuses to start while a secret has its development default (dev-secrets.ts). */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: env.str('0.0.0.0'),
  PORT: env.port(0),
  /** Written with the real port after listen, so local tooling can find an ephemeral port. */
  PORT_FILE: z.string().optional(),
  /** Address other services use to reach this instance (registered in Eureka); `auto` = this host's first IPv4 (containers). */
  INSTANCE_HOST: env.str('127.0.0.1').transform((v) => (v === 'auto' ? firstIPv4() : v)),
  LOG_LEVEL: env.logLevel(),
  LOG_REQUESTS: env.bool(true),
  /** false: no registration and no registry; peers come from SERVICE_URLS and readiness skips the registry. */
  EUREKA_ENABLED: env.bool(true),
  EUREKA_URL: env.url('http://localhost:8761/eureka/'),
  EUREKA_USER: env.str('eureka'),
  EUREKA_PASSWORD: env.str(DEV_DEFAULTS.EUREKA_PASSWORD),
  EUREKA_HEARTBEAT_MS: env.int(5000, 1000),
  EUREKA_FETCH_MS: env.int(5000, 1000),
  EUREKA_LEASE_SECONDS: env.int(15, 5),
  /** Fixed instances per Eureka app name, e.g. `INVENTORY-SERVICE=http://127.0.0.1:4001|http://127.0.0.1:4002`;
   * those names bypass the registry, and with EUREKA_ENABLED=false they are the only ones known. */
  SERVICE_URLS: env.serviceUrls(),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: env.str('mstore'),
  /** Tokens carry the public issuer even when Keycloak is reached on an internal address. */
  KEYCLOAK_ISSUER: env.url('http://localhost:8180/realms/mstore'),
  SERVICE_CLIENT_ID: env.str('mstore-service'),
  SERVICE_CLIENT_SECRET: env.str(DEV_DEFAULTS.SERVICE_CLIENT_SECRET),
  SHUTDOWN_GRACE_MS: env.int(10_000, 0),
};
export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export const mysqlConfigShape = {
  MYSQL_URL: env.url(DEV_DEFAULTS.MYSQL_URL),
  MYSQL_POOL_SIZE: env.int(20, 1, 500),
};
export const mongoConfigShape = {
  MONGO_URL: env.url(DEV_DEFAULTS.MONGO_URL),
};
export const kafkaConfigShape = {
  KAFKA_BROKERS: env
    .list('127.0.0.1:9092')
    .pipe(z.array(z.string().regex(/^[^:]+:\d+$/, 'host:port')).min(1)),
  KAFKA_CLIENT_ID: z.string().optional(),
};

function firstIPv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return '127.0.0.1';
}
