import {
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
} from '@mstore/testing';
import { Connection } from 'mongoose';
import { call } from '../test/http';
import { openDatabase } from '../test/mongo';

/** GET /api/categories, `facets=true` and the repeatable `sku` filter against FerretDB. */
describe('product-service categories, facets and sku filter', () => {
  const dbName = scratchDatabase('facets');
  const prefix = `F${uniqueSuffix()}`;
  let svc: ServiceProcess;
  let db: Connection;
  let admin: string;
  const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(svc.baseUrl, method, path, options);
  const ids = new Map<string, string>();
  const sku = (name: string) => `${prefix}-${name}`;

  // slug, name, price; the last one is deleted
  const CATALOG: [string, string, string, number][] = [
    ['K1', 'home-kitchen', 'Steel kettle', 3000],
    ['K2', 'home-kitchen', 'Chef knife', 5000],
    ['K3', 'home-kitchen', 'Teapot', 2000],
    ['G1', 'garden-tools', 'Rake', 1500],
    ['G2', 'garden-tools', 'Steel spade', 4500],
    ['B1', 'books', 'Kettle recipes', 1200],
    ['GONE', 'books', 'Deleted book', 99_999],
  ];

  beforeAll(async () => {
    svc = await startService('product-service', { MONGO_DATABASE: dbName });
    db = await openDatabase(dbName);
    admin = await userToken('admin');
    for (const [name, category, title, price] of CATALOG) {
      const created = await api('POST', '/api/products', {
        token: admin,
        body: {
          sku: sku(name),
          name: title,
          description: 'facet tests',
          category,
          price,
          currency: 'USD',
        },
      });
      expect(created.status).toBe(201);
      ids.set(name, created.body.id);
    }
    const deleted = await api('DELETE', `/api/products/${ids.get('GONE')}`, { token: admin });
    expect(deleted.status).toBe(204);
  });

  afterAll(async () => {
    await svc?.stop();
    await db?.dropDatabase();
    await db?.close();
  });

  describe('GET /api/categories', () => {
    it('lists each category with live products, its display name and count, by slug', async () => {
      const answer = await api('GET', '/api/categories');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual([
        { slug: 'books', name: 'Books', count: 1 },
        { slug: 'garden-tools', name: 'Garden Tools', count: 2 },
        { slug: 'home-kitchen', name: 'Home & Kitchen', count: 3 },
      ]);
    });

    it('follows this instance’s writes at once: a create, a category move, a delete', async () => {
      const created = await api('POST', '/api/products', {
        token: admin,
        body: {
          sku: sku('T1'),
          name: 'Kite',
          description: 'facet tests',
          category: 'toys-games',
          price: 800,
          currency: 'USD',
        },
      });
      expect(created.status).toBe(201);
      const counts = async () =>
        Object.fromEntries(
          ((await api('GET', '/api/categories')).body as { slug: string; count: number }[]).map(
            (c) => [c.slug, c.count],
          ),
        );
      expect(await counts()).toEqual({
        books: 1,
        'garden-tools': 2,
        'home-kitchen': 3,
        'toys-games': 1,
      });
      const moved = await api('PATCH', `/api/products/${created.body.id}`, {
        token: admin,
        body: { category: 'books' },
      });
      expect(moved.status).toBe(200);
      expect(await counts()).toEqual({ books: 2, 'garden-tools': 2, 'home-kitchen': 3 });
      const removed = await api('DELETE', `/api/products/${created.body.id}`, { token: admin });
      expect(removed.status).toBe(204);
      expect(await counts()).toEqual({ books: 1, 'garden-tools': 2, 'home-kitchen': 3 });
    });

    it('is public and refuses other methods with 405', async () => {
      expect((await api('GET', '/api/categories')).status).toBe(200);
      const post = await api('POST', '/api/categories', { token: admin, body: {} });
      expect(post.status).toBe(405);
      expect(post.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('GET /api/products?facets=true', () => {
    const list = (query: string) => api('GET', `/api/products?${query}`);

    it('adds nothing without facets=true', async () => {
      const answer = await list('pageSize=2');
      expect(answer.status).toBe(200);
      expect(answer.body.facets).toBeUndefined();
      expect((await list('pageSize=2&facets=false')).body.facets).toBeUndefined();
    });

    it('counts live products per category and the price range of the whole catalog', async () => {
      const answer = await list('facets=true&pageSize=1');
      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(6);
      expect(answer.body.items).toHaveLength(1);
      expect(answer.body.facets).toEqual({
        categories: [
          { slug: 'books', count: 1 },
          { slug: 'garden-tools', count: 2 },
          { slug: 'home-kitchen', count: 3 },
        ],
        price: { min: 1200, max: 5000 },
      });
    });

    it('counts categories for every filter but the category, prices for every filter but the price', async () => {
      const byCategory = await list('facets=true&category=home-kitchen');
      expect(byCategory.body.total).toBe(3);
      expect(byCategory.body.facets).toEqual({
        categories: [
          { slug: 'books', count: 1 },
          { slug: 'garden-tools', count: 2 },
          { slug: 'home-kitchen', count: 3 },
        ],
        price: { min: 2000, max: 5000 },
      });

      const byPrice = await list('facets=true&minPrice=2000&maxPrice=4500');
      expect(byPrice.body.total).toBe(3); // 3000, 2000, 4500
      expect(byPrice.body.facets).toEqual({
        categories: [
          { slug: 'garden-tools', count: 1 },
          { slug: 'home-kitchen', count: 2 },
        ],
        price: { min: 1200, max: 5000 },
      });

      const searched = await list('facets=true&q=steel&category=garden-tools');
      expect(searched.body.items.map((p: { sku: string }) => p.sku)).toEqual([sku('G2')]);
      expect(searched.body.facets).toEqual({
        categories: [
          { slug: 'garden-tools', count: 1 },
          { slug: 'home-kitchen', count: 1 },
        ],
        price: { min: 4500, max: 4500 },
      });
    });

    it('answers empty facets when nothing matches', async () => {
      const answer = await list('facets=true&q=nothing-like-this');
      expect(answer.body.total).toBe(0);
      expect(answer.body.facets).toEqual({ categories: [], price: { min: null, max: null } });
    });

    it('refuses a facets value other than true or false, naming it', async () => {
      const answer = await list('facets=yes');
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'facets' })]);
    });
  });

  describe('GET /api/products?sku=', () => {
    const skusOf = (answer: { body: { items: { sku: string }[] } }) =>
      answer.body.items.map((p) => p.sku).sort();

    it('filters by one sku or several, never a deleted one', async () => {
      const one = await api('GET', `/api/products?sku=${sku('K1')}`);
      expect(one.status).toBe(200);
      expect(skusOf(one)).toEqual([sku('K1')]);
      const several = await api(
        'GET',
        `/api/products?sku=${sku('K1')}&sku=${sku('G2')}&sku=${sku('GONE')}&sku=NOPE-1`,
      );
      expect(several.status).toBe(200);
      expect(several.body.total).toBe(2);
      expect(skusOf(several)).toEqual([sku('G2'), sku('K1')].sort());
    });

    it('combines with the other filters and the facets', async () => {
      const answer = await api(
        'GET',
        `/api/products?sku=${sku('K1')}&sku=${sku('G2')}&category=home-kitchen&facets=true`,
      );
      expect(skusOf(answer)).toEqual([sku('K1')]);
      expect(answer.body.facets).toEqual({
        categories: [
          { slug: 'garden-tools', count: 1 },
          { slug: 'home-kitchen', count: 1 },
        ],
        price: { min: 3000, max: 3000 },
      });
    });

    it('refuses a malformed sku with a 400 problem naming the parameter', async () => {
      const answer = await api('GET', '/api/products?sku=bad%20sku');
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ field: expect.stringMatching(/^sku/), location: 'query' }),
      ]);
    });
  });
});
