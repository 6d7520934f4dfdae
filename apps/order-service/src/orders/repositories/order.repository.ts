import { Injectable } from '@nestjs/common';
import { EventBody, EventTypeOn, OrderStatus, Topic } from '@mstore/contracts';
import { appendOutbox } from '@mstore/messaging';
import { isMysqlDuplicateKey } from '@mstore/mysql';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import {
  IdempotencyKeyEntity,
  IdempotencyState,
  OrderAuditEntity,
  OrderEntity,
  OrderLineEntity,
  ReservationState,
} from '../entities';

export const EVENT_SOURCE = 'order-service';

/** An order-events event: its data is typed by its type's schema in EVENT_CATALOG. */
export type OrderEvent = EventBody<EventTypeOn<typeof Topic.Order>>;

export interface NewOrder {
  order: Omit<OrderEntity, 'lines'>;
  lines: Omit<OrderLineEntity, 'id' | 'orderId' | 'order'>[];
  event: OrderEvent;
  /** The idempotency key this order completes, marked done in the same transaction. */
  idempotency?: { customerId: string; key: string };
  /** More writes of the caller's in the same transaction (the cart's checkout empties the cart). */
  inTransaction?: (m: EntityManager) => Promise<void>;
}

/** What a status rule decided for a locked order. */
export interface StatusChange {
  to: OrderStatus;
  action: string;
  reservation?: ReservationState;
  event: OrderEvent;
}

export class DuplicateOrderNumber extends Error {}

/** Orders, their lines, audit rows and outbox events; every change is one transaction. */
@Injectable()
export class OrderRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPlaced(input: NewOrder, actor: string): Promise<OrderEntity> {
    const { order, lines, event, idempotency, inTransaction } = input;
    try {
      await this.dataSource.transaction(async (m) => {
        await m.insert(OrderEntity, order);
        await m.insert(
          OrderLineEntity,
          lines.map((l) => ({ ...l, orderId: order.id })),
        );
        await this.audit(m, order.id, 'PLACED', null, order.status, actor, order.createdAt);
        await this.outbox(m, order.id, event);
        if (idempotency)
          await m.update(
            IdempotencyKeyEntity,
            { customerId: idempotency.customerId, idemKey: idempotency.key, orderId: order.id },
            { state: IdempotencyState.Done },
          );
        if (inTransaction) await inTransaction(m);
      });
    } catch (error) {
      if (isMysqlDuplicateKey(error, 'uq_orders_number'))
        throw new DuplicateOrderNumber(order.orderNumber);
      throw error;
    }
    // what was just written, without reading it back
    return { ...order, lines: lines.map((l) => ({ ...l, orderId: order.id }) as OrderLineEntity) };
  }

  findById(id: string): Promise<OrderEntity | null> {
    return this.dataSource.getRepository(OrderEntity).findOne({
      where: { id },
      relations: { lines: true },
      order: { lines: { lineNo: 'ASC' } },
    });
  }

  /** Newest first; ties broken by id so pages never overlap. */
  async page(filter: {
    customerId?: string;
    status?: OrderStatus;
    page: number;
    pageSize: number;
  }): Promise<{ items: OrderEntity[]; total: number }> {
    const repo = this.dataSource.getRepository(OrderEntity);
    const where = {
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const [heads, total] = await repo.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      select: { id: true },
    });
    if (heads.length === 0) return { items: [], total };
    const full = await repo.find({
      where: { id: In(heads.map((h) => h.id)) },
      relations: { lines: true },
      order: { lines: { lineNo: 'ASC' } },
    });
    const byId = new Map(full.map((o) => [o.id, o]));
    return { items: heads.map((h) => byId.get(h.id) as OrderEntity), total };
  }

  /**
   * Locks the order, lets `decide` (the service's rule) pick the change or throw, and writes the
   * change, its audit row and its event together. Null when the order does not exist.
   */
  async change(
    id: string,
    actor: string,
    decide: (order: OrderEntity) => StatusChange,
  ): Promise<OrderEntity | null> {
    const found = await this.dataSource.transaction(async (m) => {
      const order = await m.findOne(OrderEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order) return false;
      const change = decide(order);
      const now = new Date();
      await m.update(
        OrderEntity,
        { id },
        {
          status: change.to,
          updatedAt: now,
          ...(change.reservation ? { reservation: change.reservation } : {}),
        },
      );
      await this.audit(m, id, change.action, order.status, change.to, actor, now);
      await this.outbox(m, id, change.event);
      return true;
    });
    return found ? this.findById(id) : null;
  }

  /** Moves the reservation state only from the expected one, so a late answer never undoes a newer state. */
  async setReservation(id: string, from: ReservationState, to: ReservationState): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(OrderEntity)
      .update({ id, reservation: from }, { reservation: to });
    return (result.affected ?? 0) > 0;
  }

  /** Orders whose commit or release inventory has not confirmed yet. */
  unsettledReservations(
    reservedBefore: Date,
    limit: number,
  ): Promise<Pick<OrderEntity, 'id' | 'reservation'>[]> {
    return this.dataSource.getRepository(OrderEntity).find({
      where: [
        { reservation: ReservationState.Reserved, createdAt: LessThan(reservedBefore) },
        { reservation: ReservationState.ReleasePending },
      ],
      select: { id: true, reservation: true },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  async purgePublishedOutbox(before: Date, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.dataSource.query(
      'DELETE FROM outbox WHERE publishedAt IS NOT NULL AND publishedAt < ? ORDER BY seq LIMIT ?',
      [before, limit],
    );
    return result.affectedRows ?? 0;
  }

  private audit(
    m: EntityManager,
    orderId: string,
    action: string,
    fromStatus: string | null,
    toStatus: string,
    actor: string,
    at: Date,
  ) {
    return m.insert(OrderAuditEntity, { orderId, action, fromStatus, toStatus, actor, at });
  }

  private outbox(m: EntityManager, orderId: string, event: OrderEvent) {
    return appendOutbox(m, { ...event, source: EVENT_SOURCE, subject: orderId });
  }
}
