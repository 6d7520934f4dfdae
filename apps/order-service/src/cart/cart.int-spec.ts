import {
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
} from '@mstore/testing';
import { call, dropDatabase, query } from '../test/order-test-kit';

/**
 * The cart against real product-service and inventory-service instances (scratch databases) and
 * the real MariaDB and Keycloak; a second order instance whose inventory is a dead port shows
 * what the cart does without inventory.
 */
describe('order-service cart', () => {
  const suffix = uniqueSuffix();
  const catalogDb = scratchDatabase('ccat');
  const inventoryDb = scratchDatabase('cinv');
  const ordersDb = scratchDatabase('cart');
  const sku = (name: string) => `CT${suffix}-${name}`;
  const LIMIT_SKUS = Array.from({ length: 51 }, (_, i) => sku(`L${i + 1}`));
  let product: ServiceProcess;
  let inventory: ServiceProcess;
  let orders: ServiceProcess;
  let noInventory: ServiceProcess;
  let admin: string;
  let alice: string;
  let bob: string;
  let carol: string;
  const ids = new Map<string, string>();

  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(orders.baseUrl, method, path, options);
  const cart = (token: string) => api('GET', '/api/cart', { token });
  const put = (token: string, s: string, quantity: unknown) =>
    api('PUT', `/api/cart/items/${encodeURIComponent(s)}`, { token, body: { quantity } });
  const merge = (token: string, lines: unknown[]) =>
    api('POST', '/api/cart/merge', { token, body: { lines } });
  const checkout = (token: string, key?: string, baseUrl = orders.baseUrl) =>
    call(baseUrl, 'POST', '/api/cart/checkout', {
      token,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const stock = async (s: string): Promise<number> =>
    (await call(inventory.baseUrl, 'GET', `/api/inventory?sku=${s}`)).body[0].available;
  const setStock = async (s: string, available: number) =>
    expect(
      (
        await call(inventory.baseUrl, 'PUT', `/api/inventory/${s}`, {
          token: admin,
          body: { available },
        })
      ).status,
    ).toBe(200);
  const ordersOf = async (customerId: string) =>
    query<{ id: string }>(ordersDb, 'SELECT id FROM orders WHERE customerId = ?', [customerId]);
  const subjectOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).sub as string;
  const expectProblem = (
    answer: { status: number; headers: Headers; body: unknown },
    status: number,
  ) => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
  };

  beforeAll(async () => {
    [admin, alice, bob, carol] = await Promise.all(
      ['admin', 'alice', 'bob', 'carol'].map((u) => userToken(u)),
    );
    [product, inventory] = await Promise.all([
      startService('product-service', { MONGO_DATABASE: catalogDb }),
      startService('inventory-service', { MYSQL_DATABASE: inventoryDb }),
    ]);
    const deps = `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`;
    [orders, noInventory] = await Promise.all([
      startService('order-service', { MYSQL_DATABASE: ordersDb, SERVICE_URLS: deps }),
      startService('order-service', {
        MYSQL_DATABASE: ordersDb,
        SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=http://127.0.0.1:9`,
      }),
    ]);
    const catalog: [string, number, number][] = [
      ['MUG', 1299, 1000],
      ['TEE', 2500, 1000],
      ['FEW', 700, 3],
      ['LAST', 999, 1],
      ['NONE', 450, 0],
      ['GONE', 100, 1000],
      ...LIMIT_SKUS.map((s): [string, number, number] => [s.slice(sku('').length), 100, 0]),
    ];
    for (let i = 0; i < catalog.length; i += 8)
      await Promise.all(
        catalog.slice(i, i + 8).map(async ([name, price, available]) => {
          const created = await call(product.baseUrl, 'POST', '/api/products', {
            token: admin,
            body: {
              sku: sku(name),
              name: `Cart ${name}`,
              description: 'cart tests',
              category: 'test-cart',
              price,
              currency: 'USD',
            },
          });
          expect(created.status).toBe(201);
          ids.set(name, created.body.id);
          if (available > 0) await setStock(sku(name), available);
        }),
      );
    const gone = await call(product.baseUrl, 'DELETE', `/api/products/${ids.get('GONE')}`, {
      token: admin,
    });
    expect(gone.status).toBe(204);
  });

  afterAll(async () => {
    await Promise.all([orders?.stop(), noInventory?.stop(), product?.stop(), inventory?.stop()]);
    await Promise.all([dropDatabase(ordersDb), dropDatabase(inventoryDb)]);
  });

  describe('reading and changing', () => {
    beforeEach(async () => {
      expect((await api('DELETE', '/api/cart', { token: alice })).status).toBe(204);
    });

    it('starts empty and needs a customer token', async () => {
      const empty = await cart(alice);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ lines: [], itemCount: 0, total: 0, currency: 'USD' });
      expectProblem(await api('GET', '/api/cart'), 401);
      expectProblem(
        await api('PUT', `/api/cart/items/${sku('MUG')}`, { body: { quantity: 1 } }),
        401,
      );
    });

    it('shows current names and prices, stock hints and the total; 0 removes a line', async () => {
      expect((await put(alice, sku('MUG'), 2)).status).toBe(200);
      expect((await put(alice, sku('FEW'), 1)).status).toBe(200);
      const answer = await put(alice, sku('NONE'), 1);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        lines: [
          {
            sku: sku('MUG'),
            name: 'Cart MUG',
            quantity: 2,
            unitPrice: 1299,
            lineTotal: 2598,
            currency: 'USD',
            priceWhenAdded: 1299,
            priceChanged: false,
            sellable: true,
            stock: { status: 'in-stock', available: 1000 },
          },
          expect.objectContaining({ sku: sku('FEW'), stock: { status: 'low', available: 3 } }),
          expect.objectContaining({
            sku: sku('NONE'),
            stock: { status: 'sold-out', available: 0 },
          }),
        ],
        itemCount: 4,
        total: 2598 + 700 + 450,
        currency: 'USD',
      });
      expect((await cart(alice)).body).toEqual(answer.body);

      const more = await put(alice, sku('MUG'), 5);
      expect(more.body.lines[0]).toMatchObject({ sku: sku('MUG'), quantity: 5, lineTotal: 6495 });
      // wanting more than there is: low, whatever the count
      expect((await put(alice, sku('FEW'), 4)).body.lines[1].stock).toEqual({
        status: 'low',
        available: 3,
      });
      const removed = await put(alice, sku('NONE'), 0);
      expect(removed.body.lines.map((l: { sku: string }) => l.sku)).toEqual([
        sku('MUG'),
        sku('FEW'),
      ]);
      expect((await put(alice, sku('NONE'), 0)).status).toBe(200); // removing twice is fine
    });

    it('flags a line whose price changed since it was added and totals the current price', async () => {
      expect((await put(alice, sku('TEE'), 2)).status).toBe(200);
      const patched = await call(product.baseUrl, 'PATCH', `/api/products/${ids.get('TEE')}`, {
        token: admin,
        body: { price: 2750 },
      });
      expect(patched.status).toBe(200);
      try {
        const answer = await cart(alice);
        expect(answer.body.lines).toEqual([
          expect.objectContaining({
            sku: sku('TEE'),
            unitPrice: 2750,
            lineTotal: 5500,
            priceWhenAdded: 2500,
            priceChanged: true,
          }),
        ]);
        expect(answer.body.total).toBe(5500);
        // a new quantity keeps the price it was added at
        expect((await put(alice, sku('TEE'), 3)).body.lines[0]).toMatchObject({
          priceWhenAdded: 2500,
          priceChanged: true,
        });
      } finally {
        await call(product.baseUrl, 'PATCH', `/api/products/${ids.get('TEE')}`, {
          token: admin,
          body: { price: 2500 },
        });
      }
    });

    it('refuses unknown and withdrawn skus with a 422 naming them, and bad input with 400', async () => {
      for (const s of [sku('NOPE'), sku('GONE')]) {
        const answer = await put(alice, s, 1);
        expectProblem(answer, 422);
        expect(answer.body.unknownSkus).toEqual([s]);
        expect(answer.body.errors).toEqual([{ field: 'sku', message: `unknown product ${s}` }]);
      }
      for (const quantity of [-1, 1.5, '2', null]) {
        const answer = await put(alice, sku('MUG'), quantity);
        expectProblem(answer, 400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'quantity' })]);
      }
      const badSku = await put(alice, 'bad sku!', 1);
      expectProblem(badSku, 400);
      expect(badSku.body.errors).toEqual([
        expect.objectContaining({ field: 'sku', location: 'path' }),
      ]);
      const extra = await api('PUT', `/api/cart/items/${sku('MUG')}`, {
        token: alice,
        body: { quantity: 1, price: 1 },
      });
      expectProblem(extra, 400);
      expect((await cart(alice)).body.lines).toEqual([]);
    });

    it('caps a line at 99 and a cart at 50 lines with 422s naming the field', async () => {
      const tooMany = await put(alice, sku('MUG'), 100);
      expectProblem(tooMany, 422);
      expect(tooMany.body.errors).toEqual([{ field: 'quantity', message: 'must be at most 99' }]);
      expect((await put(alice, sku('MUG'), 99)).status).toBe(200);
      await api('DELETE', '/api/cart', { token: alice });
      const fifty = await merge(
        alice,
        LIMIT_SKUS.slice(0, 50).map((s) => ({ sku: s, quantity: 1 })),
      );
      expect(fifty.status).toBe(200);
      expect(fifty.body.lines).toHaveLength(50);
      const fiftyFirst = await put(alice, LIMIT_SKUS[50] as string, 1);
      expectProblem(fiftyFirst, 422);
      expect(fiftyFirst.body.errors).toEqual([expect.objectContaining({ field: 'sku' })]);
      // changing an existing line is still fine at the limit
      expect((await put(alice, LIMIT_SKUS[0] as string, 2)).status).toBe(200);
      const mergedOver = await merge(alice, [{ sku: LIMIT_SKUS[50], quantity: 1 }]);
      expectProblem(mergedOver, 422);
      expect(mergedOver.body.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
      expect((await cart(alice)).body.lines).toHaveLength(50);
    });

    it('merges a guest cart: quantities add up, capped at 99; an unknown sku refuses the merge', async () => {
      await put(alice, sku('MUG'), 90);
      await put(alice, sku('TEE'), 1);
      const merged = await merge(alice, [
        { sku: sku('MUG'), quantity: 20 },
        { sku: sku('FEW'), quantity: 1 },
        { sku: sku('FEW'), quantity: 2 },
        { sku: sku('TEE'), quantity: 4 },
      ]);
      expect(merged.status).toBe(200);
      expect(
        merged.body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]),
      ).toEqual([
        [sku('MUG'), 99],
        [sku('TEE'), 5],
        [sku('FEW'), 3],
      ]);
      const refused = await merge(alice, [
        { sku: sku('TEE'), quantity: 1 },
        { sku: sku('NOPE'), quantity: 1 },
      ]);
      expectProblem(refused, 422);
      expect(refused.body.errors).toEqual([
        { field: 'lines.1.sku', message: `unknown product ${sku('NOPE')}` },
      ]);
      expect((await cart(alice)).body.lines).toEqual(merged.body.lines);
      expect((await merge(alice, [])).body.lines).toEqual(merged.body.lines);
      const bad = await merge(alice, [{ sku: sku('TEE'), quantity: 0 }]);
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.quantity' })]);
    });

    it("keeps each customer's cart their own", async () => {
      await put(alice, sku('MUG'), 1);
      await api('DELETE', '/api/cart', { token: bob });
      expect((await cart(bob)).body.lines).toEqual([]);
      await put(bob, sku('TEE'), 2);
      expect((await cart(alice)).body.lines.map((l: { sku: string }) => l.sku)).toEqual([
        sku('MUG'),
      ]);
      expect((await cart(bob)).body.lines.map((l: { sku: string }) => l.sku)).toEqual([sku('TEE')]);
      expect((await api('DELETE', '/api/cart', { token: bob })).status).toBe(204);
      expect((await cart(alice)).body.lines).toHaveLength(1);
    });

    it('shows the cart without stock hints while inventory is down', async () => {
      await put(alice, sku('MUG'), 1);
      const answer = await call(noInventory.baseUrl, 'GET', '/api/cart', { token: alice });
      expect(answer.status).toBe(200);
      expect(answer.body.lines).toEqual([
        expect.objectContaining({ sku: sku('MUG'), unitPrice: 1299, stock: null }),
      ]);
    });
  });

  describe('checkout', () => {
    beforeEach(async () => {
      expect((await api('DELETE', '/api/cart', { token: carol })).status).toBe(204);
    });

    it('requires an Idempotency-Key and a non-empty cart', async () => {
      const missing = await checkout(carol);
      expectProblem(missing, 400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      expectProblem(await checkout(carol, 'has spaces in it'), 400);
      const empty = await checkout(carol, `empty-${suffix}`);
      expectProblem(empty, 422);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
    });

    it('places the order at catalog prices, empties the cart, and replays it for the same key', async () => {
      const before = await stock(sku('MUG'));
      await put(carol, sku('MUG'), 2);
      await put(carol, sku('TEE'), 1);
      const key = `co-${suffix}`;
      const placed = await checkout(carol, key);
      expect(placed.status).toBe(201);
      expect(placed.headers.get('location')).toBe(`/api/orders/${placed.body.id}`);
      expect(placed.headers.get('idempotent-replayed')).toBe('false');
      expect(placed.body).toMatchObject({
        status: 'CONFIRMED',
        customerId: subjectOf(carol),
        total: 2 * 1299 + 2500,
        currency: 'USD',
        lines: [
          { sku: sku('MUG'), name: 'Cart MUG', quantity: 2, unitPrice: 1299, lineTotal: 2598 },
          { sku: sku('TEE'), name: 'Cart TEE', quantity: 1, unitPrice: 2500, lineTotal: 2500 },
        ],
      });
      expect((await cart(carol)).body.lines).toEqual([]);
      expect(await stock(sku('MUG'))).toBe(before - 2);

      const again = await checkout(carol, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(placed.body);
      // a later cart with the same key still replays that order, and keeps its lines
      await put(carol, sku('TEE'), 1);
      expect((await checkout(carol, key)).body.id).toBe(placed.body.id);
      expect((await cart(carol)).body.lines).toHaveLength(1);
      expect(await ordersOf(subjectOf(carol))).toEqual([{ id: placed.body.id }]);
      const read = await api('GET', `/api/orders/${placed.body.id}`, { token: carol });
      expect(read.body).toEqual(placed.body);
    });

    it('makes one order of a double click', async () => {
      const ordersBefore = (await ordersOf(subjectOf(carol))).length;
      await put(carol, sku('MUG'), 1);
      const key = `dbl-${suffix}`;
      const answers = await Promise.all([1, 2, 3, 4].map(() => checkout(carol, key)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'false')).toHaveLength(
        1,
      );
      expect((await ordersOf(subjectOf(carol))).length).toBe(ordersBefore + 1);
      expect((await cart(carol)).body.lines).toEqual([]);
    });

    it('answers 409 naming a sold-out sku and leaves the cart and stock as they were', async () => {
      await put(carol, sku('TEE'), 1);
      await put(carol, sku('LAST'), 1);
      await setStock(sku('LAST'), 0);
      try {
        const before = (await cart(carol)).body;
        const teeBefore = await stock(sku('TEE'));
        const ordersBefore = (await ordersOf(subjectOf(carol))).length;
        const refused = await checkout(carol, `sold-${suffix}`);
        expectProblem(refused, 409);
        expect(refused.body.shortages).toEqual([
          expect.objectContaining({ sku: sku('LAST'), requested: 1, available: 0 }),
        ]);
        expect(refused.body.detail).toContain(sku('LAST'));
        expect((await cart(carol)).body).toEqual(before);
        expect(await stock(sku('TEE'))).toBe(teeBefore);
        expect((await ordersOf(subjectOf(carol))).length).toBe(ordersBefore);
        // the shopper fixes the cart; the same key now places the order
        await put(carol, sku('LAST'), 0);
        const placed = await checkout(carol, `sold-${suffix}`);
        expect(placed.status).toBe(201);
        expect(placed.body.lines.map((l: { sku: string }) => l.sku)).toEqual([sku('TEE')]);
      } finally {
        await setStock(sku('LAST'), 1);
      }
    });

    it('answers 503 with Retry-After while inventory is down, ordering nothing', async () => {
      await put(carol, sku('MUG'), 1);
      const ordersBefore = (await ordersOf(subjectOf(carol))).length;
      const refused = await checkout(carol, `down-${suffix}`, noInventory.baseUrl);
      expectProblem(refused, 503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await cart(carol)).body.lines).toHaveLength(1);
      expect((await ordersOf(subjectOf(carol))).length).toBe(ordersBefore);
    });

    it('refuses a key used for a plain order', async () => {
      const key = `plain-${suffix}`;
      const plain = await api('POST', '/api/orders', {
        token: carol,
        body: { lines: [{ sku: sku('TEE'), quantity: 1 }] },
        headers: { 'idempotency-key': key },
      });
      expect(plain.status).toBe(201);
      await put(carol, sku('TEE'), 1);
      expectProblem(await checkout(carol, key), 422);
      expect((await cart(carol)).body.lines).toHaveLength(1);
    });
  });
});
