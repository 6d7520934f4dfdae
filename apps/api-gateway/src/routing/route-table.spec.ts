import { ServiceName } from '@mstore/contracts';
import { Access, PUBLIC_OPERATIONS, routeFor } from './route-table';

const accessOf = (method: string, path: string) => routeFor(path)?.access(method, path);

describe('route table', () => {
  it('maps each prefix to its service and nothing else', () => {
    expect(routeFor('/api/products')?.service).toBe(ServiceName.Product);
    expect(routeFor('/api/products/p1')?.service).toBe(ServiceName.Product);
    expect(routeFor('/api/inventory')?.service).toBe(ServiceName.Inventory);
    expect(routeFor('/api/orders/o1/cancel')?.service).toBe(ServiceName.Order);
    expect(routeFor('/api/notifications/stream')?.service).toBe(ServiceName.Notification);
    expect(routeFor('/api/categories')?.service).toBe(ServiceName.Product);
    expect(routeFor('/api/cart')?.service).toBe(ServiceName.Order);
    expect(routeFor('/api/cart/items/SKU-1')?.service).toBe(ServiceName.Order);
    expect(routeFor('/api/productsX')).toBeUndefined();
    expect(routeFor('/api/carts')).toBeUndefined();
    expect(routeFor('/internal/products/lookup')).toBeUndefined();
  });

  it('keeps catalog and stock reads public and their writes admin-only', () => {
    expect(accessOf('GET', '/api/products/p1')).toBe(Access.Public);
    expect(accessOf('HEAD', '/api/products')).toBe(Access.Public);
    expect(accessOf('GET', '/api/inventory')).toBe(Access.Public);
    expect(accessOf('POST', '/api/products')).toBe(Access.Admin);
    expect(accessOf('DELETE', '/api/products/p1')).toBe(Access.Admin);
    expect(accessOf('PUT', '/api/inventory/SKU-1')).toBe(Access.Admin);
    expect(accessOf('POST', '/api/inventory/SKU-1/adjustments')).toBe(Access.Admin);
  });

  it('keeps the stock detail and movement log of a sku admin-only', () => {
    expect(accessOf('GET', '/api/inventory/')).toBe(Access.Public);
    expect(accessOf('GET', '/api/inventory/SKU-1')).toBe(Access.Admin);
    expect(accessOf('GET', '/api/inventory/SKU-1/movements')).toBe(Access.Admin);
  });

  it('needs a customer for orders and notifications, an admin for order status changes', () => {
    expect(accessOf('POST', '/api/orders')).toBe(Access.Customer);
    expect(accessOf('GET', '/api/orders/o1')).toBe(Access.Customer);
    expect(accessOf('POST', '/api/orders/o1/cancel')).toBe(Access.Customer);
    expect(accessOf('PATCH', '/api/orders/o1/status')).toBe(Access.Admin);
    expect(accessOf('GET', '/api/notifications/stream')).toBe(Access.Customer);
  });

  it('keeps categories public and every cart operation for customers', () => {
    expect(accessOf('GET', '/api/categories')).toBe(Access.Public);
    expect(accessOf('POST', '/api/categories')).toBe(Access.Admin);
    for (const [method, path] of [
      ['GET', '/api/cart'],
      ['DELETE', '/api/cart'],
      ['PUT', '/api/cart/items/SKU-1'],
      ['POST', '/api/cart/merge'],
      ['POST', '/api/cart/checkout'],
    ] as const)
      expect(accessOf(method, path)).toBe(Access.Customer);
  });

  it('routes every public operation', () => {
    for (const op of PUBLIC_OPERATIONS) expect(routeFor(op.path)).toBeDefined();
  });
});
