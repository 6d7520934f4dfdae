import type { Principal } from '@mstore/auth';
import type { OrderStatus } from '@mstore/contracts';
import type { Logger } from 'pino';
import type { InventoryClient } from '../clients/inventory.client';
import { OrderEntity, ReservationState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import type { OrderRepository, StatusChange } from '../repositories/order.repository';
import { OrderChangeService } from './order-change.service';
import { ReservationLifecycle } from './reservation-lifecycle.service';
import type { Outbox } from '@mstore/platform';

const ID = '0b7c6c8e-2f43-4c39-9a55-6a1a2f1e0c11';
const alice: Principal = { sub: 'alice', username: 'alice', roles: ['customer'] };
const bob: Principal = { sub: 'bob', username: 'bob', roles: ['customer'] };
const admin: Principal = { sub: 'admin', username: 'admin', roles: ['customer', 'admin'] };

function setup(status: OrderStatus) {
  const stored = {
    id: ID,
    orderNumber: 'ORD-1',
    customerId: 'alice',
    status,
    total: 1,
    currency: 'USD',
    reservation: ReservationState.Committed,
    createdAt: new Date(),
    updatedAt: new Date(),
    lines: [],
  } as OrderEntity;
  const changes: StatusChange[] = [];
  const orders = {
    change: jest.fn(
      async (_id: string, _actor: string, decide: (o: OrderEntity) => StatusChange) => {
        const change = decide(stored);
        changes.push(change);
        return {
          ...stored,
          status: change.to,
          reservation: change.reservation ?? stored.reservation,
        };
      },
    ),
    setReservation: jest.fn(async () => true),
  };
  const inventory = { release: jest.fn(async () => undefined) };
  const service = new OrderChangeService(
    orders as unknown as OrderRepository,
    new ReservationLifecycle(
      inventory as unknown as InventoryClient,
      orders as unknown as OrderRepository,
      { warn: jest.fn() } as unknown as Logger,
    ),
    { nudge: jest.fn() } as unknown as Outbox,
  );
  return { service, changes, inventory };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: OrderError) => e.code,
  );

describe(OrderChangeService.name, () => {
  it.each<[OrderStatus, OrderStatus]>([
    ['CONFIRMED', 'SHIPPED'],
    ['SHIPPED', 'DELIVERED'],
  ])('lets an admin move %s to %s and announces it', async (from, to) => {
    const t = setup(from);
    await expect(t.service.changeStatus(admin, ID, to)).resolves.toMatchObject({ status: to });
    expect(t.changes[0]?.event).toMatchObject({
      type: 'order.status-changed',
      data: { from, to, changedBy: 'admin' },
    });
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['CONFIRMED', 'DELIVERED'],
    ['SHIPPED', 'CONFIRMED'],
    ['SHIPPED', 'CANCELLED'],
    ['DELIVERED', 'SHIPPED'],
    ['CANCELLED', 'CONFIRMED'],
    ['SHIPPED', 'SHIPPED'],
  ])('refuses %s → %s with 409', async (from, to) => {
    const t = setup(from);
    expect(await codeOf(t.service.changeStatus(admin, ID, to))).toBe(
      OrderErrorCode.InvalidTransition,
    );
  });

  it('cancels a confirmed order for its owner and releases the reservation', async () => {
    const t = setup('CONFIRMED');
    await expect(t.service.cancel(alice, ID)).resolves.toMatchObject({ status: 'CANCELLED' });
    expect(t.changes[0]).toMatchObject({
      reservation: ReservationState.ReleasePending,
      event: { type: 'order.cancelled', data: { cancelledBy: 'alice' } },
    });
    expect(t.inventory.release).toHaveBeenCalledWith(ID);
  });

  it("hides another customer's order behind a 404", async () => {
    const t = setup('CONFIRMED');
    expect(await codeOf(t.service.cancel(bob, ID))).toBe(OrderErrorCode.NotFound);
    expect(await codeOf(t.service.cancel(bob, 'not-a-uuid'))).toBe(OrderErrorCode.NotFound);
  });

  it('keeps the cancel when inventory is down (the reconciler releases later)', async () => {
    const t = setup('CONFIRMED');
    t.inventory.release.mockRejectedValue(new Error('down'));
    await expect(t.service.cancel(admin, ID)).resolves.toMatchObject({ status: 'CANCELLED' });
  });
});
