import { DEMO_CATALOG, OrderEventType } from '@mstore/contracts';
import { userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Fleet } from './support/fleet';
import { Answer, call, unexpected5xx } from './support/http-client';
import { startKafka, stopKafka } from './support/kafka-server';
import { Offsets, OrderEventLog, topicEnds } from './support/order-event-log';
import { report } from './support/stats';

const OUTAGE_MS = 15_000;

const kafkaPortOpen = () =>
  new Promise<boolean>((resolve) => {
    const [host, port] = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
      .split(',')[0]
      .split(':');
    const socket = connect(Number(port), host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** The real Kafka server is stopped for 15 s while customers keep ordering. */
describe('broker down: Kafka stopped for 15 seconds', () => {
  const item = DEMO_CATALOG[0];
  let fleet: Fleet;
  let tokens: Record<string, string>;
  let kafkaStopped = false;
  let events: OrderEventLog | undefined;
  const placed: { customer: string; answer: Answer; phase: string }[] = [];

  beforeAll(async () => {
    tokens = { alice: await userToken('alice'), bob: await userToken('bob') };
    const admin = await userToken('admin');
    fleet = await Fleet.start({
      label: 'broker',
      env: { 'notification-service': { CONSUMER_RETRY_MAX_MS: '1000' } },
    });
    // plenty of stock: this scenario is about the broker, not about selling out
    const set = await call(fleet.url, 'PUT', `/api/inventory/${item.sku}`, {
      token: admin,
      body: { available: 100_000 },
    });
    expect(set.status).toBe(200);
  });

  afterAll(async () => {
    // whatever happened, Kafka runs again before anything else, and the fleet stops even if that fails
    try {
      if (kafkaStopped || !(await kafkaPortOpen())) await startKafka();
    } finally {
      await events?.stop();
      await fleet?.stop();
    }
  });

  let from: Offsets;

  it('accepts every order while Kafka is down', async () => {
    from = await topicEnds();
    let phase = 'before';
    let ordering = true;
    const orderer = async (customer: string) => {
      while (ordering) {
        const answer = await call(fleet.url, 'POST', '/api/orders', {
          token: tokens[customer],
          body: { lines: [{ sku: item.sku, quantity: 1 }] },
          headers: { 'idempotency-key': randomUUID() },
        });
        placed.push({ customer, answer, phase });
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    const orderers = Promise.all(['alice', 'bob'].map(orderer));
    try {
      await new Promise((r) => setTimeout(r, 2000));
      kafkaStopped = true;
      await stopKafka();
      expect(await kafkaPortOpen()).toBe(false);
      phase = 'during';
      const down = Date.now();
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
      // and at least 6 orders answered while Kafka was down, however slowly the machine runs
      await waitFor(() => placed.filter((p) => p.phase === 'during').length > 5, {
        timeoutMs: 60_000,
        label: 'orders during the outage',
      });
      phase = 'restarting';
      await startKafka();
      kafkaStopped = false;
      phase = 'after';
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      ordering = false;
      await orderers;
    }
    const phases: Record<string, number> = {};
    for (const p of placed) phases[p.phase] = (phases[p.phase] ?? 0) + 1;
    report('broker down (orders)', {
      orders: placed.length,
      byPhase: phases,
      statuses: [...new Set(placed.map((p) => p.answer.status))],
    });
    expect(phases['during']).toBeGreaterThan(5);
    expect(
      placed.filter((p) => p.answer.status !== 201).map((p) => `${p.phase}: ${p.answer.status}`),
    ).toEqual([]);
  });

  it('delivers every order.placed event once Kafka is back', async () => {
    // read the topic from where it ended before the outage, with a consumer started after it
    events = await OrderEventLog.start(from);
    const ids = new Set(placed.map((p) => p.answer.body.id as string));
    const t0 = Date.now();
    await waitFor(() => new Set(events!.placed(ids).map((e) => e.subject)).size === ids.size, {
      timeoutMs: 120_000,
      label: `order.placed events of all ${ids.size} orders`,
    });
    const placedEvents = events!.placed(ids);
    report('broker down (events)', {
      orders: ids.size,
      placedEvents: placedEvents.length,
      distinctEventIds: new Set(placedEvents.map((e) => e.id)).size,
      deliveredAllWithinMsAfterCheck: Date.now() - t0,
    });
    // one event per order (a relay may resend after a failed ack, but with the same event id)
    expect(new Set(placedEvents.map((e) => e.id)).size).toBe(ids.size);
  });

  it('gives each order exactly one notification', async () => {
    const ids = new Set(placed.map((p) => p.answer.body.id as string));
    const notified = async () => {
      // every page: a customer may have more than the 100 a page holds
      const all = async (token: string) => {
        const items: { type: string; data: { orderId: string } }[] = [];
        for (let page = 1; ; page++) {
          const { body } = await call(
            fleet.url,
            'GET',
            `/api/notifications?pageSize=100&page=${page}`,
            {
              token,
            },
          );
          items.push(...body.items);
          if (body.items.length < 100 || items.length >= body.total) return items;
        }
      };
      const lists = await Promise.all(Object.values(tokens).map(all));
      return lists
        .flat()
        .filter(
          (n: { type: string; data: { orderId?: string } }) =>
            n.type === OrderEventType.Placed && ids.has(n.data.orderId ?? ''),
        );
    };
    const t0 = Date.now();
    await waitFor(async () => (await notified()).length >= ids.size, {
      timeoutMs: 120_000,
      label: 'a notification per order',
    });
    await new Promise((r) => setTimeout(r, 2000));
    const list = await notified();
    report('broker down (notifications)', {
      orders: ids.size,
      notifications: list.length,
      waitedMs: Date.now() - t0,
    });
    expect(list).toHaveLength(ids.size);
    expect(new Set(list.map((n: { data: { orderId: string } }) => n.data.orderId))).toEqual(ids);
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
