import { assertNever, DomainError } from '@mstore/http';

export enum OrderErrorCode {
  NotFound = 'ORDER_NOT_FOUND',
  OutOfStock = 'OUT_OF_STOCK',
  UnknownSkus = 'UNKNOWN_SKUS',
  MixedCurrency = 'MIXED_CURRENCY',
  InvalidTransition = 'INVALID_STATUS_TRANSITION',
  InvalidIdempotencyKey = 'INVALID_IDEMPOTENCY_KEY',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  UpstreamError = 'UPSTREAM_ERROR',
}

export class OrderError extends DomainError<OrderErrorCode> {
  describe(): { status: number; title: string } {
    switch (this.code) {
      case OrderErrorCode.NotFound:
        return { status: 404, title: 'Order not found' };
      case OrderErrorCode.OutOfStock:
        return { status: 409, title: 'Out of stock' };
      case OrderErrorCode.UnknownSkus:
        return { status: 422, title: 'Unknown products' };
      case OrderErrorCode.MixedCurrency:
        return { status: 422, title: 'Mixed currencies' };
      case OrderErrorCode.InvalidTransition:
        return { status: 409, title: 'Status change not allowed' };
      case OrderErrorCode.InvalidIdempotencyKey:
        return { status: 400, title: 'Invalid Idempotency-Key' };
      case OrderErrorCode.IdempotencyKeyReused:
        return { status: 422, title: 'Idempotency-Key reused with another request' };
      case OrderErrorCode.IdempotencyInProgress:
        return { status: 409, title: 'Request with this Idempotency-Key in progress' };
      case OrderErrorCode.DependencyUnavailable:
        return { status: 503, title: 'Service Unavailable' };
      case OrderErrorCode.UpstreamError:
        return { status: 502, title: 'Bad Gateway' };
      default:
        return assertNever(this.code);
    }
  }

  static notFound(id: string): OrderError {
    return new OrderError(OrderErrorCode.NotFound, `No order ${id}.`);
  }

  static unavailable(service: string, retryAfterSeconds: number): OrderError {
    return new OrderError(
      OrderErrorCode.DependencyUnavailable,
      `${service} is unavailable; nothing was ordered. Retry later.`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
