import { publicMethodTable } from './method-table';

/** The gateway's 405/Allow answers come from the committed specs: the store routes are in them. */
describe('public method table', () => {
  const table = publicMethodTable();

  it('knows the methods of the category and cart routes', () => {
    expect(table.allowed('/api/categories')).toEqual(['GET']);
    expect(table.allowed('/api/cart')?.sort()).toEqual(['DELETE', 'GET']);
    expect(table.allowed('/api/cart/items/ELEC-0001')).toEqual(['PUT']);
    expect(table.allowed('/api/cart/merge')).toEqual(['POST']);
    expect(table.allowed('/api/cart/checkout')).toEqual(['POST']);
    expect(table.allowed('/api/cart/items')).toBeUndefined();
  });

  it('refuses another method on them with 405 and Allow, and lets the documented ones through', () => {
    expect(table.refusal('POST', '/api/categories')?.status).toBe(405);
    expect(table.refusal('GET', '/api/cart/checkout')?.status).toBe(405);
    expect(table.refusal('DELETE', '/api/cart/items/ELEC-0001')?.status).toBe(405);
    expect(table.refusal('GET', '/api/categories?x=1')).toBeUndefined();
    expect(table.refusal('HEAD', '/api/cart')).toBeUndefined();
    expect(table.refusal('PUT', '/api/cart/items/ELEC-0001')).toBeUndefined();
  });
});
