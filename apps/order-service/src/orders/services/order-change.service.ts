import { Injectable } from '@nestjs/common';
import { canAccess, Principal } from '@mstore/auth';
import {
  OrderCancelledData,
  OrderEventType,
  OrderStatus,
  OrderStatusChangedData,
} from '@mstore/contracts';
import type { OrderView } from '../dto/order.dto';
import { OrderEntity, ReservationState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import { OrderRepository, StatusChange } from '../repositories/order.repository';
import { Outbox } from '@mstore/platform';
import { toOrderView } from './order.mapper';
import { isOrderId } from './order-query.service';
import { cancelledReservation, ReservationLifecycle } from './reservation-lifecycle.service';

/** The only moves an order may make (DESIGN §4). */
const ALLOWED: Partial<Record<OrderStatus, OrderStatus[]>> = {
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
};

/** Cancel and status changes, each audited and announced in the same transaction. */
@Injectable()
export class OrderChangeService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: ReservationLifecycle,
    private readonly outbox: Outbox,
  ) {}

  /** Owner or admin, while CONFIRMED; the stock goes back to inventory. */
  cancel(user: Principal, id: string): Promise<OrderView> {
    return this.apply(user, id, (order) => {
      if (!canAccess(user, order.customerId)) throw OrderError.notFound(id);
      return cancellation(order, user);
    });
  }

  /** Admin only (the controller checks the role). */
  changeStatus(user: Principal, id: string, to: OrderStatus): Promise<OrderView> {
    return this.apply(user, id, (order) => {
      if (to === 'CANCELLED') return cancellation(order, user);
      assertAllowed(order, to);
      const data: OrderStatusChangedData = {
        orderId: order.id,
        orderNumber: order.orderNumber,
        customerId: order.customerId,
        from: order.status,
        to,
        changedBy: user.sub,
      };
      return { to, action: 'STATUS_CHANGED', event: { type: OrderEventType.StatusChanged, data } };
    });
  }

  private async apply(
    user: Principal,
    id: string,
    decide: (order: OrderEntity) => StatusChange,
  ): Promise<OrderView> {
    const order = isOrderId(id) ? await this.orders.change(id, user.sub, decide) : null;
    if (!order) throw OrderError.notFound(id);
    this.outbox.nudge();
    // the cancel stands even if inventory is down now: the reconciler retries the release
    if (order.reservation === ReservationState.ReleasePending)
      await this.reservations.release(order.id);
    return toOrderView(order);
  }
}

function assertAllowed(order: OrderEntity, to: OrderStatus): void {
  if (!(ALLOWED[order.status] ?? []).includes(to))
    throw new OrderError(
      OrderErrorCode.InvalidTransition,
      `An order in status ${order.status} cannot move to ${to}.`,
      { from: order.status, to },
    );
}

function cancellation(order: OrderEntity, user: Principal): StatusChange {
  assertAllowed(order, 'CANCELLED');
  const data: OrderCancelledData = {
    orderId: order.id,
    orderNumber: order.orderNumber,
    customerId: order.customerId,
    cancelledBy: user.sub,
  };
  return {
    to: 'CANCELLED',
    action: 'CANCELLED',
    reservation: cancelledReservation(order.reservation),
    event: { type: OrderEventType.Cancelled, data },
  };
}
