import { Injectable } from '@nestjs/common';
import { ServiceName, ShortSku } from '@mstore/contracts';
import { ServiceClient, UpstreamRejected } from '@mstore/resilience';
import { OrderError, OrderErrorCode } from '../order.errors';
import { toOrderError } from './upstream.errors';

export interface ReserveLine {
  sku: string;
  quantity: number;
}

/** inventory-service's reservations, all keyed (and idempotent) on the order id. */
@Injectable()
export class InventoryClient {
  constructor(private readonly client: ServiceClient) {}

  async reserve(orderId: string, lines: ReserveLine[]): Promise<void> {
    try {
      await this.client.call(ServiceName.Inventory, {
        method: 'POST',
        path: '/internal/reservations',
        body: { orderId, lines },
        idempotent: true, // same orderId, same reservation
      });
    } catch (error) {
      throw this.reserveError(error);
    }
  }

  /** Raw errors: the caller decides whether a failure matters (the reconciler retries). */
  async commit(orderId: string): Promise<void> {
    await this.client.call(ServiceName.Inventory, {
      method: 'POST',
      path: `/internal/reservations/${encodeURIComponent(orderId)}/commit`,
      idempotent: true,
    });
  }

  /** A reservation inventory does not know has nothing to release. */
  async release(orderId: string): Promise<void> {
    try {
      await this.client.call(ServiceName.Inventory, {
        method: 'POST',
        path: `/internal/reservations/${encodeURIComponent(orderId)}/release`,
        idempotent: true,
      });
    } catch (error) {
      if (error instanceof UpstreamRejected && error.status === 404) return;
      throw error;
    }
  }

  private reserveError(error: unknown): unknown {
    if (error instanceof UpstreamRejected && error.status === 409) {
      const shortages = listOf<ShortSku>(error.body, 'shortages');
      const skus = shortages.map((s) => s.sku).join(', ');
      return new OrderError(
        OrderErrorCode.OutOfStock,
        `Not enough stock for ${skus || 'some skus'}.`,
        {
          shortages,
        },
      );
    }
    if (error instanceof UpstreamRejected && error.status === 422) {
      const unknownSkus = listOf<string>(error.body, 'unknownSkus');
      return new OrderError(
        OrderErrorCode.UnknownSkus,
        `Unknown skus: ${unknownSkus.join(', ')}.`,
        {
          unknownSkus,
        },
      );
    }
    return toOrderError(ServiceName.Inventory, error);
  }
}

function listOf<T>(body: unknown, field: string): T[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return Array.isArray(value) ? (value as T[]) : [];
}
