import { baseConfigShape, env, kafkaConfigShape, mongoConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of product-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mongoConfigShape,
  ...kafkaConfigShape,
  MONGO_DATABASE: env.str('catalog'),
  /** Load DEMO_CATALOG at start when the catalog is empty (`npm run up` turns it on). */
  SEED_DEMO_DATA: env.bool(false),
  /** Run the outbox relay in this instance; off only to test crash recovery. */
  OUTBOX_RELAY_ENABLED: env.bool(true),
  /** Relay poll interval when idle (writes nudge it immediately). */
  OUTBOX_POLL_MS: env.int(2000, 10, 60_000),
  /** How long one instance holds the relay lease before another may take over. */
  OUTBOX_LEASE_MS: env.int(30_000, 1000, 600_000),
  /**
   * How old the in-memory sku snapshot behind the order lookup may get (this instance's writes
   * drop it at once; other instances' changes show within this time). 0 queries the database on
   * every lookup, the better choice on a real MongoDB, whose sku index FerretDB v1 does not use.
   */
  LOOKUP_SNAPSHOT_MS: env.int(1000, 0, 60_000),
  /** How long a write waits for another write to the same product before answering 503. */
  PRODUCT_LOCK_WAIT_MS: env.int(3000, 100, 60_000),
});
export type AppConfig = z.infer<typeof configSchema>;
