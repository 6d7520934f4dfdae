import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { IdempotencyState } from '../entities';
import { OrderError, OrderErrorCode } from '../order.errors';
import { ORDERS_SETTINGS, OrdersSettings } from '../orders.settings';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository';

export type Claim =
  /** This request owns the key: place the order under `orderId`. */
  | { fresh: true; orderId: string }
  /** An earlier request with the same key and body placed `orderId`. */
  | { fresh: false; orderId: string };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const POLL_MS = 50;

/**
 * Idempotency-Key per customer. The key row is inserted before any work, so of two concurrent
 * requests exactly one proceeds; the other waits for its order.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyKeyRepository,
    @Inject(ORDERS_SETTINGS) private readonly settings: OrdersSettings,
  ) {}

  /** Same body, same hash: line order does not matter. */
  requestHash(lines: { sku: string; quantity: number }[]): string {
    const normalized = [...lines]
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .map((l) => [l.sku, l.quantity]);
    return createHash('sha256').update(JSON.stringify(normalized)).digest('hex');
  }

  validateKey(key: string): void {
    if (!KEY_PATTERN.test(key))
      throw new OrderError(
        OrderErrorCode.InvalidIdempotencyKey,
        'Idempotency-Key must be 1-255 visible ASCII characters.',
      );
  }

  async claim(customerId: string, key: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + this.settings.idempotencyWaitMs;
    for (;;) {
      const now = new Date();
      const orderId = randomUUID();
      const inserted = await this.keys.tryInsert({
        customerId,
        idemKey: key,
        requestHash,
        orderId,
        state: IdempotencyState.Pending,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.settings.idempotencyTtlHours * 3_600_000),
      });
      if (inserted) return { fresh: true, orderId };
      const row = await this.keys.find(customerId, key);
      if (!row) continue; // the other attempt failed and let go of the key
      if (row.expiresAt < now || this.abandoned(row.state, row.createdAt, now)) {
        await this.keys.deleteIf(customerId, key, row.orderId);
        continue;
      }
      if (row.requestHash !== requestHash)
        throw new OrderError(
          OrderErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was used with a different body.',
        );
      if (row.state === IdempotencyState.Done) return { fresh: false, orderId: row.orderId };
      if (Date.now() > deadline)
        throw new OrderError(
          OrderErrorCode.IdempotencyInProgress,
          'A request with this Idempotency-Key is still being processed.',
          {},
          { 'retry-after': '1' },
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** After a failed attempt: the key may be used again (nothing was ordered). */
  forget(customerId: string, key: string, orderId: string): Promise<void> {
    return this.keys.deleteIf(customerId, key, orderId);
  }

  /** A pending key this old belongs to a request that crashed. */
  private abandoned(state: string, createdAt: Date, now: Date): boolean {
    return (
      state === IdempotencyState.Pending &&
      now.getTime() - createdAt.getTime() > this.settings.idempotencyStaleMs
    );
  }
}
