import { baseConfigShape, env, kafkaConfigShape, mysqlConfigShape } from '@mstore/config';
import { parseServiceUrls } from '@mstore/resilience';
import { z } from 'zod';

/** Every setting of order-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mysqlConfigShape,
  ...kafkaConfigShape,
  MYSQL_DATABASE: env.str('orders'),
  /** A catalog or inventory call slower than this fails and counts against its breaker. */
  BREAKER_TIMEOUT_MS: env.int(2500, 50, 60_000),
  /** Calls in the rolling window before the error rate may open a breaker. */
  BREAKER_VOLUME_THRESHOLD: env.int(5, 1, 10_000),
  /** Error percentage in the window that opens a breaker. */
  BREAKER_ERROR_PERCENT: env.int(50, 1, 100),
  /** An open breaker answers 503 at once for this long, then lets one trial call through. */
  BREAKER_RESET_MS: env.int(3000, 100, 600_000),
  /** Rolling window over which calls and failures are counted. */
  BREAKER_WINDOW_MS: env.int(10_000, 1000, 600_000),
  /** Fixed dependency URLs instead of Eureka, e.g. `INVENTORY-SERVICE=http://127.0.0.1:4001|http://127.0.0.1:4002`; empty: Eureka only. */
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
  /** How long an Idempotency-Key is remembered (at least a day). */
  IDEMPOTENCY_TTL_HOURS: env.int(24, 24, 24 * 30),
  /** How long a request waits for a concurrent one with the same key before answering 409. */
  IDEMPOTENCY_WAIT_MS: env.int(10_000, 100, 60_000),
  /** A key still pending after this long belongs to a crashed request and may be taken over. */
  IDEMPOTENCY_STALE_MS: env.int(30_000, 1000, 3_600_000),
  /** Interval of the job that retries reservation commits/releases that failed and purges old rows. */
  RECONCILE_INTERVAL_MS: env.int(5000, 100, 3_600_000),
  RECONCILE_GRACE_MS: env.int(15_000, 1000, 3_600_000),
  /** Pause of the outbox relay when nothing is pending (local writes nudge it at once). */
  OUTBOX_POLL_MS: env.int(2000, 10, 60_000),
  /** Published outbox rows are purged after this many days. */
  OUTBOX_RETENTION_DAYS: env.int(7, 1, 365),
});
export type AppConfig = z.infer<typeof configSchema>;
