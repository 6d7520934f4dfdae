import { DEMO_CATALOG } from '@mstore/contracts';
import type { paths } from '@mstore/sdk';
import { uniqueSuffix, userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { EventStream } from './support/event-stream';
import { Fleet } from './support/fleet';
import { unexpected5xx } from './support/http-client';
import { isProblemAnswer, storeClient } from './support/store-api';

type ProductQuery = NonNullable<paths['/api/products']['get']['parameters']['query']>;

/** The storefront and admin journeys, through the gateway with real Keycloak tokens. */
describe('storefront journey', () => {
  let fleet: Fleet;
  let alice: string;
  let bob: string;
  let admin: string;
  /** The store API through the SDK, as `token`'s user (anonymous without one). */
  const store = (token?: string) => storeClient(fleet.url, token);
  const products = (query: ProductQuery) => store().GET('/api/products', { params: { query } });
  const stock = async (sku: string): Promise<number> =>
    (await store().GET('/api/inventory', { params: { query: { sku: [sku] } } })).data![0]!
      .available;
  const order = (token: string, lines: { sku: string; quantity: number }[], key = randomUUID()) =>
    store(token).POST('/api/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: { lines },
    });
  const orderById = (token: string, id: string) =>
    store(token).GET('/api/orders/{id}', { params: { path: { id } } });
  const cancelOrder = (token: string, id: string) =>
    store(token).POST('/api/orders/{id}/cancel', { params: { path: { id } } });
  const setStatus = (token: string, id: string, status: 'SHIPPED' | 'DELIVERED') =>
    store(token).PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status } });
  const ordersOf = (token: string) =>
    store(token).GET('/api/orders', { params: { query: { pageSize: 100 } } });

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all([
      userToken('alice'),
      userToken('bob'),
      userToken('admin'),
    ]);
    fleet = await Fleet.start({ label: 'store' });
  });

  afterAll(() => fleet?.stop());

  it('browses the catalog page by page', async () => {
    const all = await products({ pageSize: 100 });
    expect(all.response.status).toBe(200);
    expect(all.data!.total).toBe(DEMO_CATALOG.length);
    expect(new Set(all.data!.items.map((p) => p.sku))).toEqual(
      new Set(DEMO_CATALOG.map((p) => p.sku)),
    );
    const page2 = await products({ page: 2, pageSize: 5, sort: 'name' });
    expect(page2.data).toMatchObject({ page: 2, pageSize: 5, total: DEMO_CATALOG.length });
    const byName = [...DEMO_CATALOG].map((p) => p.name).sort((a, b) => a.localeCompare(b));
    expect(page2.data!.items.map((p) => p.name)).toEqual(byName.slice(5, 10));
  });

  it('filters by category and price, sorted by price', async () => {
    const category = DEMO_CATALOG[0].category;
    const inCategory = DEMO_CATALOG.filter((p) => p.category === category);
    const filtered = await products({ category, pageSize: 100, sort: 'price' });
    expect(filtered.response.status).toBe(200);
    expect(filtered.data!.total).toBe(inCategory.length);
    expect(filtered.data!.items.map((p) => p.price)).toEqual(
      inCategory.map((p) => p.price).sort((a, b) => a - b),
    );
    const [minPrice, maxPrice] = [2000, 10000];
    const ranged = await products({ minPrice, maxPrice, pageSize: 100, sort: '-price' });
    const expected = DEMO_CATALOG.filter((p) => p.price >= minPrice && p.price <= maxPrice);
    expect(ranged.data!.total).toBe(expected.length);
    expect(ranged.data!.items.map((p) => p.price)).toEqual(
      expected.map((p) => p.price).sort((a, b) => b - a),
    );
  });

  it('searches names and descriptions, case-insensitively', async () => {
    const target = DEMO_CATALOG[0];
    const word = target.name.split(' ').find((w) => w.length > 5) ?? target.name;
    const found = await products({ q: word.toUpperCase(), pageSize: 100 });
    expect(found.response.status).toBe(200);
    const expected = DEMO_CATALOG.filter((p) =>
      `${p.name} ${p.description}`.toLowerCase().includes(word.toLowerCase()),
    );
    expect(found.data!.items.map((p) => p.sku).sort()).toEqual(expected.map((p) => p.sku).sort());
    const first = found.data!.items[0]!;
    const one = await store().GET('/api/products/{id}', { params: { path: { id: first.id } } });
    expect(one.response.status).toBe(200);
    expect(one.data).toMatchObject({ sku: first.sku, currency: 'USD' });
    const missing = await store().GET('/api/products/{id}', {
      params: { path: { id: '000000000000000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(isProblemAnswer(missing)).toBe(true);
  });

  it('checks stock and reports unknown skus', async () => {
    const [a, b] = DEMO_CATALOG;
    const answer = await store().GET('/api/inventory', {
      params: { query: { sku: [a.sku, b.sku, `NOPE-${uniqueSuffix()}`] } },
    });
    expect(answer.response.status).toBe(200);
    expect(answer.data).toHaveLength(3);
    expect(answer.data!.find((s) => s.sku === a.sku)).toMatchObject({
      available: a.stock,
      inStock: a.stock > 0,
    });
    expect(answer.data!.find((s) => s.sku.startsWith('NOPE-'))).toMatchObject({
      inStock: false,
    });
  });

  describe('alice orders, is notified live, cancels; bob sees nothing of it', () => {
    const item = DEMO_CATALOG.find((p) => p.stock >= 5)!;
    let stream: EventStream;
    let placed: { id: string; orderNumber: string };

    beforeAll(async () => {
      stream = await EventStream.open(`${fleet.url}/api/notifications/stream`, alice);
    });
    afterAll(() => stream?.close());

    it('opens the live notification stream', () => {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
    });

    it('places an order priced by the catalog and reserves its stock', async () => {
      const before = await stock(item.sku);
      const key = randomUUID();
      const first = await order(alice, [{ sku: item.sku, quantity: 2 }], key);
      expect(first.response.status).toBe(201);
      placed = first.data!;
      expect(first.data).toMatchObject({
        status: 'CONFIRMED',
        currency: item.currency,
        total: item.price * 2,
        lines: [{ sku: item.sku, quantity: 2, unitPrice: item.price, lineTotal: item.price * 2 }],
      });
      expect(await stock(item.sku)).toBe(before - 2);
      // the client retries with the same key: the same order, nothing reserved twice
      const replay = await order(alice, [{ sku: item.sku, quantity: 2 }], key);
      expect(replay.response.status).toBeLessThan(300);
      expect(replay.data!.id).toBe(placed.id);
      expect(await stock(item.sku)).toBe(before - 2);
    });

    it('shows the order to alice', async () => {
      const one = await orderById(alice, placed.id);
      expect(one.response.status).toBe(200);
      expect(one.data).toMatchObject({ id: placed.id, orderNumber: placed.orderNumber });
      const list = await ordersOf(alice);
      expect(list.data!.items.map((o) => o.id)).toContain(placed.id);
    });

    it('delivers the order.placed notification on the live stream', async () => {
      await waitFor(
        () =>
          stream
            .payloads<{ type: string; data: { orderId?: string } }>()
            .some((n) => n.type === 'order.placed' && n.data.orderId === placed.id),
        { timeoutMs: 30_000, label: 'the order.placed notification on the stream' },
      );
    });

    it('hides alice’s order from bob: 404 to read or cancel, absent from his list', async () => {
      const read = await orderById(bob, placed.id);
      expect(read.response.status).toBe(404);
      expect(isProblemAnswer(read)).toBe(true);
      const cancel = await cancelOrder(bob, placed.id);
      expect(cancel.response.status).toBe(404);
      const list = await ordersOf(bob);
      expect(list.response.status).toBe(200);
      expect(list.data!.items.map((o) => o.id)).not.toContain(placed.id);
      // bob's attempt changed nothing
      expect((await orderById(alice, placed.id)).data!.status).toBe('CONFIRMED');
    });

    it('cancels the order and the stock comes back', async () => {
      const before = await stock(item.sku);
      const cancelled = await cancelOrder(alice, placed.id);
      expect(cancelled.response.status).toBe(200);
      expect(cancelled.data!.status).toBe('CANCELLED');
      await waitFor(async () => (await stock(item.sku)) === before + 2, {
        timeoutMs: 10_000,
        label: 'the cancelled stock to come back',
      });
      await waitFor(
        () =>
          stream
            .payloads<{ type: string; data: { orderId?: string } }>()
            .some((n) => n.type === 'order.cancelled' && n.data.orderId === placed.id),
        { timeoutMs: 30_000, label: 'the order.cancelled notification on the stream' },
      );
    });
  });

  describe('admin manages the catalog, stock and orders', () => {
    const sku = `E2E-${uniqueSuffix().toUpperCase()}`;
    let productId: string;

    it('creates a product that the storefront can find', async () => {
      const created = await store(admin).POST('/api/products', {
        body: {
          sku,
          name: `E2E Lamp ${sku}`,
          description: 'A lamp made by the end-to-end suite',
          category: DEMO_CATALOG[0].category,
          price: 4599,
          currency: 'USD',
        },
      });
      expect(created.response.status).toBe(201);
      productId = created.data!.id;
      expect(created.response.headers.get('location')).toContain(productId);
      const duplicate = await store(admin).POST('/api/products', {
        body: {
          sku,
          name: 'again',
          description: 'again',
          category: DEMO_CATALOG[0].category,
          price: 1,
          currency: 'USD',
        },
      });
      expect(duplicate.response.status).toBe(409);
      expect(isProblemAnswer(duplicate)).toBe(true);
      const search = await products({ q: sku });
      expect(search.data!.items.map((p) => p.id)).toEqual([productId]);
    });

    it('refuses catalog and stock writes by a customer (403)', async () => {
      const write = await store(alice).PATCH('/api/products/{id}', {
        params: { path: { id: productId } },
        body: { price: 1 },
      });
      expect(write.response.status).toBe(403);
      const setStock = await store(alice).PUT('/api/inventory/{sku}', {
        params: { path: { sku } },
        body: { available: 1000 },
      });
      expect(setStock.response.status).toBe(403);
    });

    it('sets its stock, and ships then delivers an order of it', async () => {
      const set = await store(admin).PUT('/api/inventory/{sku}', {
        params: { path: { sku } },
        body: { available: 7 },
      });
      expect(set.response.status).toBe(200);
      expect(await stock(sku)).toBe(7);
      const placed = await order(alice, [{ sku, quantity: 3 }]);
      expect(placed.response.status).toBe(201);
      const id = placed.data!.id;
      expect(placed.data!.total).toBe(3 * 4599);
      expect(await stock(sku)).toBe(4);
      const shipped = await setStatus(admin, id, 'SHIPPED');
      expect(shipped.response.status).toBe(200);
      expect(shipped.data!.status).toBe('SHIPPED');
      const byCustomer = await setStatus(alice, id, 'DELIVERED');
      expect(byCustomer.response.status).toBe(403);
      const lateCancel = await cancelOrder(alice, id);
      expect(lateCancel.response.status).toBe(409);
      expect(isProblemAnswer(lateCancel)).toBe(true);
      const delivered = await setStatus(admin, id, 'DELIVERED');
      expect(delivered.data!.status).toBe('DELIVERED');
      expect((await orderById(alice, id)).data!.status).toBe('DELIVERED');
      // the admin sees every customer's orders
      const adminView = await orderById(admin, id);
      expect(adminView.response.status).toBe(200);
      await waitFor(
        async () => {
          const mine = await store(alice).GET('/api/notifications', {
            params: { query: { pageSize: 100 } },
          });
          const types = mine
            .data!.items.filter((n) => (n.data as { orderId?: string }).orderId === id)
            .map((n) => n.type);
          return (
            types.includes('order.placed') &&
            types.filter((t: string) => t === 'order.status-changed').length === 2
          );
        },
        { timeoutMs: 30_000, label: 'alice’s notifications of the shipped order' },
      );
    });

    it('out of stock is a 409 problem naming the sku; unknown skus a 422', async () => {
      const tooMany = await order(bob, [{ sku, quantity: 5 }]);
      expect(tooMany.response.status).toBe(409);
      expect(isProblemAnswer(tooMany)).toBe(true);
      expect(JSON.stringify(tooMany.error)).toContain(sku);
      const unknown = await order(bob, [{ sku: `NOPE-${uniqueSuffix()}`, quantity: 1 }]);
      expect(unknown.response.status).toBe(422);
      expect(isProblemAnswer(unknown)).toBe(true);
    });
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
