import { OrderEventType, parseEvent, Topic } from '@mstore/contracts';
import { createKafka } from '@mstore/messaging';
import { uniqueSuffix } from '@mstore/testing';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import pino from 'pino';

export interface SeenEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

const brokers = () => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const kafka = () => createKafka(brokers(), `e2e-${uniqueSuffix()}`, pino({ level: 'silent' }));

export type Offsets = { partition: number; offset: string }[];

const endsOf = async (admin: Admin): Promise<Offsets> =>
  (await admin.fetchTopicOffsets(Topic.Order)).map((p) => ({
    partition: p.partition,
    offset: p.high,
  }));

/** Where the order topic ends now: start a log from here later to see everything after it. */
export async function topicEnds(): Promise<Offsets> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return await endsOf(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every order event published from now on, read with a fresh consumer group whose offsets are
 * set to the topic's end first (so nothing produced while the group joins is missed). Other
 * suites share the topic: callers filter by their own order ids.
 */
export class OrderEventLog {
  readonly events: SeenEvent[] = [];
  private consumer?: Consumer;

  /** From `from` (see topicEnds), or from the topic's current end. */
  static async start(from?: Offsets): Promise<OrderEventLog> {
    const log = new OrderEventLog();
    await log.begin(kafka(), from);
    return log;
  }

  private async begin(client: Kafka, from?: Offsets): Promise<void> {
    const groupId = `e2e-order-events-${uniqueSuffix()}`;
    const admin = client.admin();
    await admin.connect();
    try {
      const partitions = from ?? (await endsOf(admin));
      await admin.setOffsets({ groupId, topic: Topic.Order, partitions });
    } finally {
      await admin.disconnect();
    }
    const consumer = client.consumer({ groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.Order });
    await consumer.run({
      eachMessage: async ({ message, topic }) => {
        try {
          const e = parseEvent(message.value, topic);
          this.events.push({
            id: e.id,
            type: e.type,
            subject: e.subject,
            data: e.data as Record<string, unknown>,
          });
        } catch {
          // not ours to judge: other suites share the topic
        }
      },
    });
  }

  /** order.placed events of the given orders (by order id). */
  placed(orderIds: Set<string>): SeenEvent[] {
    return this.events.filter((e) => e.type === OrderEventType.Placed && orderIds.has(e.subject));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
