import { Topic } from '@mstore/contracts';
import { ServiceProcess, userToken, waitFor } from '@mstore/testing';
import type { Connection } from 'mongoose';
import { AnyEvent, lowStock, orderPlaced } from '../test/events';
import { call, subOf } from '../test/http';
import { EventPublisher, testKafka } from '../test/kafka';
import { isolatedEnv, openDatabase, startNotificationService } from '../test/service';

describe('notifications API (feed, read flag, errors)', () => {
  const env = isolatedEnv('api');
  const publisher = new EventPublisher(testKafka('notification-api-test'));
  const tokens: Record<string, string> = {};
  let service: ServiceProcess;
  let db: Connection;
  const mine: AnyEvent[] = [];
  let alert: AnyEvent;

  const get = (user: string | undefined, path: string) =>
    call(service.baseUrl, 'GET', path, { token: user ? tokens[user] : undefined });
  const post = (user: string, path: string) =>
    call(service.baseUrl, 'POST', path, { token: tokens[user] });
  const ours = (items: Array<{ eventId: string }>) =>
    items.filter((n) => mine.some((e) => e.id === n.eventId));

  beforeAll(async () => {
    for (const user of ['carol', 'dave', 'admin']) tokens[user] = await userToken(user);
    db = await openDatabase(env.MONGO_DATABASE);
    await publisher.connect();
    service = await startNotificationService(env);
    // one order's key for all five: one partition, so they are stored in publish order
    const key = `ord-api-${Date.now()}`;
    for (let i = 0; i < 5; i++) {
      const event = orderPlaced(subOf(tokens['carol']), undefined, 1000 + i);
      mine.push(event);
      await publisher.event(Topic.Order, event, { key });
    }
    alert = lowStock(`SKU-API-${Date.now()}`);
    await publisher.event(Topic.Inventory, alert);
    const ids = [...mine, alert].map((e) => e.id);
    await waitFor(
      async () =>
        (await db.collection('notifications').countDocuments({ _id: { $in: ids } as never })) ===
        ids.length,
      { label: 'the notifications to be stored' },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await publisher.disconnect();
    await db?.dropDatabase();
    await db?.close();
  });

  it('lists the reader’s own notifications newest first, paginated', async () => {
    const all = await get('carol', '/api/notifications?pageSize=100');
    expect(all.status).toBe(200);
    expect(ours(all.body.items).map((n: { eventId: string }) => n.eventId)).toEqual(
      mine.map((e) => e.id).reverse(),
    );
    const first = await get('carol', '/api/notifications?page=1&pageSize=2');
    const second = await get('carol', '/api/notifications?page=2&pageSize=2');
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: all.body.total });
    expect(first.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(5);
    const cursors = [...first.body.items, ...second.body.items].map(
      (n: { cursor: number }) => n.cursor,
    );
    expect([...cursors].sort((x, y) => y - x)).toEqual(cursors);
    expect(new Set(cursors).size).toBe(4);
  });

  it('marks one read for its reader only, and filters unread', async () => {
    const target = mine[2].id;
    const marked = await post('carol', `/api/notifications/${target}/read`);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ id: target, eventId: target, read: true });
    const unread = await get('carol', '/api/notifications?unread=true&pageSize=100');
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(target);
    expect(ours(unread.body.items)).toHaveLength(4);
    const again = await post('carol', `/api/notifications/${target}/read`);
    expect(again.status).toBe(200);

    // admins share a stock alert, each with their own read flag; customers cannot see it
    expect((await post('carol', `/api/notifications/${alert.id}/read`)).status).toBe(404);
    const adminRead = await post('admin', `/api/notifications/${alert.id}/read`);
    expect(adminRead.body).toMatchObject({ audience: 'admins', read: true });
  });

  it('hides other customers’ notifications: they do not exist for you', async () => {
    const daves = await get('dave', '/api/notifications?pageSize=100');
    expect(ours(daves.body.items)).toEqual([]);
    const answer = await post('dave', `/api/notifications/${mine[0].id}/read`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404 });
    expect((await post('admin', `/api/notifications/${mine[0].id}/read`)).status).toBe(404);
    expect((await post('dave', '/api/notifications/not-an-id/read')).status).toBe(404);
  });

  it('answers bad input and missing tokens with problems naming what is wrong', async () => {
    const tooBig = await get('carol', '/api/notifications?pageSize=1000');
    expect(tooBig.status).toBe(400);
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(tooBig.body.errors)).toContain('pageSize');
    const badFlag = await get('carol', '/api/notifications?unread=maybe');
    expect(badFlag.status).toBe(400);
    expect(JSON.stringify(badFlag.body.errors)).toContain('unread');
    const unknown = await get('carol', '/api/notifications?colour=red');
    expect(unknown.status).toBe(400);
    const anonymous = await get(undefined, '/api/notifications');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(anonymous.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
