import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { quietKafkajsWhenIdle } from './kafkajs-idle';

/** One kafkajs client per process, logging through pino. */
export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafka' });
  // before any connection exists: kafkajs 2.2.4 would otherwise spin a 1 ms timer per connection
  if (!quietKafkajsWhenIdle())
    log.warn('kafkajs is not the version its idle timers were corrected for (kafkajs-idle.ts)');
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, retries: 3, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.warn(rest, message);
        else log.debug(rest, message);
      },
  });
}

/** Idempotent producer: a retried send never duplicates within a session. */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

export interface KafkaProbe {
  isUp(): Promise<boolean>;
  /** Closes the probe's admin connection (at shutdown, so no socket outlives the app). */
  close(): Promise<void>;
}

/** Readiness: the broker answers metadata within a short timeout. Cached briefly so probes stay cheap. */
export function kafkaProbe(kafka: Kafka, ttlMs = 2000): KafkaProbe {
  const admin = kafka.admin();
  let connected = false;
  let last = { at: 0, ok: false };
  const isUp = async () => {
    if (Date.now() - last.at < ttlMs) return last.ok;
    try {
      if (!connected) {
        await admin.connect();
        connected = true;
      }
      await Promise.race([
        admin.describeCluster(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500)),
      ]);
      last = { at: Date.now(), ok: true };
    } catch {
      connected = false;
      await admin.disconnect().catch(() => undefined);
      last = { at: Date.now(), ok: false };
    }
    return last.ok;
  };
  const close = async () => {
    if (!connected) return;
    connected = false;
    await admin.disconnect().catch(() => undefined);
  };
  return { isUp, close };
}
