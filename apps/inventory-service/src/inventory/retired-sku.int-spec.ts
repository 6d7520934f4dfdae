import {
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { call, dropDatabase } from '../test/inventory-test-kit';

interface Level {
  sku: string;
  available: number;
  inStock: boolean;
  known: boolean;
  retired?: boolean;
}

/**
 * A deleted product's sku is retired: inventory (told by product-events) no longer reports it in
 * stock, and order-service refuses to sell it, naming it. Real product, inventory and order
 * instances on scratch databases, the real Kafka in between.
 */
describe('a deleted product is retired, not orderable', () => {
  const catalog = scratchDatabase('retcat');
  const inventoryDb = scratchDatabase('retinv');
  const ordersDb = scratchDatabase('retord');
  const sku = `RET-${uniqueSuffix()}`.toUpperCase();
  const kept = `KEEP-${uniqueSuffix()}`.toUpperCase();
  let product: ServiceProcess;
  let inventory: ServiceProcess;
  let order: ServiceProcess;
  let admin: string;
  let alice: string;
  let productId: string;

  const levels = async (...skus: string[]) => {
    const reply = await call<Level[]>(
      inventory.baseUrl,
      'GET',
      `/api/inventory?${skus.map((s) => `sku=${s}`).join('&')}`,
    );
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const place = (lineSku: string) =>
    fetch(`${order.baseUrl}/api/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ lines: [{ sku: lineSku, quantity: 1 }] }),
    });
  const create = async (s: string) => {
    const reply = await call<{ id: string }>(product.baseUrl, 'POST', '/api/products', {
      token: admin,
      body: {
        sku: s,
        name: `Retire test ${s}`,
        description: 'made by retired-sku.int-spec',
        category: 'test',
        price: 1000,
        currency: 'USD',
      },
    });
    expect(reply.status).toBe(201);
    expect(
      (
        await call(inventory.baseUrl, 'PUT', `/api/inventory/${s}`, {
          token: admin,
          body: { available: 25 },
        })
      ).status,
    ).toBe(200);
    return reply.body.id;
  };

  beforeAll(async () => {
    [admin, alice] = await Promise.all([userToken('admin'), userToken('alice')]);
    [product, inventory] = await Promise.all([
      startService('product-service', { MONGO_DATABASE: catalog, OUTBOX_POLL_MS: '100' }),
      startService('inventory-service', { MYSQL_DATABASE: inventoryDb }),
    ]);
    order = await startService('order-service', {
      MYSQL_DATABASE: ordersDb,
      SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`,
    });
    productId = await create(sku);
    await create(kept);
  });

  afterAll(async () => {
    await Promise.all([order?.stop(), inventory?.stop(), product?.stop()]);
    await Promise.all([dropDatabase(inventoryDb), dropDatabase(ordersDb), dropMongo(catalog)]);
  });

  it('sells the sku while its product exists', async () => {
    expect(await levels(sku)).toEqual([{ sku, available: 25, inStock: true, known: true }]);
    expect((await place(sku)).status).toBe(201);
  });

  it('reports the sku retired and not in stock once the product is deleted', async () => {
    const deleted = await call(product.baseUrl, 'DELETE', `/api/products/${productId}`, {
      token: admin,
    });
    expect(deleted.status).toBe(204);
    const started = Date.now();
    const [level] = await waitFor(
      async () => {
        const answer = await levels(sku);
        return answer[0]?.retired ? answer : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, label: 'inventory to hear of the deletion' },
    );
    console.log(`[retired] inventory knew ${Date.now() - started} ms after the delete`);
    // the existing fields stay; stock on the shelf is still reported, but it is not for sale
    expect(level).toEqual({ sku, available: 24, inStock: false, known: true, retired: true });
    // the admin's own view says so too; other skus are untouched
    const detail = await call<Level>(inventory.baseUrl, 'GET', `/api/inventory/${sku}`, {
      token: admin,
    });
    expect(detail.body).toMatchObject({ sku, inStock: false, retired: true });
    expect(await levels(kept)).toEqual([{ sku: kept, available: 25, inStock: true, known: true }]);
  });

  it('refuses an order for the retired sku with a 422 naming it', async () => {
    const response = await place(sku);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { detail: string; unknownSkus: string[] };
    expect(problem.unknownSkus).toEqual([sku]);
    expect(problem.detail).toContain(sku);
    expect(problem.detail).toMatch(/retired/);
    // nothing was reserved for the refused order
    expect((await levels(sku))[0].available).toBe(24);
    expect((await place(kept)).status).toBe(201);
  });
});

async function dropMongo(database: string): Promise<void> {
  const url = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017';
  const connection = await mongoose
    .createConnection(url, { dbName: database, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
