import { categoryName, DEMO_CATALOG } from '@mstore/contracts';
import { userToken } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { Fleet, mysqlQuery } from './support/fleet';
import { call, isProblem, unexpected5xx } from './support/http-client';

/** The store API the storefront needs (categories, cart, checkout), through a private gateway. */
describe('cart and checkout through the gateway', () => {
  let fleet: Fleet;
  let alice: string;
  let bob: string;
  let admin: string;
  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(fleet.url, method, path, options);
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
    api('POST', '/api/cart/checkout', {
      token,
      headers: key ? { 'idempotency-key': key } : {},
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
    const first = await api('GET', '/api/categories');
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expected);
    expect(first.body).toContainEqual({
      slug: 'home-kitchen',
      name: 'Home & Kitchen',
      count: counts.get('home-kitchen'),
    });
    const again = await api('GET', '/api/categories', { token: alice });
    expect(again.body).toEqual(expected);
    expect(again.headers.get('x-cache')).toBe('hit');
    const refused = await api('POST', '/api/categories', { token: admin, body: {} });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toContain('GET');
  });

  it('filters products by sku and answers facets', async () => {
    const answer = await api('GET', `/api/products?sku=${A}&sku=${B}&facets=true`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((p: { sku: string }) => p.sku).sort()).toEqual([A, B].sort());
    expect(answer.body.facets.price).toEqual({
      min: Math.min(priceOf(A), priceOf(B)),
      max: Math.max(priceOf(A), priceOf(B)),
    });
  });

  it('keeps a cart per customer: alice fills hers and merges a guest cart, bob sees only his', async () => {
    await api('DELETE', '/api/cart', { token: alice });
    await api('DELETE', '/api/cart', { token: bob });
    expect(
      (await api('PUT', `/api/cart/items/${A}`, { token: alice, body: { quantity: 2 } })).status,
    ).toBe(200);
    expect(
      (await api('PUT', `/api/cart/items/${B}`, { token: alice, body: { quantity: 1 } })).status,
    ).toBe(200);
    const merged = await api('POST', '/api/cart/merge', {
      token: alice,
      body: {
        lines: [
          { sku: B, quantity: 2 },
          { sku: C, quantity: 1 },
        ],
      },
    });
    expect(merged.status).toBe(200);
    expect(quantities(merged.body)).toEqual([
      [A, 2],
      [B, 3],
      [C, 1],
    ]);
    expect(merged.body.total).toBe(2 * priceOf(A) + 3 * priceOf(B) + priceOf(C));
    expect(merged.body.lines[0]).toMatchObject({
      name: DEMO_CATALOG[0]?.name,
      unitPrice: priceOf(A),
      priceChanged: false,
      stock: { status: 'in-stock' },
    });

    const bobs = await api('GET', '/api/cart', { token: bob });
    expect(bobs.status).toBe(200);
    expect(bobs.body.lines).toEqual([]);
    await api('PUT', `/api/cart/items/${D}`, { token: bob, body: { quantity: 1 } });
    expect(quantities((await api('GET', '/api/cart', { token: alice })).body)).toEqual(
      quantities(merged.body),
    );
    expect(quantities((await api('GET', '/api/cart', { token: bob })).body)).toEqual([[D, 1]]);

    const anonymous = await api('GET', '/api/cart');
    expect(anonymous.status).toBe(401);
    expect(isProblem(anonymous)).toBe(true);
    const tooMany = await api('PUT', `/api/cart/items/${A}`, {
      token: alice,
      body: { quantity: 100 },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'quantity' })]);
  });

  it('checks out once for a retried key, leaving an empty cart', async () => {
    const missing = await checkout(alice);
    expect(missing.status).toBe(400);
    expect(isProblem(missing)).toBe(true);
    const cart = (await api('GET', '/api/cart', { token: alice })).body;
    const key = randomUUID();
    const first = await checkout(alice, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'CONFIRMED', total: cart.total, currency: 'USD' });
    expect(
      first.body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]),
    ).toEqual(quantities(cart));
    const second = await checkout(alice, key);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await api('GET', '/api/cart', { token: alice })).body.lines).toEqual([]);
    const rows = await mysqlQuery(
      fleet.databases.orders,
      'SELECT id FROM orders WHERE customerId = ?',
      [subjectOf(alice)],
    );
    expect(rows).toEqual([{ id: first.body.id }]);
    expect((await api('GET', `/api/orders/${first.body.id}`, { token: alice })).status).toBe(200);
    expect((await api('GET', `/api/orders/${first.body.id}`, { token: bob })).status).toBe(404);
    const empty = await checkout(alice, randomUUID());
    expect(empty.status).toBe(422);
  });

  it('answers 409 naming a sold-out line and leaves the cart unchanged', async () => {
    await api('PUT', `/api/cart/items/${A}`, { token: alice, body: { quantity: 1 } });
    await api('PUT', `/api/cart/items/${D}`, { token: alice, body: { quantity: 1 } });
    const soldOut = await api('PUT', `/api/inventory/${D}`, {
      token: admin,
      body: { available: 0 },
    });
    expect(soldOut.status).toBe(200);
    const before = await api('GET', '/api/cart', { token: alice });
    expect(before.body.lines[1]).toMatchObject({
      sku: D,
      stock: { status: 'sold-out', available: 0 },
    });
    const refused = await checkout(alice, randomUUID());
    expect(refused.status).toBe(409);
    expect(isProblem(refused)).toBe(true);
    expect(refused.body.shortages.map((s: { sku: string }) => s.sku)).toEqual([D]);
    expect((await api('GET', '/api/cart', { token: alice })).body).toEqual(before.body);
  });
});
