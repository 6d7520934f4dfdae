import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mstore/auth';
import { OrderEventType, OrderPlacedData, ProductLookupItem } from '@mstore/contracts';
import { counter } from '@mstore/observability';
import { APP_LOGGER, Outbox } from '@mstore/platform';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { CatalogClient } from '../clients/catalog.client';
import type { PlaceOrderLine } from '../dto/place-order.dto';
import { OrderEntity, ReservationState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import { DuplicateOrderNumber, NewOrder, OrderRepository } from '../repositories/order.repository';
import { IdempotencyService } from './idempotency.service';
import { newOrderNumber } from './order-number';
import { ReservationLifecycle } from './reservation-lifecycle.service';

export interface Placed {
  order: OrderEntity;
  /** True when an earlier request with the same Idempotency-Key placed it. */
  replayed: boolean;
}

/** What another entry point (the cart's checkout) adds to placing an order. */
export interface PlaceOptions {
  /** Hash the Idempotency-Key is bound to instead of the lines' (a checkout: the cart's key). */
  requestHash?: string;
  /** Runs in the order's own MySQL transaction, after the order rows (e.g. emptying the cart). */
  inTransaction?: (m: EntityManager) => Promise<void>;
}

const NUMBER_ATTEMPTS = 5;

/**
 * Placing an order: prices from the catalog, stock reserved under the order id, then the order
 * and its event in one transaction, then the reservation committed. Any failure before the write
 * leaves nothing behind (a reservation made is released).
 */
@Injectable()
export class PlaceOrderService {
  private readonly outcomes = counter(
    'orders_total',
    'Order placements by outcome: placed, idempotent_replay, or the refusal (out_of_stock, unknown_skus, dependency_unavailable, ...; error when unexpected)',
    ['outcome'],
  );

  constructor(
    private readonly catalog: CatalogClient,
    private readonly reservations: ReservationLifecycle,
    private readonly orders: OrderRepository,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: Outbox,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async place(
    user: Principal,
    lines: PlaceOrderLine[],
    key?: string,
    options: PlaceOptions = {},
  ): Promise<Placed> {
    try {
      const placed = await this.placeOnce(user, lines, key, options);
      this.outcomes.inc({ outcome: placed.replayed ? 'idempotent_replay' : 'placed' });
      return placed;
    } catch (error) {
      // the error codes are a closed enum, so the label stays bounded
      this.outcomes.inc({
        outcome: error instanceof OrderError ? error.code.toLowerCase() : 'error',
      });
      throw error;
    }
  }

  private async placeOnce(
    user: Principal,
    lines: PlaceOrderLine[],
    key: string | undefined,
    options: PlaceOptions,
  ) {
    if (key === undefined)
      return { order: await this.placeNew(user, lines, options), replayed: false };
    this.idempotency.validateKey(key);
    const hash = options.requestHash ?? this.idempotency.requestHash(lines);
    const claim = await this.idempotency.claim(user.sub, key, hash);
    if (!claim.fresh) {
      const order = await this.orders.findById(claim.orderId);
      if (!order) throw new Error(`idempotency key points at missing order ${claim.orderId}`);
      // a retry after a crash between write and commit settles the hold before it can expire
      await this.reservations.settle(order);
      return { order, replayed: true };
    }
    try {
      return {
        order: await this.placeNew(user, lines, options, claim.orderId, key),
        replayed: false,
      };
    } catch (error) {
      await this.idempotency
        .forget(user.sub, key, claim.orderId)
        .catch((e: unknown) => this.logger.warn({ err: e, key }, 'could not free idempotency key'));
      throw error;
    }
  }

  private async placeNew(
    user: Principal,
    requested: PlaceOrderLine[],
    options: PlaceOptions,
    orderId: string = randomUUID(),
    key?: string,
  ): Promise<OrderEntity> {
    const priced = price(requested, await this.catalog.lookup(requested.map((l) => l.sku)));
    await this.reservations.hold(orderId, requested);
    let order: OrderEntity;
    try {
      order = await this.write(user, orderId, priced, key, options.inTransaction);
    } catch (error) {
      await this.reservations.abandon(orderId);
      throw error;
    }
    this.outbox.nudge();
    await this.reservations.commit(order.id);
    return order;
  }

  private async write(
    user: Principal,
    orderId: string,
    priced: Priced,
    key?: string,
    inTransaction?: PlaceOptions['inTransaction'],
  ) {
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const order: NewOrder['order'] = {
        id: orderId,
        orderNumber: newOrderNumber(now),
        customerId: user.sub,
        status: 'CONFIRMED',
        total: priced.total,
        currency: priced.currency,
        reservation: ReservationState.Reserved,
        createdAt: now,
        updatedAt: now,
      };
      const data: OrderPlacedData = {
        orderId,
        orderNumber: order.orderNumber,
        customerId: user.sub,
        status: order.status,
        lines: priced.lines.map((l) => ({
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          lineTotal: l.lineTotal,
        })),
        total: priced.total,
        currency: priced.currency,
      };
      try {
        return await this.orders.insertPlaced(
          {
            order,
            lines: priced.lines,
            event: { type: OrderEventType.Placed, data },
            idempotency: key ? { customerId: user.sub, key } : undefined,
            inTransaction,
          },
          user.sub,
        );
      } catch (error) {
        if (!(error instanceof DuplicateOrderNumber) || attempt >= NUMBER_ATTEMPTS) throw error;
      }
    }
  }
}

interface Priced {
  lines: NewOrder['lines'];
  total: number;
  currency: string;
}

/** Names and prices from the catalog only; totals computed here in integer minor units. */
export function price(requested: PlaceOrderLine[], items: ProductLookupItem[]): Priced {
  const bySku = new Map(items.map((i) => [i.sku, i]));
  const unknownSkus = requested
    .map((l) => l.sku)
    .filter((sku) => {
      const item = bySku.get(sku);
      return !item?.known || !item.sellable || item.price === undefined || !item.currency;
    });
  if (unknownSkus.length > 0) {
    // a deleted product is known to the catalog but not sellable: the detail calls it retired
    const retiredSkus = unknownSkus.filter((sku) => {
      const item = bySku.get(sku);
      return item?.known === true && !item.sellable;
    });
    const never = unknownSkus.filter((sku) => !retiredSkus.includes(sku));
    const parts = [
      never.length > 0 ? `unknown skus: ${never.join(', ')}` : '',
      retiredSkus.length > 0 ? `retired skus (product deleted): ${retiredSkus.join(', ')}` : '',
    ].filter(Boolean);
    const said = parts.join('; ');
    throw new OrderError(OrderErrorCode.UnknownSkus, `Cannot order ${said}.`, { unknownSkus });
  }
  const currencies = new Set(requested.map((l) => bySku.get(l.sku)?.currency));
  if (currencies.size > 1)
    throw new OrderError(
      OrderErrorCode.MixedCurrency,
      `The products are priced in different currencies (${[...currencies].join(', ')}); order them separately.`,
    );
  const lines = requested.map((l, i) => {
    const item = bySku.get(l.sku) as Required<ProductLookupItem>;
    return {
      lineNo: i + 1,
      sku: l.sku,
      name: item.name ?? l.sku,
      quantity: l.quantity,
      unitPrice: item.price,
      lineTotal: item.price * l.quantity,
    };
  });
  return {
    lines,
    total: lines.reduce((sum, l) => sum + l.lineTotal, 0),
    currency: [...currencies][0] as string,
  };
}
