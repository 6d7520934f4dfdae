import { ServiceProcess, startService, uniqueSuffix, userToken, waitFor } from '@mstore/testing';
import { MongoClient } from 'mongodb';
import {
  call,
  rsaKey,
  servedCount,
  signToken,
  startGateway,
  startJwksServer,
  TestKey,
} from './test/gateway-test-kit';

/**
 * The catalog cache serves signed-in shoppers too, in front of a real product-service: a sent
 * token is verified first, then the shared (anonymous) copy answers; and a caller's catalog misses
 * have a budget of their own.
 */
describe('api-gateway catalog cache for signed-in shoppers', () => {
  const database = `mstore_test_gw_signed_${uniqueSuffix()}`;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let trusted: TestKey;
  let foreign: TestKey;
  let products: ServiceProcess;
  let gateway: ServiceProcess;
  let alice: string;
  let bob: string;
  let admin: string;
  let id: string;

  /** A query no earlier read asked: a price bound above every product. */
  let seq = 0;
  const unique = () => 1_000_000 + ++seq;

  /** Catalog reads product-service itself answered, from its own metrics. */
  const catalogServed = async () =>
    (await servedCount(products, '/api/products')) +
    (await servedCount(products, '/api/products/:id')) +
    (await servedCount(products, '/api/categories'));

  beforeAll(async () => {
    [trusted, foreign, alice, bob, admin] = await Promise.all([
      rsaKey('gw-signed-trusted'),
      rsaKey('gw-signed-foreign'),
      userToken('alice'),
      userToken('bob'),
      userToken('admin'),
    ]);
    jwks = await startJwksServer([trusted.jwk]);
    products = await startService('product-service', {
      MONGO_DATABASE: database,
      OUTBOX_POLL_MS: '100',
    });
    gateway = await startGateway({
      KEYCLOAK_URL: jwks.url,
      SERVICE_URLS: `PRODUCT-SERVICE=${products.baseUrl}`,
      // a long TTL: only a product event or a write through this gateway can explain a fresh answer
      CATALOG_CACHE_TTL_MS: '120000',
    });
    const created = await call(gateway.baseUrl, 'POST', '/api/products', {
      token: admin,
      body: {
        sku: `GW-SIGNED-${uniqueSuffix()}`,
        name: 'Signed-in mug',
        description: 'for the signed-in cache test',
        category: 'test',
        price: 1499,
        currency: 'USD',
      },
    });
    expect(created.status).toBe(201);
    id = created.json<{ id: string }>().id;
    // the cache is used once this gateway's product-events consumer has joined its group
    await waitFor(
      async () =>
        (await call(gateway.baseUrl, 'GET', `/api/products/${id}`)).headers.get('x-cache') ===
        'hit',
      { timeoutMs: 30_000, label: 'a cache hit' },
    );
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), products?.stop()]);
    await jwks?.close();
    const client = await MongoClient.connect(
      process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
    );
    await client
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  const read = (path: string, token?: string, headers: Record<string, string> = {}) =>
    call(gateway.baseUrl, 'GET', path, { token, headers });

  /**
   * Product events from other suites' services on the shared broker clear this gateway's cache
   * too, at any moment: an attempt a foreign invalidation fell into is tried again.
   */
  const untilCached = <T>(attempt: () => Promise<T | undefined>) =>
    waitFor(attempt, {
      timeoutMs: 30_000,
      intervalMs: 200,
      label: 'an attempt no invalidation disturbed',
    });

  it('serves a signed-in read from the copy an anonymous read left, without reaching product-service', async () => {
    const seen = await untilCached(async () => {
      const path = `/api/products?category=test&sort=name&maxPrice=${unique()}`;
      const anonymous = await read(path);
      const before = await catalogServed();
      const signedIn = [];
      for (const token of [alice, bob, admin]) signedIn.push(await read(path, token));
      const detail = await read(`/api/products/${id}`, alice);
      const after = await catalogServed();
      return [...signedIn, detail].every((r) => r.headers.get('x-cache') === 'hit')
        ? { anonymous, signedIn, detail, before, after }
        : undefined;
    });
    expect(seen.anonymous.status).toBe(200);
    expect(seen.anonymous.headers.get('x-cache')).toBe('miss');
    for (const reply of seen.signedIn) {
      expect(reply.status).toBe(200);
      expect(reply.text).toBe(seen.anonymous.text);
      expect(reply.headers.get('etag')).toBe(seen.anonymous.headers.get('etag'));
    }
    expect(seen.detail.json<{ id: string }>().id).toBe(id);
    // none of them reached product-service
    expect(seen.after).toBe(seen.before);
  });

  it('serves the category list the same way', async () => {
    const seen = await untilCached(async () => {
      const anonymous = await read('/api/categories');
      const before = await catalogServed();
      const signedIn = await read('/api/categories', alice);
      const served = (await catalogServed()) - before;
      return signedIn.headers.get('x-cache') === 'hit'
        ? { anonymous, signedIn, served }
        : undefined;
    });
    expect(seen.anonymous.status).toBe(200);
    expect(seen.signedIn.text).toBe(seen.anonymous.text);
    expect(seen.signedIn.json<{ slug: string }[]>().map((c) => c.slug)).toContain('test');
    expect(seen.served).toBe(0);
  });

  it('shares what a signed-in miss fetched with everyone, and answers If-None-Match from it', async () => {
    const seen = await untilCached(async () => {
      const path = `/api/products?q=mug&maxPrice=${unique()}`;
      const first = await read(path, alice);
      const before = await catalogServed();
      const anonymous = await read(path);
      const revalidated = await read(path, bob, { 'if-none-match': first.headers.get('etag')! });
      const after = await catalogServed();
      return anonymous.headers.get('x-cache') === 'hit' &&
        revalidated.headers.get('x-cache') === 'hit'
        ? { first, anonymous, revalidated, before, after }
        : undefined;
    });
    expect(seen.first.status).toBe(200);
    expect(seen.first.headers.get('x-cache')).toBe('miss');
    expect(seen.anonymous.text).toBe(seen.first.text);
    expect(seen.revalidated.status).toBe(304);
    expect(seen.after).toBe(seen.before);
  });

  it('verifies a sent token before the cache: a bad or expired one is 401 though the answer is cached', async () => {
    const path = `/api/products/${id}`;
    const bad = [
      'not-a-jwt',
      await signToken(trusted, { sub: 'late', expiresInSeconds: -30 }),
      await signToken(foreign, { sub: 'stranger' }),
      `${alice.slice(0, -4)}AAAA`,
    ];
    const seen = await untilCached(async () => {
      if ((await read(path)).headers.get('x-cache') !== 'hit') return undefined;
      const before = await catalogServed();
      const replies = [];
      for (const token of bad) replies.push(await read(path, token));
      const still = await read(path);
      return still.headers.get('x-cache') === 'hit'
        ? { replies, before, after: await catalogServed() }
        : undefined;
    });
    for (const reply of seen.replies) {
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(reply.headers.get('x-cache')).toBeNull();
      expect(reply.text).not.toContain('Signed-in mug');
    }
    expect(seen.after).toBe(seen.before);
  });

  it('serves no cached copy of a product once it is deleted, to anyone', async () => {
    const path = `/api/products/${id}`;
    await untilCached(async () => (await read(path, admin)).headers.get('x-cache') === 'hit');
    const removed = await call(gateway.baseUrl, 'DELETE', path, { token: admin });
    expect(removed.status).toBe(204);
    for (const token of [undefined, alice, admin]) {
      const reply = await read(path, token);
      expect(reply.status).toBe(404);
      expect(reply.text).not.toContain('Signed-in mug');
    }
    const list = await read('/api/products?category=test&pageSize=100', admin);
    expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).not.toContain(id);
  });

  describe('the catalog-miss budget', () => {
    let limited: ServiceProcess;
    beforeAll(async () => {
      limited = await startGateway({
        SERVICE_URLS: `PRODUCT-SERVICE=${products.baseUrl}`,
        CATALOG_CACHE_TTL_MS: '120000',
        CATALOG_MISS_BURST: '3',
        CATALOG_MISS_RATE_PER_S: '1',
      });
      await waitFor(
        async () =>
          (await call(limited.baseUrl, 'GET', '/api/products?pageSize=7')).headers.get(
            'x-cache',
          ) === 'hit',
        { timeoutMs: 30_000, label: 'a cache hit' },
      );
      // a full bucket again
      await new Promise((r) => setTimeout(r, 3100));
    });
    afterAll(() => limited?.stop());

    it('answers 429 problem+json with Retry-After past the misses, while cached answers still flow', async () => {
      const search = (token?: string) =>
        call(limited.baseUrl, 'GET', `/api/products?q=${uniqueSuffix()}`, { token });
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await search(alice));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      expect(replies.map((r) => r.headers.get('ratelimit-limit'))).toEqual(Array(5).fill('3'));
      expect(replies[0].headers.get('ratelimit-remaining')).toBe('2');
      const refused = replies[3];
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // a cached answer costs no miss: alice still gets it (warmed by anonymous reads, whose
      // misses the IP pays; tried again should a foreign product event clear it in between)
      const warm = '/api/products?pageSize=7';
      const hit = await untilCached(async () => {
        await untilCached(
          async () => (await call(limited.baseUrl, 'GET', warm)).headers.get('x-cache') === 'hit',
        );
        const reply = await call(limited.baseUrl, 'GET', warm, { token: alice });
        return reply.status === 200 ? reply : undefined;
      });
      expect(hit.headers.get('x-cache')).toBe('hit');
      // and bob (same IP) has a budget of his own
      expect((await search(bob)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await search(alice)).status).toBe(200);
    });
  });
});
