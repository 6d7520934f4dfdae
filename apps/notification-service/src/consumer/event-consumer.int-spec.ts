import { Topic } from '@mstore/contracts';
import { ServiceProcess, userToken, waitFor } from '@mstore/testing';
import type { Consumer } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  AnyEvent,
  lowStock,
  orderCancelled,
  orderPlaced,
  orderStatusChanged,
  outOfStock,
  productCreated,
  stockChanged,
} from '../test/events';
import { call, metric, subOf } from '../test/http';
import { DeadLetterSeen, EventPublisher, testKafka, watchDeadLetters } from '../test/kafka';
import { isolatedEnv, openDatabase, startNotificationService } from '../test/service';

interface StoredDoc {
  eventId: string;
  type: string;
  subject: string;
  audience: string;
  seq: number;
  createdAt: Date;
}

describe('notification consumer (real Kafka and FerretDB)', () => {
  const env = isolatedEnv('consumer');
  const kafka = testKafka('notification-consumer-test');
  const publisher = new EventPublisher(kafka);
  let service: ServiceProcess | undefined;
  let db: Connection;
  let dlq: { seen: DeadLetterSeen[]; consumer: Consumer };
  const tokens: Record<string, string> = {};
  const subs: Record<string, string> = {};

  const stored = (filter: Record<string, unknown>) =>
    db.collection<StoredDoc>('notifications').find(filter).toArray();
  const storedFor = (subjects: string[]) => stored({ subject: { $in: subjects } });
  const feed = async (user: string, query = 'pageSize=100') => {
    const answer = await call(service!.baseUrl, 'GET', `/api/notifications?${query}`, {
      token: tokens[user],
    });
    expect(answer.status).toBe(200);
    return answer.body.items as Array<Record<string, unknown>>;
  };

  beforeAll(async () => {
    for (const user of ['alice', 'bob', 'admin']) {
      tokens[user] = await userToken(user);
      subs[user] = subOf(tokens[user]);
    }
    db = await openDatabase(env.MONGO_DATABASE);
    await publisher.connect();
    dlq = await watchDeadLetters(kafka, Topic.Order, env.KAFKA_GROUP_ID);
    service = await startNotificationService(env);
  });

  afterAll(async () => {
    await service?.stop();
    await dlq?.consumer.disconnect();
    await publisher.disconnect();
    await db?.dropDatabase();
    await db?.close();
  });

  it('turns each event type into the right notification for the right people', async () => {
    const sku = `SKU-${Date.now()}`;
    const placed = orderPlaced(subs['alice']);
    const orderId = placed.subject;
    const cancelled = orderCancelled(subs['alice'], orderId);
    const shipped = orderStatusChanged(subs['alice'], orderId);
    const bobs = orderPlaced(subs['bob']);
    const quiet = stockChanged(sku);
    const product = productCreated(sku);
    // same key, same partition: each later event is handled only after the earlier ones
    for (const e of [placed, shipped, cancelled, bobs]) await publisher.event(Topic.Order, e);
    for (const e of [quiet, lowStock(sku), outOfStock(sku)])
      await publisher.event(Topic.Inventory, e);
    await publisher.event(Topic.Product, product);

    await waitFor(async () => (await storedFor([orderId, sku, bobs.subject])).length === 6, {
      label: 'six notifications',
    });
    const ignoredIds = [quiet.id, product.id];
    await waitFor(
      async () =>
        (await metric(service!.baseUrl, 'notification_events_consumed_total', {
          topic: Topic.Product,
          outcome: 'ignored',
        })) >= 1,
      { label: 'the product event to be consumed' },
    );
    expect(await stored({ eventId: { $in: ignoredIds } })).toEqual([]);

    const alices = (await feed('alice')).filter((n) => n['subject'] === orderId);
    expect(alices.map((n) => n['type'])).toEqual([
      'order.cancelled',
      'order.status-changed',
      'order.placed',
    ]);
    expect(alices.map((n) => n['eventId'])).toEqual([cancelled.id, shipped.id, placed.id]);
    const placedView = alices[2];
    expect(placedView).toMatchObject({
      audience: 'user',
      read: false,
      title: `Order ${placed.data.orderNumber} placed`,
      subject: orderId,
    });
    expect(placedView['body']).toContain('$25.98');
    expect(Date.parse(placedView['createdAt'] as string)).not.toBeNaN();
    expect(alices[1]['title']).toBe(`Order ${shipped.data.orderNumber} shipped`);

    const aliceSubjects = (await feed('alice')).map((n) => n['subject']);
    expect(aliceSubjects).not.toContain(sku);
    expect(aliceSubjects).not.toContain(bobs.subject);
    const bobSubjects = (await feed('bob')).map((n) => n['subject']);
    expect(bobSubjects).toContain(bobs.subject);
    expect(bobSubjects).not.toContain(orderId);

    const alerts = (await feed('admin')).filter((n) => n['subject'] === sku);
    expect(alerts.map((n) => [n['type'], n['audience'], n['title']])).toEqual([
      ['inventory.out-of-stock', 'admins', `Out of stock: ${sku}`],
      ['inventory.low-stock', 'admins', `Low stock: ${sku}`],
    ]);
    expect((await feed('admin')).map((n) => n['subject'])).not.toContain(orderId);
  });

  it('stores an event delivered twice (even on two partitions) once', async () => {
    const duplicatesBefore = await metric(service!.baseUrl, 'notification_events_consumed_total', {
      topic: Topic.Order,
      outcome: 'duplicate',
    });
    const event = orderPlaced(subs['alice']);
    const markers: AnyEvent[] = [];
    // the original on partition 0, copies on 1 and 2, each followed by a marker on its partition
    for (const partition of [0, 1, 2]) {
      await publisher.event(Topic.Order, event, { partition });
      const marker = orderPlaced(subs['alice']);
      markers.push(marker);
      await publisher.event(Topic.Order, marker, { partition });
    }
    const subjects = markers.map((m) => m.subject);
    await waitFor(async () => (await storedFor(subjects)).length === 3, {
      label: 'the three markers',
    });
    expect((await stored({ eventId: event.id })).length).toBe(1);
    expect(
      await metric(service!.baseUrl, 'notification_events_consumed_total', {
        topic: Topic.Order,
        outcome: 'duplicate',
      }),
    ).toBeGreaterThanOrEqual(duplicatesBefore + 2);
    expect((await feed('alice')).filter((n) => n['eventId'] === event.id)).toHaveLength(1);
  });

  it('parks poison messages on the DLQ with the error and goes on with the partition', async () => {
    const next = [orderPlaced(subs['alice']), orderPlaced(subs['alice']), orderPlaced(subs['bob'])];
    const unknown = { ...orderPlaced(subs['alice']), type: 'order.teleported' };
    const badData = { ...orderPlaced(subs['alice']), data: { orderId: 'x' } };
    const poison = ['{not json', JSON.stringify(unknown), JSON.stringify(badData)];
    for (let i = 0; i < poison.length; i++) {
      // the valid event shares the poison's key, so it queues behind it on the same partition
      await publisher.raw(Topic.Order, poison[i], { key: next[i].subject });
      await publisher.event(Topic.Order, next[i]);
    }
    await waitFor(async () => (await storedFor(next.map((e) => e.subject))).length === 3, {
      label: 'the events behind the poison',
    });
    const parked = await waitFor(
      () => {
        const mine = dlq.seen.filter((l) => next.some((e) => e.subject === l.key));
        // keys spread over partitions: line the letters up with what was sent, not arrival order
        const byKey = next.map((e) => mine.find((l) => l.key === e.subject));
        return mine.length === 3 && byKey.every((l) => l !== undefined) && byKey;
      },
      { label: 'three dead letters' },
    );
    expect(parked.map((l) => l!.value)).toEqual(poison);
    for (const letter of parked.map((l) => l!)) {
      expect(letter.headers).toMatchObject({
        'x-dlq-reason': 'invalid',
        'x-dlq-original-topic': Topic.Order,
        'x-dlq-attempts': '1',
      });
      expect(Number(letter.headers['x-dlq-original-offset'])).toBeGreaterThanOrEqual(0);
    }
    expect(parked.map((l) => l!.headers['x-dlq-error'])).toEqual([
      'not JSON',
      'unknown event type order.teleported',
      expect.stringContaining('invalid data'),
    ]);
    expect(
      await metric(service!.baseUrl, 'dlq_messages_total', {
        topic: Topic.Order,
        reason: 'invalid',
      }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('stores every order.placed of a steady stream once, for its customer', async () => {
    // a steady ~20 events a second, like a busy shop rather than a replay (how fast each is stored
    // is a figure of `npm run bench`, scenario event-latency)
    const events: AnyEvent[] = [];
    for (let i = 0; i < 200; i++) {
      const event = orderPlaced(subs['bob']);
      events.push(event);
      await publisher.event(Topic.Order, event);
      await new Promise((r) => setTimeout(r, 50));
    }
    const subjects = events.map((e) => e.subject);
    const docs = await waitFor(
      async () => {
        const found = await storedFor(subjects);
        return found.length >= events.length && found;
      },
      { label: '200 notifications', timeoutMs: 60_000 },
    );
    expect(docs).toHaveLength(events.length);
    expect(new Set(docs.map((d) => d.eventId))).toEqual(new Set(events.map((e) => e.id)));
    const bySubject = new Map(events.map((e) => [e.subject, e]));
    for (const doc of docs) {
      expect(doc.eventId).toBe(bySubject.get(doc.subject)?.id);
      expect(doc.audience).toBe(`user:${subs['bob']}`);
    }
  });

  it('loses and duplicates nothing when the process is SIGKILLed mid-stream', async () => {
    const events = Array.from({ length: 300 }, () => orderPlaced(subs['bob']));
    const subjects = events.map((e) => e.subject);
    let sent = 0;
    let killed!: () => void;
    const afterKill = new Promise<void>((r) => (killed = r));
    const publishing = (async () => {
      for (; sent < events.length; sent++) {
        // the second half goes out while the service is down: never all stored before the kill
        if (sent === events.length / 2) await afterKill;
        await publisher.event(Topic.Order, events[sent]);
        if (sent % 10 === 9) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await waitFor(async () => (await storedFor(subjects)).length >= 40, {
      intervalMs: 20,
      label: 'the first notifications',
    });
    await service!.kill();
    service = undefined;
    killed();
    const atKill = (await storedFor(subjects)).length;
    console.log(`SIGKILL after ${atKill} of ${events.length} stored, ${sent} published`);
    expect(atKill).toBeLessThan(events.length);

    await publishing;
    service = await startNotificationService(env);
    const docs = await waitFor(
      async () => {
        const found = await storedFor(subjects);
        return found.length >= events.length && found;
      },
      { label: 'every notification after the restart', timeoutMs: 60_000 },
    );
    // settle: a duplicate would show up after the last original
    await new Promise((r) => setTimeout(r, 1000));
    const final = await storedFor(subjects);
    expect(final).toHaveLength(events.length);
    expect(new Set(final.map((d) => d.eventId))).toEqual(new Set(events.map((e) => e.id)));
    expect(new Set(final.map((d) => d.seq)).size).toBe(final.length);
    expect(docs.length).toBe(events.length);
    const redelivered = await metric(service.baseUrl, 'notification_events_consumed_total', {
      topic: Topic.Order,
      outcome: 'duplicate',
    });
    console.log(`after the restart: ${redelivered} redelivered duplicates absorbed`);
  });
});
