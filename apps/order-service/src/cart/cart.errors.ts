import { assertNever, DomainError } from '@mstore/http';

export enum CartErrorCode {
  TooManyLines = 'CART_TOO_MANY_LINES',
  QuantityTooLarge = 'CART_QUANTITY_TOO_LARGE',
  UnknownSkus = 'UNKNOWN_SKUS',
  Empty = 'CART_EMPTY',
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
}

export interface FieldError {
  field: string;
  message: string;
}

/** Cart rules; every refusal names the field (`errors`) the way validation problems do. */
export class CartError extends DomainError<CartErrorCode> {
  describe(): { status: number; title: string } {
    switch (this.code) {
      case CartErrorCode.TooManyLines:
        return { status: 422, title: 'Too many cart lines' };
      case CartErrorCode.QuantityTooLarge:
        return { status: 422, title: 'Quantity too large' };
      case CartErrorCode.UnknownSkus:
        return { status: 422, title: 'Unknown products' };
      case CartErrorCode.Empty:
        return { status: 422, title: 'Cart is empty' };
      case CartErrorCode.IdempotencyKeyRequired:
        return { status: 400, title: 'Idempotency-Key required' };
      default:
        return assertNever(this.code);
    }
  }

  static fields(code: CartErrorCode, detail: string, errors: FieldError[], more = {}): CartError {
    return new CartError(code, detail, { ...more, errors });
  }
}
