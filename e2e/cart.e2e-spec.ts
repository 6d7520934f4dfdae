import { categoryName, DEMO_CATALOG } from '@mstore/contracts';
import { userToken } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { Fleet, mysqlQuery } from './support/fleet';
import { call, unexpected5xx } from './support/http-client';
import { isProblemAnswer, storeClient, type StoreProblem } from './support/store-api';

/** The store API the storefront needs (categories, cart, checkout), through a private gateway. */
describe('cart and checkout through the gateway', () => {
  let fleet: Fleet;
  let alice: string;
  let bob: string;
  let admin: string;
  /** The store API through the SDK, as `token`'s user (anonymous without one). */
  const store = (token?: string) => storeClient(fleet.url, token);
  const put = (token: string, sku: string, quantity: number) =>
    store(token).PUT('/api/cart/items/{sku}', { params: { path: { sku } }, body: { quantity } });
  const [A, B, C, D] = DEMO_CATALOG.slice(0, 4).map((p) => p.sku) as [
    string,
    string,
    string,
    string,
  ];
  const priceOf = (sku: string) => DEMO_CATALOG.find((p) => p.sku === sku)?.price as number;
  const quantities = (body: { lines: { sku: string; quantity: number }[] }) =>
    body.lines.map((l) => [l.sku, l.quantity]);
  const checkout = (token: string, key?: string) =>
    store(token).POST('/api/cart/checkout', {
      // the contract requires the key; an undefined one is left out (the 400 under test)
      params: { header: { 'Idempotency-Key': key as string } },
    });
  const subjectOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).sub as string;

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all(['alice', 'bob', 'admin'].map((u) => userToken(u)));
    fleet = await Fleet.start({ label: 'cart', notifications: false });
  });

  afterAll(() => fleet?.stop());

  afterEach(() => expect(unexpected5xx()).toEqual([]));

  it('lists the categories for anyone, cached like the product list', async () => {
    const counts = new Map<string, number>();
    for (const p of DEMO_CATALOG) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    const expected = [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([slug, count]) => ({ slug, name: categoryName(slug), count }));
    const first = await store().GET('/api/categories');
    expect(first.response.status).toBe(200);
    expect(first.data).toEqual(expected);
    expect(first.data).toContainEqual({
      slug: 'home-kitchen',
      name: 'Home & Kitchen',
      count: counts.get('home-kitchen'),
    });
    const again = await store(alice).GET('/api/categories');
    expect(again.data).toEqual(expected);
    expect(again.response.headers.get('x-cache')).toBe('hit');
    // a method the contract does not have (the 405 is the point), so not through the typed SDK
    const refused = await call(fleet.url, 'POST', '/api/categories', { token: admin, body: {} });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toContain('GET');
  });

  it('filters products by sku and answers facets', async () => {
    const answer = await store().GET('/api/products', {
      params: { query: { sku: [A, B], facets: 'true' } },
    });
    expect(answer.response.status).toBe(200);
    expect(answer.data!.items.map((p) => p.sku).sort()).toEqual([A, B].sort());
    expect(answer.data!.facets!.price).toEqual({
      min: Math.min(priceOf(A), priceOf(B)),
      max: Math.max(priceOf(A), priceOf(B)),
    });
  });

  it('keeps a cart per customer: alice fills hers and merges a guest cart, bob sees only his', async () => {
    await store(alice).DELETE('/api/cart');
    await store(bob).DELETE('/api/cart');
    expect((await put(alice, A, 2)).response.status).toBe(200);
    expect((await put(alice, B, 1)).response.status).toBe(200);
    const merged = await store(alice).POST('/api/cart/merge', {
      body: {
        lines: [
          { sku: B, quantity: 2 },
          { sku: C, quantity: 1 },
        ],
      },
    });
    expect(merged.response.status).toBe(200);
    expect(quantities(merged.data!)).toEqual([
      [A, 2],
      [B, 3],
      [C, 1],
    ]);
    expect(merged.data!.total).toBe(2 * priceOf(A) + 3 * priceOf(B) + priceOf(C));
    expect(merged.data!.lines[0]).toMatchObject({
      name: DEMO_CATALOG[0]?.name,
      unitPrice: priceOf(A),
      priceChanged: false,
      stock: { status: 'in-stock' },
    });

    const bobs = await store(bob).GET('/api/cart');
    expect(bobs.response.status).toBe(200);
    expect(bobs.data!.lines).toEqual([]);
    await put(bob, D, 1);
    expect(quantities((await store(alice).GET('/api/cart')).data!)).toEqual(
      quantities(merged.data!),
    );
    expect(quantities((await store(bob).GET('/api/cart')).data!)).toEqual([[D, 1]]);

    const anonymous = await store().GET('/api/cart');
    expect(anonymous.response.status).toBe(401);
    expect(isProblemAnswer(anonymous)).toBe(true);
    const tooMany = await put(alice, A, 100);
    expect(tooMany.response.status).toBe(422);
    expect(tooMany.error!.errors).toEqual([expect.objectContaining({ field: 'quantity' })]);
  });

  it('checks out once for a retried key, leaving an empty cart', async () => {
    const missing = await checkout(alice);
    expect(missing.response.status).toBe(400);
    expect(isProblemAnswer(missing)).toBe(true);
    const cart = (await store(alice).GET('/api/cart')).data!;
    const key = randomUUID();
    const first = await checkout(alice, key);
    expect(first.response.status).toBe(201);
    expect(first.data).toMatchObject({ status: 'CONFIRMED', total: cart.total, currency: 'USD' });
    expect(first.data!.lines.map((l) => [l.sku, l.quantity])).toEqual(quantities(cart));
    const second = await checkout(alice, key);
    expect(second.response.status).toBe(201);
    expect(second.data!.id).toBe(first.data!.id);
    expect(second.response.headers.get('idempotent-replayed')).toBe('true');
    expect((await store(alice).GET('/api/cart')).data!.lines).toEqual([]);
    const rows = await mysqlQuery(
      fleet.databases.orders,
      'SELECT id FROM orders WHERE customerId = ?',
      [subjectOf(alice)],
    );
    expect(rows).toEqual([{ id: first.data!.id }]);
    const order = (token: string) =>
      store(token).GET('/api/orders/{id}', { params: { path: { id: first.data!.id } } });
    expect((await order(alice)).response.status).toBe(200);
    expect((await order(bob)).response.status).toBe(404);
    const empty = await checkout(alice, randomUUID());
    expect(empty.response.status).toBe(422);
  });

  it('answers 409 naming a sold-out line and leaves the cart unchanged', async () => {
    await put(alice, A, 1);
    await put(alice, D, 1);
    const soldOut = await store(admin).PUT('/api/inventory/{sku}', {
      params: { path: { sku: D } },
      body: { available: 0 },
    });
    expect(soldOut.response.status).toBe(200);
    const before = await store(alice).GET('/api/cart');
    expect(before.data!.lines[1]).toMatchObject({
      sku: D,
      stock: { status: 'sold-out', available: 0 },
    });
    const refused = await checkout(alice, randomUUID());
    expect(refused.response.status).toBe(409);
    expect(isProblemAnswer(refused)).toBe(true);
    expect((refused.error as StoreProblem).shortages!.map((s) => s.sku)).toEqual([D]);
    expect((await store(alice).GET('/api/cart')).data).toEqual(before.data);
  });
});
