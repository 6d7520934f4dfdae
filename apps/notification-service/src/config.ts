import { baseConfigShape, env, kafkaConfigShape, mongoConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of notification-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mongoConfigShape,
  ...kafkaConfigShape,
  MONGO_DATABASE: env.str('notifications'),
  /** Consumer group; every instance of the fleet shares it so each event is handled once. */
  KAFKA_GROUP_ID: env.str('notification-service'),
  /** Where a brand-new group starts: `earliest` loses nothing, `latest` skips history. */
  KAFKA_START_FROM: z.enum(['earliest', 'latest']).default('earliest'),
  KAFKA_SESSION_TIMEOUT_MS: env.int(10_000, 6000, 300_000),
  /** Partitions processed in parallel per instance (order per partition still holds). */
  KAFKA_PARTITION_CONCURRENCY: env.int(3, 1, 64),
  /** Attempts for a transient failure before the message is parked on the DLQ. */
  CONSUMER_MAX_ATTEMPTS: env.int(5, 1, 50),
  /** First retry delay; doubles per attempt, capped at CONSUMER_RETRY_MAX_MS. */
  CONSUMER_RETRY_BASE_MS: env.int(200, 1),
  CONSUMER_RETRY_MAX_MS: env.int(3000, 1),
  CONSUMER_LAG_INTERVAL_MS: env.int(10_000, 1000),
  /** How often the stream polls MongoDB for notifications stored by any instance. */
  STREAM_POLL_MS: env.int(200, 20, 10_000),
  STREAM_HEARTBEAT_MS: env.int(15_000, 1000),
  /**
   * A stream number claimed this long ago whose notification is still missing is taken as a write
   * that never happened (its process died) and passed over by the streams.
   */
  STREAM_GAP_WAIT_MS: env.int(10_000, 0),
  /** Streams are closed after this long so the client reconnects with a fresh token. */
  STREAM_MAX_AGE_MS: env.int(600_000, 10_000),
  /** e.g. smtp://user:pass@mail:587; unset = no email channel (nothing is sent). */
  SMTP_URL: z.url().optional(),
  SMTP_FROM: env.str('MStore <no-reply@mstore.local>'),
  /** Mailbox for admin stock alerts; unset = admin alerts are not emailed. */
  SMTP_ADMIN_TO: z.string().optional(),
});
export type AppConfig = z.infer<typeof configSchema>;
