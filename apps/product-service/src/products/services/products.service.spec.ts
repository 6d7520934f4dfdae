import { Principal } from '@mstore/auth';
import { ProductEventType } from '@mstore/contracts';
import { ProductError, ProductErrorCode } from '../product.errors';
import { Product, ProductChange, ProductFields } from '../product.types';
import type { Logger } from 'pino';
import { CatalogMarkRepository } from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';
import { CatalogReadModel } from './catalog-read-model.service';
import { ProductOutboxRelay } from './product-outbox-relay.service';
import { ProductLookupService } from './product-lookup.service';
import { ProductsService } from './products.service';

const admin: Principal = { sub: 'a-1', username: 'admin', roles: ['admin', 'customer'] };
const alice: Principal = { sub: 'c-1', username: 'alice', roles: ['customer'] };

const fields = (over: Partial<ProductFields> = {}): ProductFields => ({
  sku: 'MUG-1',
  name: 'Mug',
  description: 'A mug',
  category: 'home-kitchen',
  price: 1299,
  currency: 'USD',
  ...over,
});
const product = (over: Partial<Product> = {}): Product => ({
  ...fields(),
  id: '64b000000000000000000001',
  version: 3,
  deleted: false,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
  ...over,
});

/** `null`: no such product. */
function setup(current: Product | null = product()) {
  let change: ProductChange | undefined;
  const repository = {
    newId: jest.fn(() => '64b0000000000000000000ff'),
    insert: jest.fn().mockResolvedValue(true),
    findById: jest.fn().mockResolvedValue(current ?? undefined),
    list: jest.fn().mockResolvedValue({ items: [product()], total: 41 }),
    // runs the service's change against `current` like the real repository does under its lease
    update: jest.fn(async (_id: string, apply: (p: Product) => ProductChange) => {
      if (!current) return undefined;
      change = apply(current);
      return { ...current, ...change.fields, deleted: change.deleted, version: change.version };
    }),
  };
  const steps: string[] = [];
  const relay = { nudge: jest.fn(() => steps.push('nudge')) };
  const lookups = { invalidate: jest.fn() };
  const marks = { move: jest.fn(async () => void steps.push('mark')) };
  const logger = { warn: jest.fn() };
  // not loaded: the service answers lists from the repository (catalog-index.spec covers the index)
  const readModel = { current: () => undefined, apply: jest.fn() };
  const service = new ProductsService(
    repository as unknown as ProductsRepository,
    relay as unknown as ProductOutboxRelay,
    lookups as unknown as ProductLookupService,
    marks as unknown as CatalogMarkRepository,
    readModel as unknown as CatalogReadModel,
    logger as unknown as Logger,
  );
  return { service, repository, relay, lookups, marks, logger, steps, change: () => change };
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof ProductError ? error.code : String(error)),
  );

describe(ProductsService.name, () => {
  it('lists with the page echoed and the total', async () => {
    const { service } = setup();
    const page = await service.list({ page: 3, pageSize: 20, sort: 'price' });
    expect(page).toMatchObject({ page: 3, pageSize: 20, total: 41 });
    expect(page.items[0]).toMatchObject({
      sku: 'MUG-1',
      version: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(page.items[0]).not.toHaveProperty('deleted');
  });

  it('hides deleted and unknown products as not found', async () => {
    expect(await codeOf(setup(product({ deleted: true })).service.get('x'))).toBe(
      ProductErrorCode.NotFound,
    );
    expect(await codeOf(setup(null).service.get('x'))).toBe(ProductErrorCode.NotFound);
  });

  it('creates version 1 with a product.created event and nudges the relay', async () => {
    const { service, repository, relay } = setup();
    const view = await service.create(admin, fields());
    expect(view).toMatchObject({ id: '64b0000000000000000000ff', version: 1, sku: 'MUG-1' });
    const event = repository.insert.mock.calls[0][1];
    expect(event).toMatchObject({ topic: 'product-events', type: ProductEventType.Created });
    expect(JSON.parse(event.payload)).toMatchObject({
      subject: view.id,
      source: 'product-service',
      data: { id: view.id, sku: 'MUG-1', price: 1299, version: 1 },
    });
    expect(relay.nudge).toHaveBeenCalled();
  });

  it('drops the lookup snapshot after every write, and only after a write', async () => {
    const { service, lookups, repository } = setup();
    await service.create(admin, fields());
    await service.patch(admin, 'x', { price: 1 });
    await service.remove(admin, 'x');
    expect(lookups.invalidate).toHaveBeenCalledTimes(3);
    repository.insert.mockResolvedValue(false);
    await codeOf(service.create(admin, fields()));
    await codeOf(service.patch(admin, 'x', { price: 1 }, '"v1"'));
    expect(lookups.invalidate).toHaveBeenCalledTimes(3);
  });

  it('moves the catalog mark after each write, before the relay looks', async () => {
    const { service, steps } = setup();
    await service.create(admin, fields());
    await service.patch(admin, 'x', { price: 1 });
    expect(steps).toEqual(['mark', 'nudge', 'mark', 'nudge']);
  });

  it('keeps a write whose mark could not be moved, and says so', async () => {
    const { service, marks, logger, relay } = setup();
    marks.move.mockRejectedValueOnce(new Error('mongo down'));
    await expect(service.patch(admin, 'x', { price: 1 })).resolves.toMatchObject({ price: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      { err: 'Error: mongo down' },
      'catalog mark not moved after a write',
    );
    expect(relay.nudge).toHaveBeenCalled();
  });

  it('answers a duplicate sku with 409', async () => {
    const { service, repository } = setup();
    repository.insert.mockResolvedValue(false);
    expect(await codeOf(service.create(admin, fields()))).toBe(ProductErrorCode.DuplicateSku);
  });

  it('refuses writes by a non-admin even if the route check were missing', async () => {
    const { service, repository } = setup();
    expect(await codeOf(service.create(alice, fields()))).toBe(ProductErrorCode.AdminOnly);
    expect(await codeOf(service.patch(alice, 'x', { price: 1 }))).toBe(ProductErrorCode.AdminOnly);
    expect(await codeOf(service.remove(alice, 'x'))).toBe(ProductErrorCode.AdminOnly);
    expect(repository.insert).not.toHaveBeenCalled();
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('patches only the fields sent, bumps the version and emits product.updated', async () => {
    const { service, change } = setup(product({ imageUrl: 'https://img/x.jpg' }));
    const view = await service.patch(admin, 'x', { price: 999 }, '"3"');
    expect(view).toMatchObject({
      price: 999,
      name: 'Mug',
      version: 4,
      imageUrl: 'https://img/x.jpg',
    });
    expect(change()?.event.type).toBe(ProductEventType.Updated);
    expect(JSON.parse(change()!.event.payload).data).toMatchObject({ price: 999, version: 4 });
  });

  it('removes the image when a patch sends imageUrl null', async () => {
    const { service } = setup(product({ imageUrl: 'https://img/x.jpg' }));
    expect(await service.patch(admin, 'x', { imageUrl: null })).not.toHaveProperty('imageUrl');
  });

  it('answers a stale If-Match with 412 and writes nothing', async () => {
    const { service, change, relay } = setup();
    expect(await codeOf(service.patch(admin, 'x', { price: 1 }, '"2"'))).toBe(
      ProductErrorCode.StaleVersion,
    );
    expect(change()).toBeUndefined();
    expect(relay.nudge).not.toHaveBeenCalled();
  });

  it('replaces all fields but refuses to change the sku', async () => {
    const { service } = setup(product({ imageUrl: 'https://img/x.jpg' }));
    const replacement = { ...fields({ name: 'Big mug', sku: undefined }) };
    const view = await service.replace(admin, 'x', replacement);
    expect(view).toMatchObject({ name: 'Big mug', sku: 'MUG-1', version: 4 });
    expect(view).not.toHaveProperty('imageUrl');
    expect(await codeOf(setup().service.replace(admin, 'x', fields({ sku: 'OTHER' })))).toBe(
      ProductErrorCode.SkuImmutable,
    );
  });

  it('soft-deletes with a product.deleted event; a second delete is 404', async () => {
    const { service, change } = setup();
    await service.remove(admin, 'x');
    expect(change()).toMatchObject({ deleted: true, version: 4 });
    expect(change()?.event.type).toBe(ProductEventType.Deleted);
    expect(await codeOf(setup(product({ deleted: true })).service.remove(admin, 'x'))).toBe(
      ProductErrorCode.NotFound,
    );
  });

  it('answers writes to an unknown product with 404', async () => {
    expect(await codeOf(setup(null).service.patch(admin, 'x', { price: 1 }))).toBe(
      ProductErrorCode.NotFound,
    );
  });
});
