import { Injectable } from '@nestjs/common';
import type { Principal } from '@mstore/auth';
import { createHash } from 'node:crypto';
import { IdempotencyKeyRepository } from '../../orders/repositories/idempotency-key.repository';
import { IdempotencyService } from '../../orders/services/idempotency.service';
import { Placed, PlaceOrderService } from '../../orders/services/place-order.service';
import { CartError, CartErrorCode } from '../cart.errors';
import { CartRepository } from '../repositories/cart.repository';

/**
 * What a checkout's Idempotency-Key is bound to: "this customer's cart", not its lines, because a
 * retry after the order was placed finds the cart already empty and must get the same order.
 */
export const CHECKOUT_REQUEST_HASH = createHash('sha256').update('cart-checkout').digest('hex');

/**
 * Checkout: the cart's lines go through the one place-order path (prices re-read from the catalog,
 * stock reserved, order and outbox event written), whose transaction also removes the ordered
 * lines — the cart is emptied exactly when the order exists. Any refusal (409 sold out, 422, 503)
 * leaves the cart as it was.
 *
 * A payment step later: place the order as PENDING_PAYMENT with the reservation held (not
 * committed) and answer 201 with that order plus a payment link/intent; a payment-confirmed
 * event or callback moves it to CONFIRMED and commits the hold, a timeout cancels it and releases
 * the stock. The cart would still be emptied with the order write, the Idempotency-Key would
 * still replay the same order, and clients that ignore the new status keep working — the routes,
 * bodies and answers stay as they are; only the status set grows (DESIGN §4 allows PENDING).
 */
@Injectable()
export class CartCheckoutService {
  constructor(
    private readonly carts: CartRepository,
    private readonly placing: PlaceOrderService,
    private readonly idempotency: IdempotencyService,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async checkout(user: Principal, key: string | undefined): Promise<Placed> {
    if (key === undefined || key === '')
      throw CartError.fields(
        CartErrorCode.IdempotencyKeyRequired,
        'A checkout needs an Idempotency-Key header (a new random value per checkout).',
        [{ field: 'Idempotency-Key', message: 'required header' }],
      );
    this.idempotency.validateKey(key);
    const lines = (await this.carts.lines(user.sub)).map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
    }));
    if (lines.length === 0 && !(await this.checkedOutWith(user.sub, key)))
      throw CartError.fields(CartErrorCode.Empty, 'The cart is empty; nothing to order.', [
        { field: 'lines', message: 'the cart has no lines' },
      ]);
    return this.placing.place(user, lines, key, {
      requestHash: CHECKOUT_REQUEST_HASH,
      inTransaction: (m) => this.carts.removeOrdered(m, user.sub, lines),
    });
  }

  /** An empty cart after a checkout with this key: the retry replays that order. */
  private async checkedOutWith(customerId: string, key: string): Promise<boolean> {
    const row = await this.keys.find(customerId, key);
    return row?.requestHash === CHECKOUT_REQUEST_HASH && row.expiresAt > new Date();
  }
}
