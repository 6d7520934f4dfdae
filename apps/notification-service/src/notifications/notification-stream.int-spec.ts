import { Topic } from '@mstore/contracts';
import { ServiceProcess, userToken, waitFor } from '@mstore/testing';
import type { Connection } from 'mongoose';
import { AnyEvent, lowStock, orderPlaced } from '../test/events';
import { call, metric, subOf } from '../test/http';
import { EventPublisher, testKafka } from '../test/kafka';
import { isolatedEnv, openDatabase, startNotificationService } from '../test/service';
import { SseReader } from '../test/sse';

describe('notification stream (Server-Sent Events over two instances)', () => {
  const env = isolatedEnv('stream');
  const publisher = new EventPublisher(testKafka('notification-stream-test'));
  const instances: ServiceProcess[] = [];
  const readers: SseReader[] = [];
  const tokens: Record<string, string> = {};
  const subs: Record<string, string> = {};
  let db: Connection;

  const open = async (instance: ServiceProcess, user: string, lastEventId?: string) => {
    const reader = await SseReader.open(
      `${instance.baseUrl}/api/notifications/stream`,
      tokens[user],
      lastEventId,
    );
    readers.push(reader);
    expect(reader.status).toBe(200);
    expect(reader.contentType).toContain('text/event-stream');
    await waitFor(() => reader.comments.includes('connected'), { label: 'the stream to open' });
    return reader;
  };
  const subjectsOf = (reader: SseReader) => reader.events.map((e) => e.data.subject as string);
  const oursIn = (reader: SseReader, events: AnyEvent[]) =>
    reader.events.filter((e) => events.some((ev) => ev.id === e.data.eventId));

  beforeAll(async () => {
    for (const user of ['alice', 'bob', 'admin']) {
      tokens[user] = await userToken(user);
      subs[user] = subOf(tokens[user]);
    }
    db = await openDatabase(env.MONGO_DATABASE);
    await publisher.connect();
    // one after the other: the second joins the group once the first holds every partition
    instances.push(await startNotificationService(env));
    instances.push(await startNotificationService(env));
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await Promise.all(instances.map((i) => i.stop()));
    await publisher.disconnect();
    await db?.dropDatabase();
    await db?.close();
  });

  it('refuses a stream without a valid token', async () => {
    const answer = await call(instances[0].baseUrl, 'GET', '/api/notifications/stream');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const forged = await call(instances[0].baseUrl, 'GET', '/api/notifications/stream', {
      token: `${tokens['alice']}x`,
    });
    expect(forged.status).toBe(401);
  });

  it('pushes each notification to its readers on every instance, in stream order, once', async () => {
    const [a, b] = instances;
    const aliceOnA = await open(a, 'alice');
    const aliceOnB = await open(b, 'alice');
    const bobOnB = await open(b, 'bob');
    const adminOnA = await open(a, 'admin');
    const events: AnyEvent[] = [];
    // every partition, so both instances' consumers store some of them
    for (let round = 0; round < 3; round++) {
      for (const partition of [0, 1, 2]) {
        const event = orderPlaced(subs['alice']);
        events.push(event);
        await publisher.event(Topic.Order, event, { partition });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const alert = lowStock(`SKU-${Date.now()}`);
    await publisher.event(Topic.Inventory, alert);

    for (const reader of [aliceOnA, aliceOnB]) {
      await waitFor(() => oursIn(reader, events).length === events.length, {
        label: 'every event on both instances',
      });
      // in stream order, each once
      const ids = oursIn(reader, events).map((e) => Number(e.id));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    }
    await waitFor(() => subjectsOf(adminOnA).includes(alert.subject), { label: 'the stock alert' });

    // how soon each arrives is a figure of `npm run bench` (scenario event-latency)

    // nobody sees what is not theirs
    expect(oursIn(bobOnB, events)).toEqual([]);
    expect(subjectsOf(aliceOnA)).not.toContain(alert.subject);
    expect(oursIn(adminOnA, events)).toEqual([]);
    // both instances stored some: half of what each client saw came through the other instance
    for (const instance of instances) {
      expect(
        await metric(instance.baseUrl, 'notification_events_consumed_total', {
          topic: Topic.Order,
          outcome: 'stored',
        }),
      ).toBeGreaterThan(0);
    }
    await waitFor(() => aliceOnA.comments.some((c) => c.startsWith('heartbeat')), {
      label: 'a heartbeat',
    });
  });

  it('resumes after a reconnect from Last-Event-ID, missing and repeating nothing', async () => {
    const b = instances[1];
    const first = await open(b, 'alice');
    const before = orderPlaced(subs['alice']);
    await publisher.event(Topic.Order, before);
    await waitFor(() => oursIn(first, [before]).length === 1, { label: 'the first event' });
    const lastId = oursIn(first, [before])[0].id!;
    first.close();

    // published while the client is away
    const missed = [orderPlaced(subs['alice']), orderPlaced(subs['alice'])];
    for (const event of missed) await publisher.event(Topic.Order, event);
    await waitFor(
      async () =>
        (await db.collection('notifications').countDocuments({
          _id: { $in: missed.map((e) => e.id) } as never,
        })) === 2,
      { label: 'the missed events to be stored' },
    );

    const resumed = await open(instances[0], 'alice', lastId);
    await waitFor(() => oursIn(resumed, missed).length === 2, { label: 'the missed events' });
    const live = orderPlaced(subs['alice']);
    await publisher.event(Topic.Order, live);
    await waitFor(() => oursIn(resumed, [live]).length === 1, { label: 'the live event' });

    expect(oursIn(resumed, [before])).toEqual([]);
    const ids = resumed.events.map((e) => Number(e.id));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids.every((id) => id > Number(lastId))).toBe(true);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(oursIn(resumed, [...missed, live]).map((e) => e.data.eventId)).toEqual(
      expect.arrayContaining([...missed, live].map((e) => e.id)),
    );
  });
});
