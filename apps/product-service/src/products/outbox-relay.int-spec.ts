import { parseEvent, ProductEventType, Topic } from '@mstore/contracts';
import { createKafka } from '@mstore/messaging';
import {
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import type { Consumer } from 'kafkajs';
import { Connection } from 'mongoose';
import pino from 'pino';
import { call, newProduct } from '../test/http';
import { openDatabase } from '../test/mongo';

interface Seen {
  id: string;
  type: string;
  subject: string;
  data: { sku: string; version: number };
}

describe('product outbox relay (FerretDB document outbox → Kafka)', () => {
  const dbName = scratchDatabase('outbox');
  const kafka = createKafka(
    (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    'product-outbox-test',
    pino({ level: 'silent' }),
  );
  const seen: Seen[] = [];
  let consumer: Consumer;
  let db: Connection;
  let running: ServiceProcess | undefined;
  /** One product's events, a redelivered copy (at-least-once) counted once. */
  const eventsOf = (subject: string) =>
    seen.filter((e, i) => e.subject === subject && seen.findIndex((o) => o.id === e.id) === i);

  beforeAll(async () => {
    db = await openDatabase(dbName);
    // a fresh group reading from the beginning sees every event, whenever the test subscribes
    consumer = kafka.consumer({ groupId: `product-outbox-test-${uniqueSuffix()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.Product, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, topic }) => {
        try {
          seen.push(parseEvent(message.value, topic) as unknown as Seen);
        } catch {
          // other suites' junk on the shared topic is not ours to judge
        }
      },
    });
  });

  afterAll(async () => {
    await running?.stop();
    await consumer?.disconnect();
    await db?.dropDatabase();
    await db?.close();
  });

  it('publishes an event written just before a SIGKILL once the service is back', async () => {
    const admin = await userToken('admin');
    // 1. an instance that writes but does not relay, killed right after the write
    const writer = await startService('product-service', {
      MONGO_DATABASE: dbName,
      OUTBOX_RELAY_ENABLED: 'false',
    });
    running = writer;
    const body = newProduct(`K${uniqueSuffix()}`);
    const created = await call(writer.baseUrl, 'POST', '/api/products', { token: admin, body });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await writer.kill();
    running = undefined;

    // the event is stored with the product and nothing reached Kafka
    const stored = await db.collection('products').findOne({ sku: body.sku });
    expect(stored?.['outboxPending']).toBe(true);
    expect(stored?.['pendingEvents']).toHaveLength(1);
    expect(stored?.['pendingEvents'][0].type).toBe(ProductEventType.Created);
    await new Promise((r) => setTimeout(r, 2000));
    expect(eventsOf(id)).toEqual([]);

    // 2. a normal instance on the same database relays it
    running = await startService('product-service', {
      MONGO_DATABASE: dbName,
      OUTBOX_POLL_MS: '100',
    });
    await waitFor(() => eventsOf(id).length > 0, {
      timeoutMs: 30_000,
      label: 'product.created on Kafka',
    });
    const [event] = eventsOf(id);
    expect(event).toMatchObject({
      id: stored?.['pendingEvents'][0].id,
      type: ProductEventType.Created,
      subject: id,
      data: { id, sku: body.sku, price: body.price, version: 1 },
    });
    await waitFor(
      async () =>
        (await db.collection('products').findOne({ sku: body.sku }))?.['outboxPending'] === false,
      { label: 'the sent event to be removed from the document' },
    );
    expect((await db.collection('products').findOne({ sku: body.sku }))?.['pendingEvents']).toEqual(
      [],
    );

    // 3. later changes follow in order, keyed by the product id
    const url = `/api/products/${id}`;
    await call(running.baseUrl, 'PATCH', url, { token: admin, body: { price: 1 } });
    await call(running.baseUrl, 'DELETE', url, { token: admin });
    await waitFor(() => eventsOf(id).length >= 3, {
      timeoutMs: 30_000,
      label: 'update and delete events',
    });
    expect(eventsOf(id).map((e) => [e.type, e.data.version])).toEqual([
      [ProductEventType.Created, 1],
      [ProductEventType.Updated, 2],
      [ProductEventType.Deleted, 3],
    ]);
  });
});
