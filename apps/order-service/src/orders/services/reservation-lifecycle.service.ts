import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER } from '@mstore/platform';
import { DependencyUnavailable, UpstreamRejected } from '@mstore/resilience';
import type { Logger } from 'pino';
import { InventoryClient } from '../clients/inventory.client';
import type { PlaceOrderLine } from '../dto/place-order.dto';
import { ReservationState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import { OrderRepository } from '../repositories/order.repository';

type State = ReservationState;

/** Where an order's stock hold may move next; any other move is a bug. */
export const RESERVATION_TRANSITIONS: Readonly<Record<State, readonly State[]>> = {
  RESERVED: ['COMMITTED', 'FAILED', 'RELEASE_PENDING'],
  COMMITTED: ['RELEASE_PENDING'],
  // inventory refused the commit: nothing is held, but a cancel still asks it to release
  FAILED: ['RELEASE_PENDING'],
  RELEASE_PENDING: ['RELEASED'],
  RELEASED: [],
};

export function canMoveReservation(from: State, to: State): boolean {
  return RESERVATION_TRANSITIONS[from].includes(to);
}

export type CommitOutcome = 'committed' | 'deferred' | 'failed';

/**
 * The one owner of an order's stock hold in inventory: placing, cancelling, replaying and
 * reconciling all go through here. Inventory's calls are idempotent, and every state move is
 * conditional on the state it leaves, so a late or repeated answer never undoes a newer state.
 */
@Injectable()
export class ReservationLifecycle {
  constructor(
    private readonly inventory: InventoryClient,
    private readonly orders: OrderRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Holds the lines' stock under the order id; a failed hold leaves nothing held. */
  async hold(orderId: string, lines: PlaceOrderLine[]): Promise<void> {
    try {
      await this.inventory.reserve(orderId, lines);
    } catch (error) {
      // a timed-out reserve may have gone through; 409/422 reserved nothing
      if (!(error instanceof OrderError) || error.code === OrderErrorCode.DependencyUnavailable)
        void this.abandon(orderId);
      throw error;
    }
  }

  /** A hold whose order was never written. Best effort: inventory's expiry is the backstop. */
  async abandon(orderId: string): Promise<void> {
    try {
      await this.inventory.release(orderId);
    } catch (error) {
      this.logger.warn(
        { err: String(error), orderId },
        'reservation release failed; left to expiry',
      );
    }
  }

  /** RESERVED → COMMITTED. Never throws: what is not confirmed now the reconciler retries. */
  async commit(orderId: string): Promise<CommitOutcome> {
    try {
      await this.inventory.commit(orderId);
      await this.move(orderId, 'RESERVED', 'COMMITTED');
      return 'committed';
    } catch (error) {
      if (error instanceof UpstreamRejected) {
        // expired or unknown: the stock is no longer held for this order
        await this.move(orderId, 'RESERVED', 'FAILED');
        this.logger.error({ orderId, status: error.status }, 'reservation commit refused');
        return 'failed';
      }
      if (!(error instanceof DependencyUnavailable))
        this.logger.warn({ err: String(error), orderId }, 'reservation commit deferred');
      return 'deferred';
    }
  }

  /** RELEASE_PENDING → RELEASED (the cancel's write set RELEASE_PENDING). Never throws. */
  async release(orderId: string): Promise<boolean> {
    try {
      await this.inventory.release(orderId);
      await this.move(orderId, 'RELEASE_PENDING', 'RELEASED');
      return true;
    } catch (error) {
      if (!(error instanceof DependencyUnavailable))
        this.logger.warn({ err: String(error), orderId }, 'reservation release deferred');
      return false;
    }
  }

  /** Finishes whatever the order's hold is waiting for (a replay, the reconciler). */
  async settle(order: { id: string; reservation: State }): Promise<void> {
    if (order.reservation === 'RESERVED') await this.commit(order.id);
    else if (order.reservation === 'RELEASE_PENDING') await this.release(order.id);
  }

  private async move(orderId: string, from: State, to: State): Promise<boolean> {
    if (!canMoveReservation(from, to))
      throw new Error(`reservation cannot move from ${from} to ${to}`);
    return this.orders.setReservation(orderId, from, to);
  }
}

/** The state a cancel writes with the order's status, checked against the table. */
export function cancelledReservation(from: State): State {
  const to = ReservationState.ReleasePending;
  if (!canMoveReservation(from, to)) throw new Error(`reservation cannot move from ${from} to ${to}`);
  return to;
}
