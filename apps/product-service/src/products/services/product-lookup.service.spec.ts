import { Product } from '../product.types';
import {
  CatalogMarkRepository,
  UNMARKED_WRITE_MAX_MS,
} from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';
import { ProductLookupService, UNKNOWN_SKU_RELOAD_MS } from './product-lookup.service';

const product = (sku: string, deleted = false, price = 500): Product => ({
  id: `id-${sku}`,
  sku,
  name: `Name ${sku}`,
  description: '',
  category: 'books',
  price,
  currency: 'USD',
  version: 1,
  deleted,
  createdAt: new Date(),
  updatedAt: new Date(),
});

function setup(snapshotMs: number, catalog: Product[] = [product('A'), product('B', true)]) {
  const rows = [...catalog];
  const repository = {
    findBySkus: jest.fn(async (skus: string[]) => rows.filter((p) => skus.includes(p.sku))),
    allLookupFields: jest.fn(async () => rows.map((p) => ({ ...p }))),
  };
  const mark = { version: 'v1' as string | undefined };
  const marks = { current: jest.fn(async () => mark.version) };
  const service = new ProductLookupService(
    repository as unknown as ProductsRepository,
    marks as unknown as CatalogMarkRepository,
    { LOOKUP_SNAPSHOT_MS: snapshotMs },
  );
  // another instance's write: the product, then the mark
  const writeElsewhere = (p: Product, moveMark = true) => {
    const i = rows.findIndex((r) => r.sku === p.sku);
    if (i < 0) rows.push(p);
    else rows[i] = p;
    if (moveMark) mark.version = `v${Number(mark.version?.slice(1) ?? 0) + 1}`;
  };
  return { service, repository, rows, marks, mark, writeElsewhere };
}

const priceOf = async (service: ProductLookupService, sku: string) =>
  (await service.lookup([sku])).items[0].price;

describe(ProductLookupService.name, () => {
  afterEach(() => jest.useRealTimers());

  it.each([0, 1000])(
    'reports every requested sku once: sellable, deleted or unknown (snapshot %i ms)',
    async (snapshotMs) => {
      const { service } = setup(snapshotMs);
      const { items } = await service.lookup(['A', 'B', 'C', 'A']);
      expect(items).toEqual([
        { sku: 'A', known: true, sellable: true, name: 'Name A', price: 500, currency: 'USD' },
        { sku: 'B', known: true, sellable: false, name: 'Name B', price: 500, currency: 'USD' },
        { sku: 'C', known: false, sellable: false },
      ]);
    },
  );

  it('queries by sku on every lookup when the snapshot is off', async () => {
    const { service, repository } = setup(0);
    await service.lookup(['A']);
    await service.lookup(['A', 'B']);
    expect(repository.findBySkus.mock.calls).toEqual([[['A']], [['A', 'B']]]);
    expect(repository.allLookupFields).not.toHaveBeenCalled();
  });

  it('shares one scan between concurrent and later lookups; rescans once the mark moved', async () => {
    jest.useFakeTimers({ now: 0 });
    const { service, repository, marks, writeElsewhere } = setup(1000);
    await Promise.all([service.lookup(['A']), service.lookup(['B']), service.lookup(['A'])]);
    writeElsewhere(product('A', false, 700));
    jest.setSystemTime(999);
    expect(await priceOf(service, 'A')).toBe(500);
    expect(repository.allLookupFields).toHaveBeenCalledTimes(1);
    expect(marks.current).toHaveBeenCalledTimes(1);
    jest.setSystemTime(1000);
    expect(await priceOf(service, 'A')).toBe(700);
    expect(repository.allLookupFields).toHaveBeenCalledTimes(2);
  });

  it('asks only the mark while it stands still', async () => {
    jest.useFakeTimers({ now: 0 });
    const { service, repository, marks } = setup(1000);
    for (let t = 0; t < 5000; t += 1000) {
      jest.setSystemTime(t);
      await service.lookup(['A']);
    }
    expect(repository.allLookupFields).toHaveBeenCalledTimes(1);
    expect(marks.current).toHaveBeenCalledTimes(5);
  });

  it('scans again after the longest a write can go unmarked, mark or not', async () => {
    jest.useFakeTimers({ now: 0 });
    const { service, repository, writeElsewhere } = setup(1000);
    await service.lookup(['A']);
    writeElsewhere(product('A', false, 800), false); // its writer died before moving the mark
    jest.setSystemTime(UNMARKED_WRITE_MAX_MS - 1);
    expect(await priceOf(service, 'A')).toBe(500);
    jest.setSystemTime(UNMARKED_WRITE_MAX_MS);
    expect(await priceOf(service, 'A')).toBe(800);
    expect(repository.allLookupFields).toHaveBeenCalledTimes(2);
  });

  it('scans every time the snapshot ages out while there is no mark yet', async () => {
    jest.useFakeTimers({ now: 0 });
    const { service, repository, mark } = setup(1000);
    mark.version = undefined;
    await service.lookup(['A']);
    jest.setSystemTime(1000);
    await service.lookup(['A']);
    expect(repository.allLookupFields).toHaveBeenCalledTimes(2);
  });

  it('reads again at once after a write of this instance', async () => {
    const { service, rows } = setup(60_000);
    expect(await priceOf(service, 'A')).toBe(500);
    rows[0] = product('A', false, 900);
    service.invalidate();
    expect(await priceOf(service, 'A')).toBe(900);
  });

  it('does not keep a scan that began before a write', async () => {
    const { service, repository, rows } = setup(60_000);
    let finish!: () => void;
    repository.allLookupFields.mockImplementationOnce(async () => {
      const before = rows.map((p) => ({ ...p }));
      await new Promise<void>((resolve) => (finish = resolve));
      return before;
    });
    const during = service.lookup(['A']);
    await new Promise((resolve) => setImmediate(resolve)); // the scan has begun
    rows[0] = product('A', false, 900);
    service.invalidate();
    finish();
    expect((await during).items[0].price).toBe(500);
    expect(await priceOf(service, 'A')).toBe(900);
  });

  it('reloads for a sku created elsewhere, but not more often than the reload interval', async () => {
    jest.useFakeTimers({ now: 0 });
    const { service, repository, rows } = setup(60_000);
    await service.lookup(['A']);
    rows.push(product('NEW'));
    expect((await service.lookup(['NEW'])).items[0].known).toBe(false);
    jest.setSystemTime(UNKNOWN_SKU_RELOAD_MS);
    expect((await service.lookup(['NEW'])).items[0].known).toBe(true);
    await service.lookup(['NOPE']);
    await service.lookup(['NOPE']);
    expect(repository.allLookupFields).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed scan so the next lookup tries again', async () => {
    const { service, repository } = setup(60_000);
    repository.allLookupFields.mockRejectedValueOnce(new Error('database down'));
    await expect(service.lookup(['A'])).rejects.toThrow('database down');
    expect((await service.lookup(['A'])).items[0].known).toBe(true);
  });
});
