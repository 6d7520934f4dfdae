import { DependencyUnavailable, ServiceClient, UpstreamRejected } from '@mstore/resilience';
import { OrderError, OrderErrorCode } from '../order.errors';
import { InventoryClient } from './inventory.client';

const clientFailing = (error: unknown) =>
  new InventoryClient({ call: jest.fn().mockRejectedValue(error) } as unknown as ServiceClient);
const reserveError = (error: unknown): Promise<OrderError> =>
  clientFailing(error)
    .reserve('o-1', [{ sku: 'A', quantity: 2 }])
    .then(
      () => Promise.reject(new Error('expected a failure')),
      (e: unknown) => e as OrderError,
    );

describe(InventoryClient.name, () => {
  it('turns a 409 into out-of-stock naming each short sku', async () => {
    const shortages = [{ sku: 'A', requested: 2, available: 1 }];
    const error = await reserveError(new UpstreamRejected('INVENTORY-SERVICE', 409, { shortages }));
    expect(error).toBeInstanceOf(OrderError);
    expect(error.code).toBe(OrderErrorCode.OutOfStock);
    expect(error.extensions).toEqual({ shortages });
    expect(error.message).toContain('A');
  });

  it('turns a 422 into unknown skus', async () => {
    const error = await reserveError(
      new UpstreamRejected('INVENTORY-SERVICE', 422, { unknownSkus: ['A'] }),
    );
    expect(error.code).toBe(OrderErrorCode.UnknownSkus);
    expect(error.extensions).toEqual({ unknownSkus: ['A'] });
  });

  it('turns an unavailable dependency into a 503 with Retry-After', async () => {
    const error = await reserveError(
      new DependencyUnavailable('INVENTORY-SERVICE', 'circuit open', 3),
    );
    expect(error.describe().status).toBe(503);
    expect(error.headers).toEqual({ 'retry-after': '3' });
  });

  it('treats a 404 on release as nothing to release', async () => {
    const client = clientFailing(new UpstreamRejected('INVENTORY-SERVICE', 404, {}));
    await expect(client.release('o-1')).resolves.toBeUndefined();
  });
});
