import type { Principal } from '@mstore/auth';
import { register } from 'prom-client';
import type { ProductLookupItem } from '@mstore/contracts';
import type { Logger } from 'pino';
import type { CatalogClient } from '../clients/catalog.client';
import type { InventoryClient } from '../clients/inventory.client';
import { OrderEntity, ReservationState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import { DuplicateOrderNumber, NewOrder, OrderRepository } from '../repositories/order.repository';
import type { IdempotencyService } from './idempotency.service';
import type { Outbox } from '@mstore/platform';
import { PlaceOrderService } from './place-order.service';
import { ReservationLifecycle } from './reservation-lifecycle.service';

const alice: Principal = { sub: 'alice-sub', username: 'alice', roles: ['customer'] };
const item = (
  sku: string,
  price: number,
  extra: Partial<ProductLookupItem> = {},
): ProductLookupItem => ({
  sku,
  known: true,
  sellable: true,
  name: `Product ${sku}`,
  price,
  currency: 'USD',
  ...extra,
});
const unavailable = (service: string) => OrderError.unavailable(service, 3);

function setup() {
  const catalog = { lookup: jest.fn(async () => [item('MUG', 1299), item('TEE', 2500)]) };
  const inventory = {
    reserve: jest.fn(async () => undefined),
    commit: jest.fn(async () => undefined),
    release: jest.fn(async () => undefined),
  };
  const written: NewOrder[] = [];
  const orders = {
    insertPlaced: jest.fn(async (input: NewOrder) => {
      written.push(input);
      return { ...input.order, lines: input.lines } as unknown as OrderEntity;
    }),
    findById: jest.fn(async (): Promise<OrderEntity | null> => null),
    setReservation: jest.fn(async () => true),
  };
  const idempotency = {
    validateKey: jest.fn(),
    requestHash: jest.fn(() => 'hash'),
    claim: jest.fn(async () => ({ fresh: true as boolean, orderId: 'claimed-id' })),
    forget: jest.fn(async () => undefined),
  };
  const outbox = { nudge: jest.fn() };
  const logger = { warn: jest.fn(), error: jest.fn() };
  const service = new PlaceOrderService(
    catalog as unknown as CatalogClient,
    new ReservationLifecycle(
      inventory as unknown as InventoryClient,
      orders as unknown as OrderRepository,
      logger as unknown as Logger,
    ),
    orders as unknown as OrderRepository,
    idempotency as unknown as IdempotencyService,
    outbox as unknown as Outbox,
    logger as unknown as Logger,
  );
  return { service, catalog, inventory, orders, written, idempotency, outbox };
}

const lines = [
  { sku: 'MUG', quantity: 2 },
  { sku: 'TEE', quantity: 1 },
];
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as OrderError,
  );

describe(PlaceOrderService.name, () => {
  it('prices lines from the catalog, reserves, writes order and event together, then commits', async () => {
    const t = setup();
    const { order, replayed } = await t.service.place(alice, lines);
    expect(replayed).toBe(false);
    expect(t.written).toHaveLength(1);
    const [input] = t.written;
    expect(input?.order).toMatchObject({
      customerId: 'alice-sub',
      status: 'CONFIRMED',
      total: 5098,
      currency: 'USD',
    });
    expect(input?.order.orderNumber).toMatch(/^ORD-\d{6}-[0-9A-Z]{6}$/);
    expect(input?.lines.map((l) => [l.sku, l.name, l.unitPrice, l.lineTotal])).toEqual([
      ['MUG', 'Product MUG', 1299, 2598],
      ['TEE', 'Product TEE', 2500, 2500],
    ]);
    expect(input?.event).toMatchObject({
      type: 'order.placed',
      data: { orderId: order.id, total: 5098 },
    });
    expect(t.inventory.reserve).toHaveBeenCalledWith(order.id, lines);
    expect(t.inventory.commit).toHaveBeenCalledWith(order.id);
    expect(t.orders.setReservation).toHaveBeenCalledWith(
      order.id,
      ReservationState.Reserved,
      ReservationState.Committed,
    );
    expect(t.outbox.nudge).toHaveBeenCalled();
  });

  it('answers 503 when the catalog is down, before reserving or writing anything', async () => {
    const t = setup();
    t.catalog.lookup.mockRejectedValue(unavailable('PRODUCT-SERVICE'));
    const error = await failure(t.service.place(alice, lines));
    expect(error?.describe().status).toBe(503);
    expect(error?.headers).toEqual({ 'retry-after': '3' });
    expect(t.inventory.reserve).not.toHaveBeenCalled();
    expect(t.orders.insertPlaced).not.toHaveBeenCalled();
  });

  it('answers 503 when inventory is down, writes nothing and releases whatever may have been reserved', async () => {
    const t = setup();
    t.inventory.reserve.mockRejectedValue(unavailable('INVENTORY-SERVICE'));
    const error = await failure(t.service.place(alice, lines));
    expect(error?.code).toBe(OrderErrorCode.DependencyUnavailable);
    expect(t.orders.insertPlaced).not.toHaveBeenCalled();
    expect(t.inventory.release).toHaveBeenCalledTimes(1);
  });

  it('passes out-of-stock through with the shortages and writes nothing', async () => {
    const t = setup();
    const shortages = [{ sku: 'MUG', requested: 2, available: 1 }];
    t.inventory.reserve.mockRejectedValue(
      new OrderError(OrderErrorCode.OutOfStock, 'short', { shortages }),
    );
    const error = await failure(t.service.place(alice, lines));
    expect(error?.describe().status).toBe(409);
    expect(error?.extensions).toEqual({ shortages });
    expect(t.orders.insertPlaced).not.toHaveBeenCalled();
    expect(t.inventory.release).not.toHaveBeenCalled();
  });

  it('refuses unknown or unsellable skus with 422 before reserving', async () => {
    const t = setup();
    t.catalog.lookup.mockResolvedValue([item('MUG', 1299, { sellable: false })]);
    const error = await failure(t.service.place(alice, lines));
    expect(error?.describe().status).toBe(422);
    expect(error?.extensions).toEqual({ unknownSkus: ['MUG', 'TEE'] });
    expect(t.inventory.reserve).not.toHaveBeenCalled();
  });

  it('releases the reservation when the database write fails after it', async () => {
    const t = setup();
    t.orders.insertPlaced.mockRejectedValue(new Error('ER_LOCK_DEADLOCK'));
    await expect(t.service.place(alice, lines)).rejects.toThrow('ER_LOCK_DEADLOCK');
    const reservedId = t.inventory.reserve.mock.calls[0]?.[0 as never];
    expect(t.inventory.release).toHaveBeenCalledWith(reservedId);
    expect(t.inventory.commit).not.toHaveBeenCalled();
  });

  it('keeps the order when the commit fails (the reconciler retries it)', async () => {
    const t = setup();
    t.inventory.commit.mockRejectedValue(unavailable('INVENTORY-SERVICE'));
    const { order } = await t.service.place(alice, lines);
    expect(order.reservation).toBe(ReservationState.Reserved);
    expect(t.orders.setReservation).not.toHaveBeenCalled();
    expect(t.inventory.release).not.toHaveBeenCalled();
  });

  it('draws a new order number when the generated one exists', async () => {
    const t = setup();
    t.orders.insertPlaced.mockRejectedValueOnce(new DuplicateOrderNumber('ORD-1'));
    await t.service.place(alice, lines);
    expect(t.orders.insertPlaced).toHaveBeenCalledTimes(2);
  });

  it('places under the claimed id for a new Idempotency-Key and frees the key when placing fails', async () => {
    const t = setup();
    const { order } = await t.service.place(alice, lines, 'key-1');
    expect(order.id).toBe('claimed-id');
    expect(t.written[0]?.idempotency).toEqual({ customerId: 'alice-sub', key: 'key-1' });
    t.catalog.lookup.mockRejectedValue(unavailable('PRODUCT-SERVICE'));
    await failure(t.service.place(alice, lines, 'key-2'));
    expect(t.idempotency.forget).toHaveBeenCalledWith('alice-sub', 'key-2', 'claimed-id');
  });

  it('returns the earlier order for a repeated Idempotency-Key without calling anyone', async () => {
    const t = setup();
    const earlier = { id: 'earlier-id' } as OrderEntity;
    t.idempotency.claim.mockResolvedValue({ fresh: false, orderId: 'earlier-id' });
    t.orders.findById.mockResolvedValue(earlier);
    await expect(t.service.place(alice, lines, 'key-1')).resolves.toEqual({
      order: earlier,
      replayed: true,
    });
    expect(t.catalog.lookup).not.toHaveBeenCalled();
    expect(t.inventory.reserve).not.toHaveBeenCalled();
  });

  it('counts every placement by outcome in orders_total', async () => {
    const outcome = async (name: string) =>
      (await register.getSingleMetric('orders_total')?.get())?.values.find(
        (v) => v.labels['outcome'] === name,
      )?.value ?? 0;
    const before = await Promise.all(['placed', 'out_of_stock', 'idempotent_replay'].map(outcome));
    await setup().service.place(alice, lines);
    const short = setup();
    short.inventory.reserve.mockRejectedValue(new OrderError(OrderErrorCode.OutOfStock, 'short'));
    await failure(short.service.place(alice, lines));
    const replay = setup();
    replay.idempotency.claim.mockResolvedValue({ fresh: false, orderId: 'earlier-id' });
    replay.orders.findById.mockResolvedValue({ id: 'earlier-id' } as OrderEntity);
    await replay.service.place(alice, lines, 'key-1');
    const after = await Promise.all(['placed', 'out_of_stock', 'idempotent_replay'].map(outcome));
    expect(after).toEqual(before.map((n) => n + 1));
  });

  it('settles a replayed order whose reservation a crashed instance left uncommitted', async () => {
    const t = setup();
    const earlier = { id: 'earlier-id', reservation: ReservationState.Reserved } as OrderEntity;
    t.idempotency.claim.mockResolvedValue({ fresh: false, orderId: 'earlier-id' });
    t.orders.findById.mockResolvedValue(earlier);
    await t.service.place(alice, lines, 'key-1');
    expect(t.inventory.commit).toHaveBeenCalledWith('earlier-id');
    expect(t.orders.setReservation).toHaveBeenCalledWith(
      'earlier-id',
      ReservationState.Reserved,
      ReservationState.Committed,
    );
    expect(t.inventory.reserve).not.toHaveBeenCalled();
  });
});
