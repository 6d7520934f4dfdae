import { Product, ProductListQuery, ProductSort } from '../product.types';
import { CatalogIndex } from './catalog-index';

/** A deterministic pseudo-random sequence, so a failure replays. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const WORDS = ['Lamp', 'kettle', 'Steel', 'bamboo', 'smart-home', 'Café', 'x', 'tea'];
const CATEGORIES = ['kitchen', 'garden', 'books'];

function products(n: number, next: () => number): Product[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  return Array.from({ length: n }, (_, i) => ({
    id: (0x64b000000000 + i).toString(16).padStart(24, '0'),
    sku: `SKU-${i}`,
    name: `${pick(WORDS)} ${pick(WORDS)} ${i % 7}`,
    description: next() < 0.3 ? '' : `${pick(WORDS)}, ${pick(WORDS)}.`,
    category: pick(CATEGORIES),
    // few distinct prices and dates: ties must fall back to the id as in the database
    price: 100 * Math.floor(next() * 10),
    currency: 'USD',
    version: 1,
    deleted: next() < 0.1,
    createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(next() * 5))),
    updatedAt: new Date(Date.UTC(2026, 0, 9)),
  }));
}

/** What the database answers (products.repository's filter and SORTS), by brute force. */
function reference(all: Product[], q: ProductListQuery) {
  const text = q.q?.toLowerCase();
  const hits = all.filter(
    (p) =>
      !p.deleted &&
      (q.category === undefined || p.category === q.category) &&
      (q.sku === undefined || q.sku.includes(p.sku)) &&
      (q.minPrice === undefined || p.price >= q.minPrice) &&
      (q.maxPrice === undefined || p.price <= q.maxPrice) &&
      (!text || p.name.toLowerCase().includes(text) || p.description.toLowerCase().includes(text)),
  );
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const orders: Record<ProductSort, (a: Product, b: Product) => number> = {
    price: (a, b) => a.price - b.price || cmp(a.id, b.id),
    '-price': (a, b) => b.price - a.price || cmp(a.id, b.id),
    name: (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.id, b.id),
    '-createdAt': (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || cmp(b.id, a.id),
  };
  hits.sort(orders[q.sort]);
  const from = (q.page - 1) * q.pageSize;
  return { ids: hits.slice(from, from + q.pageSize).map((p) => p.id), total: hits.length };
}

function randomQuery(next: () => number): ProductListQuery {
  const maybe = <T>(value: T) => (next() < 0.4 ? value : undefined);
  const min = maybe(100 * Math.floor(next() * 6));
  return {
    sort: (['price', '-price', 'name', '-createdAt'] as const)[Math.floor(next() * 4)],
    page: 1 + Math.floor(next() * 4),
    pageSize: 1 + Math.floor(next() * 30),
    category: maybe(CATEGORIES[Math.floor(next() * 4) % 3]),
    minPrice: min,
    maxPrice: maybe((min ?? 0) + 100 * Math.floor(next() * 6)),
    q: maybe(
      ['lamp', 'KET', 'é', 'smart-h', ', st', 'zzz', '-', 'mp ', 't'][Math.floor(next() * 9)],
    ),
    sku: next() < 0.1 ? ['SKU-1', 'SKU-5', 'SKU-5', 'NONE'] : undefined,
  };
}

const listed = (index: CatalogIndex, q: ProductListQuery) => {
  const { items, total } = index.query(q);
  return { ids: items.map((p) => p.id), total };
};

describe(CatalogIndex.name, () => {
  it('answers 2,000 random queries exactly as the database would', () => {
    const next = random(7);
    const all = products(300, next);
    const index = new CatalogIndex(all);
    for (let i = 0; i < 2000; i++) {
      const q = randomQuery(next);
      expect({ q, ...listed(index, q) }).toEqual({ q, ...reference(all, q) });
    }
  });

  it('stays exact through creates, updates and deletes applied one by one', () => {
    const next = random(11);
    const all = products(200, next);
    const index = new CatalogIndex();
    for (const p of all) index.apply(p);
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(next() * all.length);
      const [changed] = products(1, next);
      all[at] = { ...changed, id: all[at].id, sku: all[at].sku, version: all[at].version + 1 };
      expect(index.apply(all[at])).toBe(true);
      const q = randomQuery(next);
      expect({ q, ...listed(index, q) }).toEqual({ q, ...reference(all, q) });
    }
    expect(index.size).toBe(all.filter((p) => !p.deleted).length);
  });

  it('ignores a change older than, or as old as, the version it holds', () => {
    const [p] = products(1, random(3));
    const live = { ...p, deleted: false, version: 2, price: 500 };
    const index = new CatalogIndex([live]);
    expect(index.apply({ ...live, version: 1, price: 1 })).toBe(false);
    expect(index.apply({ ...live, version: 2, deleted: true })).toBe(false);
    expect(index.query({ sort: 'price', page: 1, pageSize: 5 }).items).toEqual([live]);
    expect(index.apply({ ...live, version: 3, deleted: true })).toBe(true);
    expect(index.apply({ ...live, version: 2 })).toBe(false);
    expect(index.query({ sort: 'price', page: 1, pageSize: 5 })).toEqual({ items: [], total: 0 });
    expect(index.categoryCounts()).toEqual([]);
  });

  it('computes facets and category counts as the database rows would', () => {
    const next = random(5);
    const all = products(250, next);
    const index = new CatalogIndex(all);
    for (let i = 0; i < 300; i++) {
      const q = randomQuery(next);
      const { category, minPrice = -Infinity, maxPrice = Infinity } = q;
      // the rows the database returns for the facets: every filter but category and price
      const ids = new Set(
        reference(all, {
          ...q,
          category: undefined,
          minPrice: undefined,
          maxPrice: undefined,
          page: 1,
          pageSize: all.length,
        }).ids,
      );
      const rows = all.filter((p) => ids.has(p.id));
      const counts = new Map<string, number>();
      for (const r of rows)
        if (r.price >= minPrice && r.price <= maxPrice)
          counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
      const prices = rows
        .filter((r) => category === undefined || r.category === category)
        .map((r) => r.price);
      expect(index.facets(q)).toEqual({
        categories: [...counts]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([slug, count]) => ({ slug, count })),
        price: prices.length
          ? { min: Math.min(...prices), max: Math.max(...prices) }
          : { min: null, max: null },
      });
    }
    const live = all.filter((p) => !p.deleted);
    expect(index.categoryCounts()).toEqual(
      CATEGORIES.filter((c) => live.some((p) => p.category === c))
        .sort()
        .map((slug) => ({ slug, count: live.filter((p) => p.category === slug).length })),
    );
  });
});
