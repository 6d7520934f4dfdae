import { Connection } from 'mongoose';
import {
  declaringLength,
  scratchDatabase,
  serviceToken,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
} from '@mstore/testing';
import { call, newProduct } from '../test/http';
import { openDatabase } from '../test/mongo';

describe('product-service against FerretDB', () => {
  const dbName = scratchDatabase('products');
  const prefix = `T${uniqueSuffix()}`;
  let svc: ServiceProcess;
  let db: Connection;
  let admin: string;
  let alice: string;
  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(svc.baseUrl, method, path, options);
  const create = async (over: Record<string, unknown> = {}) => {
    const answer = await api('POST', '/api/products', {
      token: admin,
      body: newProduct(prefix, over),
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  beforeAll(async () => {
    svc = await startService('product-service', { MONGO_DATABASE: dbName, OUTBOX_POLL_MS: '100' });
    db = await openDatabase(dbName);
    [admin, alice] = await Promise.all([userToken('admin'), userToken('alice')]);
  });

  afterAll(async () => {
    await svc?.stop();
    await db?.dropDatabase();
    await db?.close();
  });

  describe('create and read', () => {
    it('creates with 201, Location and ETag, and reads it back', async () => {
      const body = newProduct(prefix, { imageUrl: 'https://images.example/mug.jpg' });
      const created = await api('POST', '/api/products', { token: admin, body });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...body, version: 1 });
      expect(created.headers.get('location')).toBe(`/api/products/${created.body.id}`);
      expect(created.headers.get('etag')).toBe('"1"');

      const read = await api('GET', created.headers.get('location')!);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual(created.body);
      expect(Object.keys(read.body).sort()).toEqual(
        [
          'id',
          'sku',
          'name',
          'description',
          'category',
          'price',
          'currency',
          'imageUrl',
          'version',
          'createdAt',
          'updatedAt',
        ].sort(),
      );
    });

    it('answers a duplicate sku with a 409 problem', async () => {
      const body = newProduct(prefix);
      expect((await api('POST', '/api/products', { token: admin, body })).status).toBe(201);
      const again = await api('POST', '/api/products', {
        token: admin,
        body: { ...body, name: 'Other' },
      });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(again.body).toMatchObject({ status: 409, title: 'Duplicate sku', sku: body.sku });
    });

    it.each([
      ['an unknown id', '64b0a0a0a0a0a0a0a0a0a0a0'],
      ['a malformed id', 'not-an-id'],
      ['an id with regex characters', '.*('],
    ])('answers %s with a 404 problem', async (_label, id) => {
      const answer = await api('GET', `/api/products/${encodeURIComponent(id)}`);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ status: 404, title: 'Product not found' });
    });
  });

  describe('who may write', () => {
    it('needs a token (401) with the admin role (403)', async () => {
      expect((await api('POST', '/api/products', { body: newProduct(prefix) })).status).toBe(401);
      const asAlice = await api('POST', '/api/products', {
        token: alice,
        body: newProduct(prefix),
      });
      expect(asAlice.status).toBe(403);
      const product = await create();
      expect(
        (await api('PATCH', `/api/products/${product.id}`, { token: alice, body: { price: 1 } }))
          .status,
      ).toBe(403);
      expect((await api('DELETE', `/api/products/${product.id}`, { token: alice })).status).toBe(
        403,
      );
    });
  });

  describe('validation', () => {
    it('names each bad or unknown field in a 400 problem', async () => {
      const answer = await api('POST', '/api/products', {
        token: admin,
        body: { ...newProduct(prefix), price: 12.5, currency: 'dollars', color: 'red' },
      });
      expect(answer.status).toBe(400);
      const fields = answer.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['price', 'currency']));
      expect(JSON.stringify(answer.body.errors)).toContain('color');
    });

    it('answers malformed JSON with 400 and a body over 1 MiB with 413', async () => {
      const bad = await api('POST', '/api/products', { token: admin, raw: '{"sku": ' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body).toMatchObject({
        status: 400,
        detail: expect.stringMatching(/not valid JSON/),
      });
      // declared, not sent: a client still writing a refused body may see EPIPE instead of the answer
      const huge = await declaringLength(
        svc.baseUrl,
        'POST',
        '/api/products',
        1024 * 1024 + 10,
        admin,
      );
      expect(huge.status).toBe(413);
      expect(huge.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(huge.body)).toMatchObject({ status: 413 });
    });

    it('rejects an empty patch and a patch of the sku', async () => {
      const product = await create();
      expect(
        (await api('PATCH', `/api/products/${product.id}`, { token: admin, body: {} })).status,
      ).toBe(400);
      const sku = await api('PATCH', `/api/products/${product.id}`, {
        token: admin,
        body: { sku: 'X' },
      });
      expect(sku.status).toBe(400);
    });
  });

  describe('updates with optimistic concurrency', () => {
    it('patches with a matching If-Match, refuses a stale one with 412', async () => {
      const product = await create();
      const url = `/api/products/${product.id}`;
      const patched = await api('PATCH', url, {
        token: admin,
        body: { price: 4242 },
        headers: { 'if-match': '"1"' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ price: 4242, version: 2, name: product.name });
      expect(patched.headers.get('etag')).toBe('"2"');
      const stale = await api('PATCH', url, {
        token: admin,
        body: { price: 1 },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect((await api('GET', url)).body.price).toBe(4242);
    });

    it('replaces every field with PUT, but never the sku', async () => {
      const product = await create({ imageUrl: 'https://images.example/a.jpg' });
      const url = `/api/products/${product.id}`;
      const replacement = {
        name: 'Renamed',
        description: 'New text',
        category: 'other-things',
        price: 5,
        currency: 'EUR',
      };
      const put = await api('PUT', url, {
        token: admin,
        body: replacement,
        headers: { 'if-match': '"1"' },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ ...replacement, sku: product.sku, version: 2 });
      expect(put.body).not.toHaveProperty('imageUrl');
      const skuChange = await api('PUT', url, {
        token: admin,
        body: { ...replacement, sku: 'NEW-SKU' },
      });
      expect(skuChange.status).toBe(409);
      const stale = await api('PUT', url, {
        token: admin,
        body: replacement,
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
    });

    it('lets exactly one of many concurrent If-Match updates win, across two instances', async () => {
      const second = await startService('product-service', { MONGO_DATABASE: dbName });
      try {
        const product = await create();
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            call(i % 2 ? second.baseUrl : svc.baseUrl, 'PATCH', `/api/products/${product.id}`, {
              token: admin,
              body: { price: 100 + i },
              headers: { 'if-match': '"1"' },
            }),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([200, ...Array(9).fill(412)]);
        const winner = answers.find((a) => a.status === 200)!;
        const now = await api('GET', `/api/products/${product.id}`);
        expect(now.body).toMatchObject({ version: 2, price: winner.body.price });
      } finally {
        await second.stop();
      }
    });
  });

  describe('soft delete', () => {
    it('hides the product from reads and lists but keeps it for lookups', async () => {
      const product = await create({ category: `gone-${uniqueSuffix()}` });
      const url = `/api/products/${product.id}`;
      const removed = await api('DELETE', url, { token: admin });
      expect(removed.status).toBe(204);
      expect((await api('GET', url)).status).toBe(404);
      expect((await api('GET', `/api/products?category=${product.category}`)).body).toMatchObject({
        total: 0,
        items: [],
      });
      expect((await api('DELETE', url, { token: admin })).status).toBe(404);
      expect((await api('PATCH', url, { token: admin, body: { price: 1 } })).status).toBe(404);
      const doc = await db.collection('products').findOne({ sku: product.sku });
      expect(doc).toMatchObject({ deleted: true, version: 2 });
    });
  });

  describe('list: filters, sort and paging', () => {
    const category = `kitchen-${uniqueSuffix()}`;
    const other = `garden-${uniqueSuffix()}`;
    const made: { name: string; price: number; id: string }[] = [];
    const list = async (query: string) => {
      const answer = await api('GET', `/api/products?${query}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const names = (page: { items: { name: string }[] }) => page.items.map((p) => p.name);

    beforeAll(async () => {
      const specs = [
        { name: 'banana Bowl', price: 300, description: 'Ceramic bowl for fruit' },
        { name: 'Apple corer', price: 150, description: 'Stainless (steel) tool' },
        { name: 'cherry pitter', price: 900, description: 'Removes stones .*( fast' },
        { name: 'Dish rack', price: 450, description: 'Dries plates' },
        { name: 'egg timer', price: 50, description: 'Counts minutes' },
      ];
      for (const spec of specs) made.push(await create({ ...spec, category }));
      await create({ name: 'Garden hose', price: 2000, description: 'Bowl-free', category: other });
    });

    it('filters by category and counts the total', async () => {
      const page = await list(`category=${category}`);
      expect(page).toMatchObject({ total: 5, page: 1, pageSize: 20 });
      expect(page.items).toHaveLength(5);
      expect(page.items.every((p: { category: string }) => p.category === category)).toBe(true);
    });

    it('filters by a price range, bounds included', async () => {
      const page = await list(`category=${category}&minPrice=150&maxPrice=450&sort=price`);
      expect(page.items.map((p: { price: number }) => p.price)).toEqual([150, 300, 450]);
      expect((await list(`category=${category}&minPrice=901`)).total).toBe(0);
      const bad = await api('GET', `/api/products?minPrice=500&maxPrice=100`);
      expect(bad.status).toBe(400);
    });

    it('searches name and description case-insensitively, treating the text literally', async () => {
      expect(names(await list(`category=${category}&q=BOWL`))).toEqual(['banana Bowl']);
      expect(names(await list(`category=${category}&q=plates`))).toEqual(['Dish rack']);
      expect(names(await list(`category=${category}&q=${encodeURIComponent('(steel)')}`))).toEqual([
        'Apple corer',
      ]);
      expect(names(await list(`category=${category}&q=${encodeURIComponent('.*(')}`))).toEqual([
        'cherry pitter',
      ]);
      expect((await list(`category=${category}&q=${encodeURIComponent('[a-z]+')}`)).total).toBe(0);
      expect((await list(`q=bowl&sort=name`)).items.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['banana Bowl', 'Garden hose']),
      );
    });

    it.each([
      ['price', ['egg timer', 'Apple corer', 'banana Bowl', 'Dish rack', 'cherry pitter']],
      ['-price', ['cherry pitter', 'Dish rack', 'banana Bowl', 'Apple corer', 'egg timer']],
      ['name', ['Apple corer', 'banana Bowl', 'cherry pitter', 'Dish rack', 'egg timer']],
      ['-createdAt', ['egg timer', 'Dish rack', 'cherry pitter', 'Apple corer', 'banana Bowl']],
    ])('sorts by %s', async (sort, expected) => {
      expect(names(await list(`category=${category}&sort=${sort}`))).toEqual(expected);
    });

    it('defaults to newest first', async () => {
      expect(names(await list(`category=${category}`))[0]).toBe('egg timer');
    });

    it('pages: full pages, a short last page, an empty page past the end', async () => {
      const query = `category=${category}&sort=price&pageSize=2`;
      expect(await list(`${query}&page=1`)).toMatchObject({ page: 1, pageSize: 2, total: 5 });
      expect(names(await list(`${query}&page=2`))).toEqual(['banana Bowl', 'Dish rack']);
      expect(names(await list(`${query}&page=3`))).toEqual(['cherry pitter']);
      expect(await list(`${query}&page=4`)).toMatchObject({ items: [], page: 4, total: 5 });
    });

    it('accepts pageSize 1 and 100, refuses 0, 101 and unknown parameters', async () => {
      expect((await list(`category=${category}&pageSize=1`)).items).toHaveLength(1);
      expect((await list(`category=${category}&pageSize=100`)).items).toHaveLength(5);
      for (const query of ['pageSize=101', 'pageSize=0', 'page=0', 'sort=color', 'colour=red']) {
        const answer = await api('GET', `/api/products?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.body.errors.length).toBeGreaterThan(0);
      }
    });
  });

  describe('internal lookup', () => {
    it('reports every sku to a service token: sellable, deleted, unknown', async () => {
      const live = await create();
      const gone = await create();
      await api('DELETE', `/api/products/${gone.id}`, { token: admin });
      const answer = await api('POST', '/internal/products/lookup', {
        token: await serviceToken(),
        body: { skus: [live.sku, gone.sku, 'NO-SUCH-SKU'] },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.items).toEqual([
        {
          sku: live.sku,
          known: true,
          sellable: true,
          name: live.name,
          price: live.price,
          currency: 'USD',
        },
        {
          sku: gone.sku,
          known: true,
          sellable: false,
          name: gone.name,
          price: gone.price,
          currency: 'USD',
        },
        { sku: 'NO-SUCH-SKU', known: false, sellable: false },
      ]);
    });

    it("answers another instance's price change within LOOKUP_SNAPSHOT_MS, through the catalog mark", async () => {
      const product = await create({ price: 1000 });
      const second = await startService('product-service', { MONGO_DATABASE: dbName });
      try {
        const token = await serviceToken();
        const priceOn = async () =>
          (
            await api('POST', '/internal/products/lookup', {
              token,
              body: { skus: [product.sku] },
            })
          ).body.items[0].price;
        expect(await priceOn()).toBe(1000);
        const patched = await call(second.baseUrl, 'PATCH', `/api/products/${product.id}`, {
          token: admin,
          body: { price: 1234 },
        });
        expect(patched.status).toBe(200);
        // the default LOOKUP_SNAPSHOT_MS is 1 s; the mark, not the 10 s full rescan, brings it
        const deadline = Date.now() + 3000;
        while ((await priceOn()) !== 1234 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        expect(await priceOn()).toBe(1234);
      } finally {
        await second.stop();
      }
    });

    it('is closed to users, even admins', async () => {
      const body = { skus: ['A'] };
      expect((await api('POST', '/internal/products/lookup', { body })).status).toBe(401);
      expect((await api('POST', '/internal/products/lookup', { token: admin, body })).status).toBe(
        403,
      );
    });
  });

  it('publishes the public routes in /openapi.json, not the internal one', async () => {
    const spec = (await api('GET', '/openapi.json')).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/products', '/api/products/{id}']),
    );
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/internal'))).toBe(false);
  });
});
