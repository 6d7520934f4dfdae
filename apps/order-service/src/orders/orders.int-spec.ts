import { parseEvent, Topic } from '@mstore/contracts';
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
import pino from 'pino';
import {
  Answer,
  call,
  dropDatabase,
  freePort,
  kafkaBrokers,
  query,
  sleep,
  TcpPath,
} from '../test/order-test-kit';

/**
 * order-service against real product-service and inventory-service instances (scratch databases),
 * the real MariaDB, Kafka and Keycloak. Dependencies are given by SERVICE_URLS so the fleet's or
 * other suites' instances in the shared Eureka never answer for them.
 */
describe('order-service with real catalog and inventory', () => {
  const suffix = uniqueSuffix();
  const catalogDb = scratchDatabase('ocat');
  const inventoryDb = scratchDatabase('oinv');
  const ordersDb = scratchDatabase('orders');
  const sku = (name: string) => `OT${suffix}-${name}`;
  let product: ServiceProcess;
  let inventory: ServiceProcess;
  let orders: ServiceProcess;
  let inventoryPort: number;
  let admin: string;
  let alice: string;
  let bob: string;
  let consumer: Consumer;
  const events = new Map<string, { type: string; data: Record<string, unknown> }[]>();

  const inventoryEnv = () => ({ MYSQL_DATABASE: inventoryDb, PORT: String(inventoryPort) });
  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(orders.baseUrl, method, path, options);
  const place = (token: string, lines: unknown[], key?: string) =>
    api('POST', '/api/orders', {
      token,
      body: { lines },
      headers: key ? { 'idempotency-key': key } : {},
    });
  const stock = async (s: string): Promise<number> => {
    const answer = await call(inventory.baseUrl, 'GET', `/api/inventory?sku=${s}`);
    return answer.body[0].available;
  };
  const orderCount = async () =>
    Number((await query<{ n: number }>(ordersDb, 'SELECT COUNT(*) AS n FROM orders'))[0]?.n);

  beforeAll(async () => {
    inventoryPort = await freePort();
    [admin, alice, bob] = await Promise.all([
      userToken('admin'),
      userToken('alice'),
      userToken('bob'),
    ]);
    [product, inventory] = await Promise.all([
      startService('product-service', { MONGO_DATABASE: catalogDb }),
      startService('inventory-service', inventoryEnv()),
    ]);
    orders = await startService('order-service', {
      MYSQL_DATABASE: ordersDb,
      SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`,
      OUTBOX_POLL_MS: '100',
    });
    const catalog: [string, number][] = [
      ['MUG', 1299],
      ['TEE', 2500],
      ['LAST', 999],
      ['RACE', 500],
      ['GONE', 100],
    ];
    for (const [name, price] of catalog) {
      const created = await call(product.baseUrl, 'POST', '/api/products', {
        token: admin,
        body: {
          sku: sku(name),
          name: `Test ${name}`,
          description: 'order tests',
          category: 'test-orders',
          price,
          currency: 'USD',
        },
      });
      expect(created.status).toBe(201);
      if (name === 'GONE') {
        const deleted = await call(product.baseUrl, 'DELETE', `/api/products/${created.body.id}`, {
          token: admin,
        });
        expect(deleted.status).toBeLessThan(300);
      }
      const set = await call(inventory.baseUrl, 'PUT', `/api/inventory/${sku(name)}`, {
        token: admin,
        body: { available: name === 'LAST' ? 1 : 1000 },
      });
      expect(set.status).toBe(200);
    }
    consumer = createKafka(
      kafkaBrokers(),
      `order-int-${suffix}`,
      pino({ level: 'silent' }),
    ).consumer({
      groupId: `order-int-${suffix}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.Order, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, topic }) => {
        let event;
        try {
          event = parseEvent(message.value, topic);
        } catch {
          return; // not ours to judge: other suites share the topic
        }
        const list = events.get(event.subject) ?? [];
        list.push({ type: event.type, data: event.data as Record<string, unknown> });
        events.set(event.subject, list);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all([orders?.stop(), product?.stop(), inventory?.stop()]);
    await Promise.all([dropDatabase(ordersDb), dropDatabase(inventoryDb)]);
  });

  describe('placing', () => {
    it('places an order priced by the catalog, reserves and commits stock, and announces it', async () => {
      const before = await stock(sku('MUG'));
      const placed = await place(alice, [
        { sku: sku('MUG'), quantity: 2 },
        { sku: sku('TEE'), quantity: 1 },
      ]);
      expect(placed.status).toBe(201);
      expect(placed.headers.get('location')).toBe(`/api/orders/${placed.body.id}`);
      expect(Object.keys(placed.body).sort()).toEqual(
        [
          'id',
          'orderNumber',
          'customerId',
          'status',
          'lines',
          'total',
          'currency',
          'createdAt',
          'updatedAt',
        ].sort(),
      );
      expect(placed.body).toMatchObject({
        status: 'CONFIRMED',
        total: 2 * 1299 + 2500,
        currency: 'USD',
        lines: [
          { sku: sku('MUG'), name: 'Test MUG', quantity: 2, unitPrice: 1299, lineTotal: 2598 },
          { sku: sku('TEE'), name: 'Test TEE', quantity: 1, unitPrice: 2500, lineTotal: 2500 },
        ],
      });
      expect(placed.body.orderNumber).toMatch(/^ORD-\d{6}-[0-9A-Z]{6}$/);
      expect(await stock(sku('MUG'))).toBe(before - 2);

      const read = await api('GET', placed.headers.get('location') as string, { token: alice });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(placed.body);
      expect((await api('GET', `/api/orders/${placed.body.id}`, { token: bob })).status).toBe(404);
      expect((await api('GET', `/api/orders/${placed.body.id}`, { token: admin })).status).toBe(
        200,
      );

      await waitFor(
        async () =>
          (
            await query(ordersDb, 'SELECT reservation FROM orders WHERE id = ?', [placed.body.id])
          )[0]?.['reservation'] === 'COMMITTED',
        { label: 'the reservation to be committed' },
      );
      await waitFor(() => events.get(placed.body.id)?.length, {
        label: 'order.placed on order-events',
      });
      expect(events.get(placed.body.id)).toEqual([
        {
          type: 'order.placed',
          data: expect.objectContaining({
            orderId: placed.body.id,
            orderNumber: placed.body.orderNumber,
            customerId: placed.body.customerId,
            total: 5098,
          }),
        },
      ]);
    });

    it('answers 409 naming the short sku and writes nothing', async () => {
      const count = await orderCount();
      const answer = await place(alice, [
        { sku: sku('MUG'), quantity: 1 },
        { sku: sku('LAST'), quantity: 2 },
      ]);
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.shortages).toEqual([{ sku: sku('LAST'), requested: 2, available: 1 }]);
      expect(answer.body.detail).toContain(sku('LAST'));
      expect(await orderCount()).toBe(count);
      expect(await stock(sku('LAST'))).toBe(1);
    });

    it('answers 422 for an unknown or deleted sku', async () => {
      const answer = await place(alice, [
        { sku: sku('MUG'), quantity: 1 },
        { sku: sku('NOPE'), quantity: 1 },
        { sku: sku('GONE'), quantity: 1 },
      ]);
      expect(answer.status).toBe(422);
      expect(answer.body.unknownSkus.sort()).toEqual([sku('GONE'), sku('NOPE')].sort());
    });

    it('refuses a client-sent price and other invalid bodies with 400', async () => {
      const count = await orderCount();
      const priced = await place(alice, [{ sku: sku('MUG'), quantity: 1, unitPrice: 1 }]);
      expect(priced.status).toBe(400);
      expect(priced.body.errors.length).toBeGreaterThan(0);
      const total = await api('POST', '/api/orders', {
        token: alice,
        body: { lines: [{ sku: sku('MUG'), quantity: 1 }], total: 1 },
      });
      expect(total.status).toBe(400);
      expect((await place(alice, [])).status).toBe(400);
      expect((await place(alice, [{ sku: sku('MUG'), quantity: 0 }])).status).toBe(400);
      expect((await place(alice, [{ sku: sku('MUG'), quantity: 10_001 }])).status).toBe(400);
      const twice = await place(alice, [
        { sku: sku('MUG'), quantity: 1 },
        { sku: sku('MUG'), quantity: 2 },
      ]);
      expect(twice.status).toBe(400);
      expect(await orderCount()).toBe(count);
    });

    it('needs a customer token', async () => {
      expect((await api('POST', '/api/orders', { body: { lines: [] } })).status).toBe(401);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same order for a sequential retry and refuses the key with another body', async () => {
      const key = `seq-${suffix}`;
      const lines = [{ sku: sku('TEE'), quantity: 1 }];
      const first = await place(alice, lines, key);
      const again = await place(alice, lines, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await place(alice, [{ sku: sku('TEE'), quantity: 2 }], key);
      expect(other.status).toBe(422);
      // keys are per customer: bob's same key is his own order
      const bobs = await place(bob, lines, key);
      expect(bobs.status).toBe(201);
      expect(bobs.body.id).not.toBe(first.body.id);
      const rows = await query(
        ordersDb,
        'SELECT expiresAt, createdAt FROM idempotency_keys WHERE idemKey = ?',
        [key],
      );
      for (const row of rows)
        expect(
          new Date(row['expiresAt'] as string).getTime() -
            new Date(row['createdAt'] as string).getTime(),
        ).toBeGreaterThanOrEqual(24 * 3600_000);
    });

    it('creates one order when the same request arrives many times at once', async () => {
      const key = `race-${suffix}`;
      const before = await stock(sku('RACE'));
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => place(alice, [{ sku: sku('RACE'), quantity: 3 }], key)),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const rows = await query(
        ordersDb,
        'SELECT o.id FROM orders o JOIN order_lines l ON l.orderId = o.id WHERE l.sku = ?',
        [sku('RACE')],
      );
      expect(rows).toHaveLength(1);
      expect(await stock(sku('RACE'))).toBe(before - 3);
    });
  });

  describe('reading and changing', () => {
    it('lists own orders newest first with pagination; admins see all and filter by status', async () => {
      const mine = await api('GET', '/api/orders?page=1&pageSize=2', { token: alice });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ page: 1, pageSize: 2 });
      expect(mine.body.total).toBeGreaterThanOrEqual(3);
      expect(mine.body.items).toHaveLength(2);
      const all = await api('GET', '/api/orders?pageSize=100', { token: alice });
      const stamps = all.body.items.map((o: { createdAt: string }) => o.createdAt);
      expect([...stamps].sort().reverse()).toEqual(stamps);
      expect(new Set(all.body.items.map((o: { customerId: string }) => o.customerId)).size).toBe(1);
      const bobs = await api('GET', '/api/orders', { token: bob });
      expect(bobs.body.total).toBe(1);
      const everyone = await api('GET', '/api/orders?pageSize=100', { token: admin });
      expect(everyone.body.total).toBe(all.body.total + 1);
      const cancelled = await api('GET', '/api/orders?status=CANCELLED', { token: admin });
      // the filter is proven by the count (this suite's database may hold no cancelled order yet)
      const [{ n: cancelledRows }] = await query<{ n: number }>(
        ordersDb,
        "SELECT COUNT(*) AS n FROM orders WHERE status = 'CANCELLED'",
      );
      expect(cancelled.body.total).toBe(Number(cancelledRows));
      expect(cancelled.body.total).toBeLessThan(everyone.body.total);
      expect(cancelled.body.items.every((o: { status: string }) => o.status === 'CANCELLED')).toBe(
        true,
      );
      expect((await api('GET', '/api/orders?pageSize=101', { token: admin })).status).toBe(400);
    });

    it('cancels a confirmed order for its owner, returns the stock and announces it', async () => {
      const placed = await place(alice, [{ sku: sku('TEE'), quantity: 4 }]);
      const before = await stock(sku('TEE'));
      expect(
        (await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: bob })).status,
      ).toBe(404);
      const cancelled = await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: alice });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('CANCELLED');
      expect(await stock(sku('TEE'))).toBe(before + 4);
      expect(
        (await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: alice })).status,
      ).toBe(409);
      await waitFor(() => (events.get(placed.body.id)?.length ?? 0) >= 2, {
        label: 'order.cancelled',
      });
      expect(events.get(placed.body.id)?.map((e) => e.type)).toEqual([
        'order.placed',
        'order.cancelled',
      ]);
      const audit = await query(
        ordersDb,
        'SELECT action, actor FROM order_audit WHERE orderId = ? ORDER BY id',
        [placed.body.id],
      );
      expect(audit.map((a) => a['action'])).toEqual(['PLACED', 'CANCELLED']);
    });

    it('lets admins move CONFIRMED → SHIPPED → DELIVERED and refuses other moves', async () => {
      const placed = await place(alice, [{ sku: sku('MUG'), quantity: 1 }]);
      const patch = (token: string, status: string) =>
        api('PATCH', `/api/orders/${placed.body.id}/status`, { token, body: { status } });
      expect((await patch(alice, 'SHIPPED')).status).toBe(403);
      expect((await patch(admin, 'DELIVERED')).status).toBe(409);
      expect((await patch(admin, 'SHIPPED')).body.status).toBe('SHIPPED');
      const refused = await patch(admin, 'CONFIRMED');
      expect(refused.status).toBe(409);
      expect(
        (await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: alice })).status,
      ).toBe(409);
      expect((await patch(admin, 'DELIVERED')).body.status).toBe('DELIVERED');
      expect((await patch(admin, 'BOGUS')).status).toBe(400);
      await waitFor(() => (events.get(placed.body.id)?.length ?? 0) >= 3, {
        label: 'status events',
      });
      expect(events.get(placed.body.id)?.map((e) => [e.type, e.data['to']])).toEqual([
        ['order.placed', undefined],
        ['order.status-changed', 'SHIPPED'],
        ['order.status-changed', 'DELIVERED'],
      ]);
      expect((await patch(admin, 'SHIPPED')).status).toBe(409);
    });
  });

  describe('Kafka unreachable', () => {
    const cutDb = scratchDatabase('ordcut');
    let cut: ServiceProcess | undefined;
    let path: TcpPath;

    afterAll(async () => {
      await cut?.stop();
      await path?.close();
      await dropDatabase(cutDb);
    });

    it('takes orders while Kafka is unreachable and delivers every event once it is back', async () => {
      const [host, port] = (kafkaBrokers()[0] as string).split(':');
      path = new TcpPath(await freePort(), { host: host as string, port: Number(port) });
      // the instance's only way to Kafka is the cut path: for it, Kafka is down
      cut = await startService(
        'order-service',
        {
          MYSQL_DATABASE: cutDb,
          KAFKA_BROKERS: `127.0.0.1:${path.port}`,
          SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`,
        },
        { waitReady: false },
      );
      const base = cut.baseUrl;
      await waitFor(async () => (await call(base, 'GET', '/health/live')).status === 200, {
        label: 'the cut instance to be live',
      });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const placed = await call(base, 'POST', '/api/orders', {
          token: alice,
          body: { lines: [{ sku: sku('MUG'), quantity: 1 }] },
        });
        expect(placed.status).toBe(201);
        ids.push(placed.body.id);
      }
      const cancelled = await call(base, 'POST', `/api/orders/${ids[0]}/cancel`, { token: alice });
      expect(cancelled.status).toBe(200);
      // not ready while Kafka is unreachable (the shared problem filter renders it as 500, not 503)
      expect((await call(base, 'GET', '/health/ready')).status).toBeGreaterThanOrEqual(500);
      await sleep(1000);
      const pending = await query<{ n: number }>(
        cutDb,
        'SELECT COUNT(*) AS n FROM outbox WHERE publishedAt IS NULL',
      );
      expect(Number(pending[0]?.n)).toBe(6);
      expect(ids.filter((id) => events.has(id))).toEqual([]);

      await path.open();
      await waitFor(
        () => ids.every((id) => events.has(id)) && (events.get(ids[0] as string)?.length ?? 0) >= 2,
        {
          timeoutMs: 30_000,
          label: 'every event after Kafka is back',
        },
      );
      expect(events.get(ids[0] as string)?.map((e) => e.type)).toEqual([
        'order.placed',
        'order.cancelled',
      ]);
      for (const id of ids.slice(1))
        expect(events.get(id)?.map((e) => e.type)).toEqual(['order.placed']);
      await waitFor(
        async () =>
          Number(
            (
              await query<{ n: number }>(
                cutDb,
                'SELECT COUNT(*) AS n FROM outbox WHERE publishedAt IS NULL',
              )
            )[0]?.n,
          ) === 0,
        { label: 'the outbox to drain' },
      );
    });
  });

  describe('inventory down', () => {
    // Its own order instance: a fresh breaker whose window holds only this test's calls (the shared
    // instance's window still holds the earlier tests' successes, which kept the error rate under the
    // threshold), and a window longer than the test, so how slowly the machine runs does not matter.
    const downDb = scratchDatabase('orddown');
    let down: ServiceProcess | undefined;
    const placeDown = () =>
      call((down as ServiceProcess).baseUrl, 'POST', '/api/orders', {
        token: alice,
        body: { lines: [{ sku: sku('MUG'), quantity: 1 }] },
      });
    const downOrders = async () =>
      Number((await query<{ n: number }>(downDb, 'SELECT COUNT(*) AS n FROM orders'))[0]?.n);
    const downBreakers = async () =>
      (await call((down as ServiceProcess).baseUrl, 'GET', '/health/ready')).body.details
        .dependencies.breakers;

    beforeAll(async () => {
      down = await startService('order-service', {
        MYSQL_DATABASE: downDb,
        SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`,
        BREAKER_VOLUME_THRESHOLD: '5',
        BREAKER_ERROR_PERCENT: '50',
        BREAKER_WINDOW_MS: '600000',
        BREAKER_RESET_MS: '3000',
      });
    });

    afterAll(async () => {
      await down?.stop();
      await dropDatabase(downDb);
    });

    it('answers 503 with Retry-After and writes nothing, opens the breaker past its threshold and closes it once inventory is back', async () => {
      await inventory.stop();
      expect(await downBreakers()).toMatchObject({
        'INVENTORY-SERVICE': 'closed',
        'PRODUCT-SERVICE': 'closed',
      });
      // each refused order is at least one failed inventory call: 8 orders pass the threshold of 5
      const refused: Answer[] = [];
      for (let i = 0; i < 8; i++) refused.push(await placeDown());
      expect(await downBreakers()).toMatchObject({
        'INVENTORY-SERVICE': 'open',
        'PRODUCT-SERVICE': 'closed',
      });
      // while open, refused by the breaker itself; the same answer
      const whileOpen: Answer[] = [];
      for (let i = 0; i < 20; i++) whileOpen.push(await placeDown());
      for (const a of [...refused, ...whileOpen]) {
        expect(a.status).toBe(503);
        expect(a.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // a dependency's breaker does not make the instance unready (DB, broker and registry do)
      expect((await call((down as ServiceProcess).baseUrl, 'GET', '/health/ready')).status).toBe(
        200,
      );
      expect(await downOrders()).toBe(0);
      // how fast the open breaker answers is a figure of `npm run bench` (scenario breaker)

      inventory = await startService('inventory-service', inventoryEnv());
      const recovered = await waitFor(
        async () => {
          const a = await placeDown();
          return a.status === 201 ? a : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, label: 'an order once inventory is back' },
      );
      expect(recovered.body.status).toBe('CONFIRMED');
      expect(await downBreakers()).toMatchObject({ 'INVENTORY-SERVICE': 'closed' });
      expect(await downOrders()).toBe(1);
    });
  });
});
