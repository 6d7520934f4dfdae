import { MAX_PAGE_SIZE, pageOf, pageQuerySchema } from './pagination';
import { z } from 'zod';

describe('pageQuerySchema', () => {
  it('defaults to the first page of 20 and coerces query strings', () => {
    expect(pageQuerySchema.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(pageQuerySchema.parse({ page: '3', pageSize: '50' })).toEqual({ page: 3, pageSize: 50 });
  });

  it(`refuses a page below 1, a fraction and a pageSize above ${MAX_PAGE_SIZE}`, () => {
    for (const query of [{ page: '0' }, { page: '1.5' }, { pageSize: '0' }, { pageSize: '101' }])
      expect(pageQuerySchema.safeParse(query).success).toBe(false);
    expect(pageQuerySchema.parse({ pageSize: String(MAX_PAGE_SIZE) }).pageSize).toBe(100);
  });
});

describe(pageOf.name, () => {
  it('describes { items, page, pageSize, total } around the item schema', () => {
    const page = pageOf(z.object({ sku: z.string() }));
    const value = { items: [{ sku: 'A' }], page: 1, pageSize: 20, total: 1 };
    expect(page.parse(value)).toEqual(value);
    expect(page.safeParse({ ...value, items: [{ sku: 1 }] }).success).toBe(false);
    expect(page.safeParse({ items: [], page: 1, pageSize: 20 }).success).toBe(false);
  });
});
