import mongoose from 'mongoose';
import { scratchDatabase, startService, uniqueSuffix } from '@mstore/testing';

/**
 * Settings that keep a suite to itself on the shared servers: a scratch database and its own
 * consumer group starting at the end of the topics (other suites' and the fleet's history is not
 * ours), with short timers so heartbeats and lag show up within a test.
 */
export const isolatedEnv = (label: string) => {
  const suffix = uniqueSuffix();
  return {
    MONGO_DATABASE: scratchDatabase(`notif_${label}`),
    KAFKA_GROUP_ID: `notification-test-${label}-${suffix}`,
    KAFKA_START_FROM: 'latest',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    CONSUMER_LAG_INTERVAL_MS: '1000',
    STREAM_HEARTBEAT_MS: '1000',
    CONSUMER_RETRY_BASE_MS: '50',
  };
};

export const startNotificationService = (env: Record<string, string>) =>
  startService('notification-service', env);

const mongoUrl = () => process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017';

/** A direct connection to the suite's database, to look at what was stored. */
export const openDatabase = (dbName: string) =>
  mongoose.createConnection(mongoUrl(), { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
