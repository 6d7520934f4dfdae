import { DEMO_CATALOG } from '@mstore/contracts';
import { uniqueSuffix, userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { EventStream } from './support/event-stream';
import { Fleet } from './support/fleet';
import { Answer, call, isProblem, unexpected5xx } from './support/http-client';

/** The storefront and admin journeys, through the gateway with real Keycloak tokens. */
describe('storefront journey', () => {
  let fleet: Fleet;
  let alice: string;
  let bob: string;
  let admin: string;
  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(fleet.url, method, path, options);
  const stock = async (sku: string): Promise<number> =>
    (await api('GET', `/api/inventory?sku=${encodeURIComponent(sku)}`)).body[0].available;
  const order = (token: string, lines: { sku: string; quantity: number }[], key = randomUUID()) =>
    api('POST', '/api/orders', { token, body: { lines }, headers: { 'idempotency-key': key } });

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
    const all = await api('GET', '/api/products?pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(DEMO_CATALOG.length);
    expect(new Set(all.body.items.map((p: { sku: string }) => p.sku))).toEqual(
      new Set(DEMO_CATALOG.map((p) => p.sku)),
    );
    const page2 = await api('GET', '/api/products?page=2&pageSize=5&sort=name');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total: DEMO_CATALOG.length });
    const byName = [...DEMO_CATALOG].map((p) => p.name).sort((a, b) => a.localeCompare(b));
    expect(page2.body.items.map((p: { name: string }) => p.name)).toEqual(byName.slice(5, 10));
  });

  it('filters by category and price, sorted by price', async () => {
    const category = DEMO_CATALOG[0].category;
    const inCategory = DEMO_CATALOG.filter((p) => p.category === category);
    const filtered = await api('GET', `/api/products?category=${category}&pageSize=100&sort=price`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.total).toBe(inCategory.length);
    expect(filtered.body.items.map((p: { price: number }) => p.price)).toEqual(
      inCategory.map((p) => p.price).sort((a, b) => a - b),
    );
    const [minPrice, maxPrice] = [2000, 10000];
    const ranged = await api(
      'GET',
      `/api/products?minPrice=${minPrice}&maxPrice=${maxPrice}&pageSize=100&sort=-price`,
    );
    const expected = DEMO_CATALOG.filter((p) => p.price >= minPrice && p.price <= maxPrice);
    expect(ranged.body.total).toBe(expected.length);
    expect(ranged.body.items.map((p: { price: number }) => p.price)).toEqual(
      expected.map((p) => p.price).sort((a, b) => b - a),
    );
  });

  it('searches names and descriptions, case-insensitively', async () => {
    const target = DEMO_CATALOG[0];
    const word = target.name.split(' ').find((w) => w.length > 5) ?? target.name;
    const found = await api(
      'GET',
      `/api/products?q=${encodeURIComponent(word.toUpperCase())}&pageSize=100`,
    );
    expect(found.status).toBe(200);
    const expected = DEMO_CATALOG.filter((p) =>
      `${p.name} ${p.description}`.toLowerCase().includes(word.toLowerCase()),
    );
    expect(found.body.items.map((p: { sku: string }) => p.sku).sort()).toEqual(
      expected.map((p) => p.sku).sort(),
    );
    const one = await api('GET', `/api/products/${found.body.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ sku: found.body.items[0].sku, currency: 'USD' });
    const missing = await api('GET', '/api/products/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(isProblem(missing)).toBe(true);
  });

  it('checks stock and reports unknown skus', async () => {
    const [a, b] = DEMO_CATALOG;
    const answer = await api(
      'GET',
      `/api/inventory?sku=${a.sku}&sku=${b.sku}&sku=NOPE-${uniqueSuffix()}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    expect(answer.body.find((s: { sku: string }) => s.sku === a.sku)).toMatchObject({
      available: a.stock,
      inStock: a.stock > 0,
    });
    expect(answer.body.find((s: { sku: string }) => s.sku.startsWith('NOPE-'))).toMatchObject({
      inStock: false,
    });
  });

  describe('alice orders, is notified live, cancels; bob sees nothing of it', () => {
    const item = DEMO_CATALOG.find((p) => p.stock >= 5)!;
    let stream: EventStream;
    let placed: Answer;

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
      placed = await order(alice, [{ sku: item.sku, quantity: 2 }], key);
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        status: 'CONFIRMED',
        currency: item.currency,
        total: item.price * 2,
        lines: [{ sku: item.sku, quantity: 2, unitPrice: item.price, lineTotal: item.price * 2 }],
      });
      expect(await stock(item.sku)).toBe(before - 2);
      // the client retries with the same key: the same order, nothing reserved twice
      const replay = await order(alice, [{ sku: item.sku, quantity: 2 }], key);
      expect(replay.status).toBeLessThan(300);
      expect(replay.body.id).toBe(placed.body.id);
      expect(await stock(item.sku)).toBe(before - 2);
    });

    it('shows the order to alice', async () => {
      const one = await api('GET', `/api/orders/${placed.body.id}`, { token: alice });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: placed.body.id, orderNumber: placed.body.orderNumber });
      const list = await api('GET', '/api/orders?pageSize=100', { token: alice });
      expect(list.body.items.map((o: { id: string }) => o.id)).toContain(placed.body.id);
    });

    it('delivers the order.placed notification on the live stream', async () => {
      await waitFor(
        () =>
          stream
            .payloads<{ type: string; data: { orderId?: string } }>()
            .some((n) => n.type === 'order.placed' && n.data.orderId === placed.body.id),
        { timeoutMs: 30_000, label: 'the order.placed notification on the stream' },
      );
    });

    it('hides alice’s order from bob: 404 to read or cancel, absent from his list', async () => {
      const read = await api('GET', `/api/orders/${placed.body.id}`, { token: bob });
      expect(read.status).toBe(404);
      expect(isProblem(read)).toBe(true);
      const cancel = await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: bob });
      expect(cancel.status).toBe(404);
      const list = await api('GET', '/api/orders?pageSize=100', { token: bob });
      expect(list.status).toBe(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(placed.body.id);
      // bob's attempt changed nothing
      expect(
        (await api('GET', `/api/orders/${placed.body.id}`, { token: alice })).body.status,
      ).toBe('CONFIRMED');
    });

    it('cancels the order and the stock comes back', async () => {
      const before = await stock(item.sku);
      const cancelled = await api('POST', `/api/orders/${placed.body.id}/cancel`, { token: alice });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('CANCELLED');
      await waitFor(async () => (await stock(item.sku)) === before + 2, {
        timeoutMs: 10_000,
        label: 'the cancelled stock to come back',
      });
      await waitFor(
        () =>
          stream
            .payloads<{ type: string; data: { orderId?: string } }>()
            .some((n) => n.type === 'order.cancelled' && n.data.orderId === placed.body.id),
        { timeoutMs: 30_000, label: 'the order.cancelled notification on the stream' },
      );
    });
  });

  describe('admin manages the catalog, stock and orders', () => {
    const sku = `E2E-${uniqueSuffix().toUpperCase()}`;
    let productId: string;

    it('creates a product that the storefront can find', async () => {
      const created = await api('POST', '/api/products', {
        token: admin,
        body: {
          sku,
          name: `E2E Lamp ${sku}`,
          description: 'A lamp made by the end-to-end suite',
          category: DEMO_CATALOG[0].category,
          price: 4599,
          currency: 'USD',
        },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toContain(created.body.id);
      productId = created.body.id;
      const duplicate = await api('POST', '/api/products', {
        token: admin,
        body: {
          sku,
          name: 'again',
          description: 'again',
          category: DEMO_CATALOG[0].category,
          price: 1,
          currency: 'USD',
        },
      });
      expect(duplicate.status).toBe(409);
      expect(isProblem(duplicate)).toBe(true);
      const search = await api('GET', `/api/products?q=${encodeURIComponent(sku)}`);
      expect(search.body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
    });

    it('refuses catalog and stock writes by a customer (403)', async () => {
      const write = await api('PATCH', `/api/products/${productId}`, {
        token: alice,
        body: { price: 1 },
      });
      expect(write.status).toBe(403);
      const setStock = await api('PUT', `/api/inventory/${sku}`, {
        token: alice,
        body: { available: 1000 },
      });
      expect(setStock.status).toBe(403);
    });

    it('sets its stock, and ships then delivers an order of it', async () => {
      const set = await api('PUT', `/api/inventory/${sku}`, {
        token: admin,
        body: { available: 7 },
      });
      expect(set.status).toBe(200);
      expect(await stock(sku)).toBe(7);
      const placed = await order(alice, [{ sku, quantity: 3 }]);
      expect(placed.status).toBe(201);
      expect(placed.body.total).toBe(3 * 4599);
      expect(await stock(sku)).toBe(4);
      const shipped = await api('PATCH', `/api/orders/${placed.body.id}/status`, {
        token: admin,
        body: { status: 'SHIPPED' },
      });
      expect(shipped.status).toBe(200);
      expect(shipped.body.status).toBe('SHIPPED');
      const byCustomer = await api('PATCH', `/api/orders/${placed.body.id}/status`, {
        token: alice,
        body: { status: 'DELIVERED' },
      });
      expect(byCustomer.status).toBe(403);
      const lateCancel = await api('POST', `/api/orders/${placed.body.id}/cancel`, {
        token: alice,
      });
      expect(lateCancel.status).toBe(409);
      expect(isProblem(lateCancel)).toBe(true);
      const delivered = await api('PATCH', `/api/orders/${placed.body.id}/status`, {
        token: admin,
        body: { status: 'DELIVERED' },
      });
      expect(delivered.body.status).toBe('DELIVERED');
      expect(
        (await api('GET', `/api/orders/${placed.body.id}`, { token: alice })).body.status,
      ).toBe('DELIVERED');
      // the admin sees every customer's orders
      const adminView = await api('GET', `/api/orders/${placed.body.id}`, { token: admin });
      expect(adminView.status).toBe(200);
      await waitFor(
        async () => {
          const mine = await api('GET', '/api/notifications?pageSize=100', { token: alice });
          const types = mine.body.items
            .filter((n: { data: { orderId?: string } }) => n.data.orderId === placed.body.id)
            .map((n: { type: string }) => n.type);
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
      expect(tooMany.status).toBe(409);
      expect(isProblem(tooMany)).toBe(true);
      expect(tooMany.text).toContain(sku);
      const unknown = await order(bob, [{ sku: `NOPE-${uniqueSuffix()}`, quantity: 1 }]);
      expect(unknown.status).toBe(422);
      expect(isProblem(unknown)).toBe(true);
    });
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
