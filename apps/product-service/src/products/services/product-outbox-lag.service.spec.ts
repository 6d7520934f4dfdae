import type { CatalogMarkRepository } from '../repositories/catalog-mark.repository';
import type { ProductsRepository } from '../repositories/products.repository';
import { ProductOutboxLag } from './product-outbox-lag.service';

const event = (time: string) => ({
  id: time,
  topic: 'product-events',
  type: 'product.updated',
  payload: JSON.stringify({ time }),
});

function setup(pending: { id: string; events: ReturnType<typeof event>[] }[]) {
  const products = { findPendingEvents: jest.fn(async () => pending) };
  const marks = { current: jest.fn(async () => 'mark-1') };
  const lag = new ProductOutboxLag(
    products as unknown as ProductsRepository,
    marks as unknown as CatalogMarkRepository,
  );
  return { lag, products, marks };
}

describe(ProductOutboxLag.name, () => {
  const now = Date.parse('2026-01-01T00:01:00Z');

  it("is the age of the oldest waiting event, by the event's own time", async () => {
    const { lag } = setup([
      { id: 'a', events: [event('2026-01-01T00:00:50Z')] },
      { id: 'b', events: [event('2026-01-01T00:00:15Z'), event('2026-01-01T00:00:55Z')] },
    ]);
    await expect(lag.oldestPendingAge(now)).resolves.toBe(45);
  });

  it('answers 0 without scanning again while the catalog mark stands still', async () => {
    const { lag, products, marks } = setup([]);
    await expect(lag.oldestPendingAge(now)).resolves.toBe(0);
    await expect(lag.oldestPendingAge(now + 15_000)).resolves.toBe(0);
    expect(products.findPendingEvents).toHaveBeenCalledTimes(1);
    marks.current.mockResolvedValue('mark-2');
    await lag.oldestPendingAge(now + 30_000);
    expect(products.findPendingEvents).toHaveBeenCalledTimes(2);
  });
});
