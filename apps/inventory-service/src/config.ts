import { baseConfigShape, env, kafkaConfigShape, mysqlConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of inventory-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mysqlConfigShape,
  ...kafkaConfigShape,
  MYSQL_DATABASE: env.str('inventory'),
  /** Load DEMO_CATALOG stock at start when the stock table is empty. */
  SEED_DEMO_DATA: env.bool(false),
  /** Default low-stock threshold; a sku's own `lowStockThreshold` overrides it. */
  LOW_STOCK_THRESHOLD: env.int(5, 0, 1_000_000),
  /** How long a reservation may stay uncommitted before the sweeper releases it. */
  RESERVATION_TTL_SECONDS: env.int(600, 1, 7 * 24 * 3600),
  /** How often each instance looks for expired reservations. */
  SWEEP_INTERVAL_MS: env.int(10_000, 100, 3_600_000),
  /** Expired reservations released per sweeper transaction. */
  SWEEP_BATCH_SIZE: env.int(100, 1, 1000),
  /** Where the product-events group of a brand-new database starts: `earliest` learns every
   * earlier deletion (one catalog per broker); `latest` skips them (a scratch database on a broker
   * other catalogs share, as the end-to-end fleets do). */
  KAFKA_START_FROM: z.enum(['earliest', 'latest']).default('earliest'),
  /** Outbox relay poll interval when idle (local writes nudge it at once; this bounds the rest). */
  OUTBOX_POLL_MS: env.int(2000, 10, 60_000),
});
export type AppConfig = z.infer<typeof configSchema>;
