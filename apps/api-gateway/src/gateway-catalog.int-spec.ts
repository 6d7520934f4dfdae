import { ServiceProcess, startService, uniqueSuffix, userToken, waitFor } from '@mstore/testing';
import { MongoClient } from 'mongodb';
import { call, startGateway } from './test/gateway-test-kit';

/** ETag/304 and the catalog cache in front of a real product-service, cleared by real product-events. */
describe('api-gateway catalog cache', () => {
  const database = `mstore_test_gw_catalog_${uniqueSuffix()}`;
  let products: ServiceProcess;
  let gateway: ServiceProcess;
  let admin: string;
  let id: string;

  beforeAll(async () => {
    admin = await userToken('admin');
    products = await startService('product-service', {
      MONGO_DATABASE: database,
      OUTBOX_POLL_MS: '100',
    });
    // a long TTL: only a product event can explain a fresh answer within it
    gateway = await startGateway({
      SERVICE_URLS: `PRODUCT-SERVICE=${products.baseUrl}`,
      CATALOG_CACHE_TTL_MS: '120000',
    });
    const created = await call(gateway.baseUrl, 'POST', '/api/products', {
      token: admin,
      body: {
        sku: `GW-CAT-${uniqueSuffix()}`,
        name: 'Gateway mug',
        description: 'for the cache test',
        category: 'test',
        price: 1299,
        currency: 'USD',
      },
    });
    expect(created.status).toBe(201);
    id = created.json<{ id: string }>().id;
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), products?.stop()]);
    const client = await MongoClient.connect(
      process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
    );
    await client
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  const read = (headers: Record<string, string> = {}) =>
    call(gateway.baseUrl, 'GET', `/api/products/${id}`, { headers });

  it('serves public reads with an ETag, from memory once the event consumer is live', async () => {
    const first = await read();
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^(W\/)?"[^"]+"$/);
    await waitFor(async () => (await read()).headers.get('x-cache') === 'hit', {
      timeoutMs: 30_000,
      label: 'a cache hit',
    });
    const list = await call(gateway.baseUrl, 'GET', '/api/products?category=test');
    expect(list.status).toBe(200);
    expect(list.headers.get('etag')).toMatch(/^"[^"]+"$/);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const etag = (await read()).headers.get('etag')!;
    const revalidated = await read({ 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await read({ 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('drops the cached copy when product-events report an update made elsewhere', async () => {
    const before = await read();
    const oldEtag = before.headers.get('etag')!;
    // straight to the service, not through this gateway: only the Kafka event can tell the gateway
    const patched = await call(products.baseUrl, 'PATCH', `/api/products/${id}`, {
      token: admin,
      body: { name: 'Renamed mug' },
    });
    expect(patched.status).toBe(200);
    const fresh = await waitFor(
      async () => {
        const reply = await read({ 'if-none-match': oldEtag });
        return reply.status === 200 && reply.json<{ name: string }>().name === 'Renamed mug'
          ? reply
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, label: 'the gateway to see the update' },
    );
    expect(fresh.headers.get('etag')).not.toBe(oldEtag);
  });

  it('serves reads that carry a token from the same cache', async () => {
    const reply = await call(gateway.baseUrl, 'GET', `/api/products/${id}`, { token: admin });
    expect(reply.status).toBe(200);
    // through the cache (a hit unless another suite's product event just cleared it)
    expect(reply.headers.get('x-cache')).not.toBeNull();
  });
});
