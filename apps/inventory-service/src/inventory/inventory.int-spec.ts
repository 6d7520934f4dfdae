import { DEMO_CATALOG, InventoryEventType, Topic } from '@mstore/contracts';
import {
  scratchDatabase,
  ServiceProcess,
  serviceToken,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import { Kafka } from 'kafkajs';
import { call, dropDatabase, movementTotals, query, stockRow } from '../test/inventory-test-kit';

describe('inventory-service against the real MariaDB', () => {
  const database = scratchDatabase('inv');
  let app: ServiceProcess;
  let admin: string;
  let alice: string;
  let service: string;
  const newSku = () => `T-${uniqueSuffix()}`;
  const put = (sku: string, body: unknown, token = admin) =>
    call(app.baseUrl, 'PUT', `/api/inventory/${sku}`, { token, body });
  const adjust = (sku: string, body: unknown, token = admin) =>
    call(app.baseUrl, 'POST', `/api/inventory/${sku}/adjustments`, { token, body });
  const reserve = (body: unknown, token = service) =>
    call(app.baseUrl, 'POST', '/internal/reservations', { token, body });
  const commit = (orderId: string) =>
    call(app.baseUrl, 'POST', `/internal/reservations/${orderId}/commit`, { token: service });
  const release = (orderId: string) =>
    call(app.baseUrl, 'POST', `/internal/reservations/${orderId}/release`, { token: service });
  const stocked = async (available: number) => {
    const sku = newSku();
    expect((await put(sku, { available })).status).toBe(200);
    return sku;
  };

  beforeAll(async () => {
    [admin, alice, service] = await Promise.all([
      userToken('admin'),
      userToken('alice'),
      serviceToken(),
    ]);
    app = await startService('inventory-service', {
      MYSQL_DATABASE: database,
      SEED_DEMO_DATA: 'true',
      LOW_STOCK_THRESHOLD: '5',
    });
  });

  afterAll(async () => {
    await app?.stop();
    await dropDatabase(database);
  });

  describe('schema', () => {
    it('runs its migrations on an empty database', async () => {
      const tables = await query<{ name: string }>(
        database,
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1',
        [database],
      );
      expect(tables.map((t) => t.name)).toEqual([
        'migrations',
        'outbox',
        'outbox_relay_lock',
        'reservation',
        'reservation_line',
        'retired_sku',
        'stock',
        'stock_movement',
      ]);
      const migrations = await query<{ name: string }>(
        database,
        'SELECT name FROM migrations ORDER BY id',
      );
      expect(migrations.map((m) => m.name)).toEqual([
        'CreateOutbox1764000000000',
        'CreateInventory1764000000001',
        'CreateRetiredSku1764000000002',
        'AddOutboxTraceContext1764000000003',
      ]);
    });

    it('refuses negative stock even from a raw statement (CHECK constraint)', async () => {
      const sku = await stocked(1);
      await expect(
        query(database, 'UPDATE stock SET available = -1 WHERE sku = ?', [sku]),
      ).rejects.toThrow(/CONSTRAINT/i);
    });

    it('seeded the demo catalog into the empty stock table', async () => {
      const demo = DEMO_CATALOG[0];
      const { body } = await call(app.baseUrl, 'GET', `/api/inventory?sku=${demo.sku}`);
      expect(body).toEqual([
        { sku: demo.sku, available: demo.stock, inStock: demo.stock > 0, known: true },
      ]);
      expect((await movementTotals(database, demo.sku)).byKind).toEqual({ SEED: 1 });
    });
  });

  describe('public read', () => {
    it('reports every requested sku, unknown ones with known:false, without a token', async () => {
      const sku = await stocked(3);
      const empty = await stocked(0);
      const reply = await call(
        app.baseUrl,
        'GET',
        `/api/inventory?sku=${sku}&sku=NOPE-1&sku=${empty}`,
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([
        { sku, available: 3, inStock: true, known: true },
        { sku: 'NOPE-1', available: 0, inStock: false, known: false },
        { sku: empty, available: 0, inStock: false, known: true },
      ]);
    });

    it('answers 400 problems for a missing or malformed sku', async () => {
      for (const path of ['/api/inventory', '/api/inventory?sku=bad%20sku']) {
        const reply = await call(app.baseUrl, 'GET', path);
        expect(reply.status).toBe(400);
        expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    });
  });

  describe('admin', () => {
    it('sets stock, creating the sku, and adjusts it; both are audited', async () => {
      const sku = newSku();
      const created = await put(sku, { available: 10 });
      expect(created.body).toMatchObject({
        sku,
        available: 10,
        reserved: 0,
        inStock: true,
        known: true,
      });
      const adjusted = await adjust(sku, { delta: -4, reason: 'damaged in storage' });
      expect(adjusted.status).toBe(200);
      expect(adjusted.body).toMatchObject({
        sku,
        available: 6,
        reserved: 0,
        inStock: true,
        known: true,
      });
      const audit = await query<{
        kind: string;
        availableDelta: number;
        reason: string;
        actor: string;
      }>(
        database,
        'SELECT kind, availableDelta, reason, actor FROM stock_movement WHERE sku = ? ORDER BY id',
        [sku],
      );
      expect(audit).toEqual([
        { kind: 'SET', availableDelta: 10, reason: 'stock set by admin', actor: 'admin' },
        { kind: 'ADJUST', availableDelta: -4, reason: 'damaged in storage', actor: 'admin' },
      ]);
      const history = await call(app.baseUrl, 'GET', `/api/inventory/${sku}/movements`, {
        token: admin,
      });
      expect(history.body).toMatchObject({
        total: 2,
        items: [{ kind: 'ADJUST' }, { kind: 'SET' }],
      });
    });

    it('never lets stock go below zero (409) and rejects unknown skus (404)', async () => {
      const sku = await stocked(2);
      const below = await adjust(sku, { delta: -3, reason: 'count' });
      expect(below.status).toBe(409);
      expect(below.body).toMatchObject({ shortages: [{ sku, requested: 3, available: 2 }] });
      expect((await adjust(newSku(), { delta: 1, reason: 'x' })).status).toBe(404);
      expect(await stockRow(database, sku)).toEqual({ available: 2, reserved: 0 });
    });

    it('rejects quantities outside 0..1,000,000 or not integers with 400 problems', async () => {
      const sku = await stocked(1);
      for (const body of [
        { available: -1 },
        { available: 1_000_001 },
        { available: 1.5 },
        { available: '3' },
        { available: 3, extra: true },
      ]) {
        const reply = await put(sku, body);
        expect(reply.status).toBe(400);
        expect(reply.body).toMatchObject({ status: 400, errors: expect.any(Array) });
      }
      for (const body of [
        { delta: 0, reason: 'x' },
        { delta: 2.5, reason: 'x' },
        { delta: 1 },
        { delta: 1, reason: ' ' },
      ]) {
        expect((await adjust(sku, body)).status).toBe(400);
      }
      expect((await adjust(sku, { delta: 1_000_000, reason: 'too much' })).status).toBe(409);
    });

    it('needs an admin token: 401 without, 403 for a customer', async () => {
      expect((await put(newSku(), { available: 1 }, '')).status).toBe(401);
      expect((await put(newSku(), { available: 1 }, alice)).status).toBe(403);
    });
  });

  describe('events', () => {
    const outbox = (sku: string) =>
      query<{ type: string; payload: string; publishedAt: Date | null }>(
        database,
        'SELECT type, payload, publishedAt FROM outbox WHERE messageKey = ? ORDER BY seq',
        [sku],
      );

    it('writes stock-changed, low-stock on crossing the threshold and out-of-stock at 0, then relays them', async () => {
      const sku = await stocked(8); // stock-changed
      await adjust(sku, { delta: -2, reason: 'count' }); // 6: above 5, stock-changed only
      await adjust(sku, { delta: -2, reason: 'count' }); // 4: crossed 5 -> low-stock
      await adjust(sku, { delta: -1, reason: 'count' }); // 3: still low, no second alert
      await adjust(sku, { delta: -3, reason: 'count' }); // 0 -> out-of-stock
      const rows = await outbox(sku);
      expect(rows.map((r) => r.type)).toEqual([
        InventoryEventType.StockChanged,
        InventoryEventType.StockChanged,
        InventoryEventType.StockChanged,
        InventoryEventType.LowStock,
        InventoryEventType.StockChanged,
        InventoryEventType.StockChanged,
        InventoryEventType.OutOfStock,
      ]);
      expect(JSON.parse(rows[3].payload)).toMatchObject({
        type: InventoryEventType.LowStock,
        subject: sku,
        source: 'inventory-service',
        data: { sku, available: 4, threshold: 5 },
      });
      await waitFor(async () => (await outbox(sku)).every((r) => r.publishedAt !== null), {
        label: 'the relay to publish',
      });
    });

    it('honours a per-sku threshold', async () => {
      const sku = newSku();
      await put(sku, { available: 30, lowStockThreshold: 20 });
      await adjust(sku, { delta: -12, reason: 'count' });
      expect((await outbox(sku)).map((r) => r.type)).toContain(InventoryEventType.LowStock);
    });

    it('publishes to Kafka keyed by sku', async () => {
      const kafka = new Kafka({
        clientId: 'inventory-int-spec',
        brokers: ['127.0.0.1:9092'],
        logLevel: 0,
      });
      const consumer = kafka.consumer({ groupId: `inventory-int-spec-${uniqueSuffix()}` });
      const sku = newSku();
      const seen: { key: string; type: string }[] = [];
      try {
        await consumer.connect();
        await consumer.subscribe({ topic: Topic.Inventory, fromBeginning: false });
        const joined = new Promise((r) => consumer.on(consumer.events.GROUP_JOIN, r));
        await consumer.run({
          eachMessage: async ({ message }) => {
            const event = JSON.parse(String(message.value));
            if (event.subject === sku) seen.push({ key: String(message.key), type: event.type });
          },
        });
        await joined;
        await waitFor(
          async () => {
            // the group may take a moment to get its partitions; re-set until an event arrives
            if (seen.length === 0)
              await put(sku, { available: seen.length + 1 + Math.floor(Math.random() * 100) });
            return seen.length > 0;
          },
          { timeoutMs: 30_000, intervalMs: 1000, label: 'an inventory event on Kafka' },
        );
      } finally {
        await consumer.disconnect();
      }
      expect(seen[0]).toEqual({ key: sku, type: InventoryEventType.StockChanged });
    });
  });

  describe('reservations', () => {
    const orderId = () => `ord-${uniqueSuffix()}`;

    it('reserves all lines, answers the same result again with 200, and never reserves twice', async () => {
      const a = await stocked(5);
      const b = await stocked(5);
      const id = orderId();
      const body = {
        orderId: id,
        lines: [
          { sku: b, quantity: 2 },
          { sku: a, quantity: 1 },
        ],
      };
      const first = await reserve(body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ orderId: id, status: 'RESERVED' });
      expect(first.body.lines).toHaveLength(2);
      const again = await reserve(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await stockRow(database, a)).toEqual({ available: 4, reserved: 1 });
      expect(await stockRow(database, b)).toEqual({ available: 3, reserved: 2 });
    });

    it('commits idempotently, then release returns committed stock (a cancelled order)', async () => {
      const sku = await stocked(5);
      const id = orderId();
      await reserve({ orderId: id, lines: [{ sku, quantity: 2 }] });
      const committed = await commit(id);
      expect(committed).toMatchObject({ status: 200, body: { orderId: id, status: 'COMMITTED' } });
      expect((await commit(id)).body).toEqual(committed.body);
      expect(await stockRow(database, sku)).toEqual({ available: 3, reserved: 0 });
      const released = await release(id);
      expect(released).toMatchObject({ status: 200, body: { status: 'RELEASED' } });
      expect((await release(id)).body).toEqual(released.body);
      expect(await stockRow(database, sku)).toEqual({ available: 5, reserved: 0 });
      expect((await commit(id)).body).toMatchObject({ status: 409, reservationStatus: 'RELEASED' });
      const audit = await movementTotals(database, sku);
      expect(audit).toEqual({
        availableDelta: 5,
        reservedDelta: 0,
        byKind: { SET: 1, RESERVE: 1, COMMIT: 1, RETURN: 1 },
      });
    });

    it('releases an open reservation once', async () => {
      const sku = await stocked(4);
      const id = orderId();
      await reserve({ orderId: id, lines: [{ sku, quantity: 4 }] });
      expect(await stockRow(database, sku)).toEqual({ available: 0, reserved: 4 });
      expect((await release(id)).body).toMatchObject({ status: 'RELEASED' });
      expect((await release(id)).status).toBe(200);
      expect(await stockRow(database, sku)).toEqual({ available: 4, reserved: 0 });
      expect((await movementTotals(database, sku)).byKind).toEqual({
        SET: 1,
        RESERVE: 1,
        RELEASE: 1,
      });
    });

    it('answers 404 problems for an unknown order id', async () => {
      for (const reply of [await commit('no-such-order'), await release('no-such-order')]) {
        expect(reply.status).toBe(404);
        expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    });

    it('is all or nothing: 409 lists each short sku with requested and available', async () => {
      const plenty = await stocked(10);
      const few = await stocked(1);
      const none = await stocked(0);
      const reply = await reserve({
        orderId: orderId(),
        lines: [
          { sku: plenty, quantity: 2 },
          { sku: few, quantity: 3 },
          { sku: none, quantity: 1 },
        ],
      });
      expect(reply.status).toBe(409);
      expect(reply.body['shortages']).toEqual(
        [
          { sku: few, requested: 3, available: 1 },
          { sku: none, requested: 1, available: 0 },
        ].sort((x, y) => (x.sku < y.sku ? -1 : 1)),
      );
      expect(await stockRow(database, plenty)).toEqual({ available: 10, reserved: 0 });
    });

    it('answers 422 naming unknown skus, reserving nothing', async () => {
      const sku = await stocked(3);
      const reply = await reserve({
        orderId: orderId(),
        lines: [
          { sku, quantity: 1 },
          { sku: 'GHOST-1', quantity: 1 },
        ],
      });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ unknownSkus: ['GHOST-1'] });
      expect(await stockRow(database, sku)).toEqual({ available: 3, reserved: 0 });
    });

    it('rejects bad quantities and repeated skus with 400', async () => {
      const sku = await stocked(3);
      for (const quantity of [0, -1, 1.5, 10_001, '1']) {
        expect((await reserve({ orderId: orderId(), lines: [{ sku, quantity }] })).status).toBe(
          400,
        );
      }
      const twice = [
        { sku, quantity: 1 },
        { sku, quantity: 1 },
      ];
      expect((await reserve({ orderId: orderId(), lines: twice })).status).toBe(400);
      expect(await stockRow(database, sku)).toEqual({ available: 3, reserved: 0 });
    });

    it('is for the service account only', async () => {
      const body = { orderId: orderId(), lines: [{ sku: 'X', quantity: 1 }] };
      expect((await reserve(body, admin)).status).toBe(403);
      expect((await reserve(body, '')).status).toBe(401);
    });
  });
});
