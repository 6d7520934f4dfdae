import { DependencyUnavailable, UpstreamRejected } from '@mstore/resilience';
import type { Logger } from 'pino';
import type { InventoryClient } from '../clients/inventory.client';
import { ReservationState } from '../entities';
import type { OrderRepository } from '../repositories/order.repository';
import {
  cancelledReservation,
  canMoveReservation,
  RESERVATION_TRANSITIONS,
  ReservationLifecycle,
} from './reservation-lifecycle.service';

function setup() {
  const inventory = {
    reserve: jest.fn(async () => undefined),
    commit: jest.fn(async () => undefined),
    release: jest.fn(async () => undefined),
  };
  const orders = { setReservation: jest.fn(async () => true) };
  const logger = { warn: jest.fn(), error: jest.fn() };
  const lifecycle = new ReservationLifecycle(
    inventory as unknown as InventoryClient,
    orders as unknown as OrderRepository,
    logger as unknown as Logger,
  );
  return { lifecycle, inventory, orders, logger };
}

describe('RESERVATION_TRANSITIONS', () => {
  it('covers every state, and a released hold is final', () => {
    expect(Object.keys(RESERVATION_TRANSITIONS).sort()).toEqual(
      Object.values(ReservationState).sort(),
    );
    expect(RESERVATION_TRANSITIONS.RELEASED).toEqual([]);
  });

  it('lets a cancel release any hold that is not already being released', () => {
    for (const from of ['RESERVED', 'COMMITTED', 'FAILED'] as const)
      expect(cancelledReservation(from)).toBe('RELEASE_PENDING');
    expect(() => cancelledReservation('RELEASED')).toThrow(/RELEASED to RELEASE_PENDING/);
    expect(canMoveReservation('COMMITTED', 'RESERVED')).toBe(false);
  });
});

describe(ReservationLifecycle.name, () => {
  it('commits: RESERVED → COMMITTED, only from RESERVED', async () => {
    const t = setup();
    await expect(t.lifecycle.commit('o1')).resolves.toBe('committed');
    expect(t.inventory.commit).toHaveBeenCalledWith('o1');
    expect(t.orders.setReservation).toHaveBeenCalledWith('o1', 'RESERVED', 'COMMITTED');
  });

  it('marks a commit inventory refuses (expired hold) FAILED, for an operator', async () => {
    const t = setup();
    t.inventory.commit.mockRejectedValue(new UpstreamRejected('INVENTORY-SERVICE', 409, {}));
    await expect(t.lifecycle.commit('o1')).resolves.toBe('failed');
    expect(t.orders.setReservation).toHaveBeenCalledWith('o1', 'RESERVED', 'FAILED');
    expect(t.logger.error).toHaveBeenCalled();
  });

  it('leaves a commit it could not confirm to the reconciler, state unchanged', async () => {
    const t = setup();
    t.inventory.commit.mockRejectedValue(new DependencyUnavailable('INVENTORY-SERVICE', 'open', 3));
    await expect(t.lifecycle.commit('o1')).resolves.toBe('deferred');
    t.inventory.commit.mockRejectedValue(new Error('socket hang up'));
    await expect(t.lifecycle.commit('o1')).resolves.toBe('deferred');
    expect(t.orders.setReservation).not.toHaveBeenCalled();
  });

  it('releases: RELEASE_PENDING → RELEASED; a failed release stays pending', async () => {
    const t = setup();
    await expect(t.lifecycle.release('o1')).resolves.toBe(true);
    expect(t.orders.setReservation).toHaveBeenCalledWith('o1', 'RELEASE_PENDING', 'RELEASED');
    t.orders.setReservation.mockClear();
    t.inventory.release.mockRejectedValue(new DependencyUnavailable('INVENTORY-SERVICE', 'down', 3));
    await expect(t.lifecycle.release('o1')).resolves.toBe(false);
    expect(t.orders.setReservation).not.toHaveBeenCalled();
  });

  it('settles by state: commits a held one, releases a cancelled one, leaves the rest', async () => {
    const t = setup();
    await t.lifecycle.settle({ id: 'a', reservation: 'RESERVED' });
    await t.lifecycle.settle({ id: 'b', reservation: 'RELEASE_PENDING' });
    await t.lifecycle.settle({ id: 'c', reservation: 'COMMITTED' });
    await t.lifecycle.settle({ id: 'd', reservation: 'FAILED' });
    expect(t.inventory.commit.mock.calls).toEqual([['a']]);
    expect(t.inventory.release.mock.calls).toEqual([['b']]);
  });

  it('frees a hold that may have gone through when the reserve timed out', async () => {
    const t = setup();
    t.inventory.reserve.mockRejectedValue(new Error('timeout'));
    await expect(t.lifecycle.hold('o1', [{ sku: 'MUG', quantity: 1 }])).rejects.toThrow('timeout');
    await new Promise((r) => setImmediate(r));
    expect(t.inventory.release).toHaveBeenCalledWith('o1');
  });
});
