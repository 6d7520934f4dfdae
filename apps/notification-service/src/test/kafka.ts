import { dlqTopic, Topic } from '@mstore/contracts';
import { createKafka, createProducer } from '@mstore/messaging';
import type { Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { AnyEvent } from './events';

export const kafkaBrokers = () => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

export const testKafka = (clientId: string): Kafka =>
  createKafka(kafkaBrokers(), clientId, pino({ level: 'silent' }));

/** Publishes to the real event topics the way the outbox relays do (key = the aggregate id). */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = createProducer(kafka);
  }

  connect = () => this.producer.connect();
  disconnect = () => this.producer.disconnect();

  async event(topic: Topic, event: AnyEvent, options: { key?: string; partition?: number } = {}) {
    await this.raw(topic, JSON.stringify(event), { key: event.subject, ...options });
  }

  async raw(topic: Topic, value: string, options: { key?: string; partition?: number } = {}) {
    await this.producer.send({
      topic,
      acks: -1,
      messages: [{ key: options.key ?? null, value, partition: options.partition }],
    });
  }
}

export interface DeadLetterSeen {
  key: string | undefined;
  value: string;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]),
  );

/** Everything on `<topic>.dlq` that a given consumer group parked there. */
export async function watchDeadLetters(
  kafka: Kafka,
  topic: Topic,
  group: string,
): Promise<{ seen: DeadLetterSeen[]; consumer: Consumer }> {
  const seen: DeadLetterSeen[] = [];
  const consumer = kafka.consumer({ groupId: `${group}-dlq-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = headerText(message.headers);
      if (headers['x-dlq-consumer-group'] !== group) return; // another suite's or the fleet's
      seen.push({ key: message.key?.toString(), value: message.value?.toString() ?? '', headers });
    },
  });
  return { seen, consumer };
}
