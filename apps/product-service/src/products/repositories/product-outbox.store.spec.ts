import { AppConfig } from '../../config';
import { CatalogMarkRepository, UNMARKED_WRITE_MAX_MS } from './catalog-mark.repository';
import { LockRepository } from './lock.repository';
import { ProductOutboxStore } from './product-outbox.store';
import { ProductsRepository } from './products.repository';

const event = (id: string) => ({ id, topic: 'product-events', payload: `{"id":"${id}"}` });

function setup() {
  const pending: { id: string; events: ReturnType<typeof event>[] }[] = [];
  const products = {
    hasPendingEvents: jest.fn(async () => pending.length > 0),
    findPendingEvents: jest.fn(async () => pending.map((d) => ({ ...d }))),
    removeSentEvents: jest.fn(async (id: string) => {
      pending.splice(
        pending.findIndex((d) => d.id === id),
        1,
      );
    }),
  };
  const mark = { version: 'v1' as string | undefined };
  const marks = { current: jest.fn(async () => mark.version) };
  const locks = {
    tryAcquire: jest.fn(async () => ({ key: 'outbox-relay', token: 't' })),
    release: jest.fn(async () => undefined),
  };
  const store = new ProductOutboxStore(
    products as unknown as ProductsRepository,
    marks as unknown as CatalogMarkRepository,
    locks as unknown as LockRepository,
    { OUTBOX_LEASE_MS: 5000 } as AppConfig,
  );
  const published: string[] = [];
  const poll = () =>
    store.withBatch(100, async (batch) => void published.push(...batch.map((m) => m.id)));
  // a write: the product with its event, then the mark
  const write = (id: string, moveMark = true) => {
    pending.push({ id: `p-${id}`, events: [event(id)] });
    if (moveMark) mark.version = `${mark.version}+`;
  };
  return { poll, write, products, published };
}

describe(ProductOutboxStore.name, () => {
  afterEach(() => jest.useRealTimers());

  it('skips the scan for pending events while the mark stands still after an empty poll', async () => {
    jest.useFakeTimers({ now: 0 });
    const { poll, products } = setup();
    for (let i = 0; i < 5; i++) expect(await poll()).toBe(0);
    expect(products.hasPendingEvents).toHaveBeenCalledTimes(1);
  });

  it('publishes a write as soon as it moved the mark', async () => {
    jest.useFakeTimers({ now: 0 });
    const { poll, write, published } = setup();
    await poll();
    write('e1');
    expect(await poll()).toBe(1);
    expect(published).toEqual(['e1']);
    expect(await poll()).toBe(0);
  });

  it('finds an unmarked write (its writer died before moving the mark) at the next full scan', async () => {
    jest.useFakeTimers({ now: 0 });
    const { poll, write, published } = setup();
    await poll();
    write('orphan', false);
    jest.setSystemTime(UNMARKED_WRITE_MAX_MS - 1);
    expect(await poll()).toBe(0);
    jest.setSystemTime(UNMARKED_WRITE_MAX_MS);
    expect(await poll()).toBe(1);
    expect(published).toEqual(['orphan']);
  });
});
