import { baseConfigShape, env, kafkaConfigShape } from '@mstore/config';
import { parseServiceUrls } from '@mstore/resilience';
import { isIP } from 'node:net';
import { z } from 'zod';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** What Fastify's trustProxy (proxy-addr) accepts: an address, a CIDR or a named range. */
export const isProxyAddress = (value: string): boolean => {
  if (PROXY_NAMES.has(value)) return true;
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

const settings = z.object({
  ...baseConfigShape,
  ...kafkaConfigShape,
  PORT: env.port(8080),
  /** /metrics and the health routes for operators, kept off the public port (0: ephemeral, for tests). */
  MANAGEMENT_PORT: env.port(8081),
  /** Written with the real management port after listen, like PORT_FILE. */
  MANAGEMENT_PORT_FILE: z.string().optional(),
  /** Token bucket per user (per IP when anonymous): burst size. High in dev so a flash-sale test passes. */
  RATE_LIMIT_CAPACITY: env.int(2000, 1),
  /** Tokens added back per second to each bucket. */
  RATE_LIMIT_REFILL_PER_SEC: env.int(1000, 1),
  /** How many gateways share the limits above, which are the whole fleet's: `registry` counts the
   * API-GATEWAY instances in Eureka (HPA-proof); a number fixes it (Eureka off: the replica count). */
  RATE_LIMIT_GATEWAYS: z
    .string()
    .default('registry')
    .refine((v) => v === 'registry' || /^[1-9]\d{0,3}$/.test(v), 'registry, or a number of gateways')
    .transform((v) => (v === 'registry' ? ('registry' as const) : Number(v))),
  /** Buckets kept in memory (least recently used dropped first). */
  RATE_LIMIT_MAX_KEYS: env.int(100_000, 100),
  /** A second bucket per caller (same key), spent only by catalog reads the cache cannot answer: each
   * one is a product-service query, and an instance serves tens of uncached lists per second, not
   * thousands. Burst size. */
  CATALOG_MISS_BURST: env.int(25, 1),
  /** Catalog misses added back per second to each caller's miss bucket. */
  CATALOG_MISS_RATE_PER_S: env.int(5, 1),
  /** How long a public catalog GET answer is served from memory; product-events clear it on any change,
   * so the TTL only bounds staleness if an event is lost, and a longer one spares the catalog its misses. */
  CATALOG_CACHE_TTL_MS: env.int(15_000, 0),
  CATALOG_CACHE_MAX_ENTRIES: env.int(1000, 1),
  /** Proxies in front of the gateway whose X-Forwarded-For names the client (IPs, CIDRs, or
   * `loopback`/`linklocal`/`uniquelocal`): the storefront's server and an ingress. The client's
   * address keys the anonymous rate limit; empty: the connection's peer is the client. */
  TRUSTED_PROXIES: env.list('').refine(
    (list) => list.every(isProxyAddress),
    'IP addresses, CIDRs, loopback, linklocal or uniquelocal, comma separated',
  ),
  /** Storefront origins allowed by CORS (comma separated). */
  CORS_ORIGINS: env.list('http://localhost:3000,http://localhost:5173'),
  /** Upstream answer headers must arrive within this; the SSE stream has no body timeout. */
  UPSTREAM_TIMEOUT_MS: env.int(10_000, 100),
  /** Keep-alive connections per upstream instance. */
  UPSTREAM_CONNECTIONS: env.int(128, 1),
  /** An open breaker stays open this long before a trial call. */
  BREAKER_RESET_MS: env.int(5000, 100),
  /** Fixed upstream URLs instead of Eureka, e.g. `PRODUCT-SERVICE=http://127.0.0.1:4001|http://127.0.0.1:4002`; empty: Eureka only. */
  SERVICE_URLS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseServiceUrls(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

/** Every setting of api-gateway, validated once at start. */
export const configSchema = settings.refine(
  (c) => c.MANAGEMENT_PORT === 0 || c.MANAGEMENT_PORT !== c.PORT,
  {
    path: ['MANAGEMENT_PORT'],
    message: 'must differ from PORT (the management port is not public)',
  },
);
export type AppConfig = z.infer<typeof configSchema>;
