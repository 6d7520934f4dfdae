export { call } from '@mstore/testing';

let counter = 0;
/** A valid create body with a unique sku. */
export const newProduct = (prefix: string, over: Record<string, unknown> = {}) => ({
  sku: `${prefix}-${++counter}`,
  name: `Product ${counter}`,
  description: 'Made for tests',
  category: 'test-things',
  price: 1000 + counter,
  currency: 'USD',
  ...over,
});
