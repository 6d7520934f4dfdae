import { createCloudEvent, parseEvent, Topic } from '@mstore/contracts';
import { createKafka, createProducer } from '@mstore/messaging';
import pino from 'pino';
import { uniqueSuffix } from '../scratch-names';
import { waitFor } from '../wait-for';

describe('Kafka produce and consume (kafkajs)', () => {
  const kafka = createKafka(
    (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    'smoke',
    pino({ level: 'silent' }),
  );
  const producer = createProducer(kafka);
  const consumer = kafka.consumer({ groupId: `smoke-${uniqueSuffix()}` });

  afterAll(async () => {
    await producer.disconnect();
    await consumer.disconnect();
  });

  it('delivers a CloudEvent that parses against the contracts', async () => {
    const event = createCloudEvent({
      source: 'smoke-test',
      type: 'product.updated',
      subject: `p-${uniqueSuffix()}`,
      data: {
        id: 'p1',
        sku: 'MUG-1',
        name: 'Mug',
        category: 'kitchen',
        price: 1299,
        currency: 'USD',
        version: 2,
      },
    });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.Product, fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message, topic }) => {
        const parsed = parseEvent(message.value, topic);
        if (parsed.id === event.id) received.push(parsed.subject);
      },
    });
    // the group needs its partitions assigned before a fromBeginning:false consumer sees new messages
    await new Promise((r) => setTimeout(r, 3000));
    await producer.connect();
    await producer.send({
      topic: Topic.Product,
      messages: [{ key: event.subject, value: JSON.stringify(event) }],
    });
    await waitFor(() => received.length > 0, { timeoutMs: 20_000, label: 'the event' });
    expect(received).toEqual([event.subject]);
  });
});
