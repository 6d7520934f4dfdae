import type { Cart } from '@mstore/sdk';
import { fromServer } from './cart';

const line = (over: Partial<Cart['lines'][number]>): Cart['lines'][number] => ({
  sku: 'ELEC-1',
  name: 'Headphones',
  quantity: 2,
  unitPrice: 1999,
  priceWhenAdded: 1999,
  lineTotal: 3998,
  currency: 'USD',
  priceChanged: false,
  sellable: true,
  stock: { status: 'in-stock', available: 10 },
  ...over,
});

describe('the server cart (CartDto) as the page shows it', () => {
  it('keeps the current name and price, the stock hint and the price-changed flag; the id from this browser', () => {
    const cart: Cart = {
      lines: [
        line({}),
        line({ sku: 'BOOK-1', stock: { status: 'sold-out', available: 0 }, priceChanged: true }),
        line({ sku: 'TOYS-1', stock: null }),
      ],
      itemCount: 6,
      total: 11994,
      currency: 'USD',
    };
    expect(fromServer(cart, { 'ELEC-1': 'p1' })).toEqual([
      {
        sku: 'ELEC-1',
        quantity: 2,
        name: 'Headphones',
        unitPrice: 1999,
        currency: 'USD',
        productId: 'p1',
        available: 10,
        inStock: true,
        priceChanged: false,
      },
      expect.objectContaining({
        sku: 'BOOK-1',
        productId: undefined,
        available: 0,
        inStock: false,
        priceChanged: true,
      }),
      // inventory could not say: no hint either way
      expect.objectContaining({ sku: 'TOYS-1', available: undefined, inStock: undefined }),
    ]);
  });
});
