import { DependencyUnavailable, UpstreamRejected } from '@mstore/resilience';
import { ZodError } from 'zod';
import { OrderError, OrderErrorCode } from '../order.errors';

/** What the client of this service sees when a dependency fails in a way it cannot fix. */
export function toOrderError(service: string, error: unknown): unknown {
  if (error instanceof OrderError) return error;
  if (error instanceof DependencyUnavailable)
    return OrderError.unavailable(service, error.retryAfterSeconds);
  if (error instanceof UpstreamRejected)
    return new OrderError(
      OrderErrorCode.UpstreamError,
      `${service} refused the request (${error.status}).`,
    );
  if (error instanceof ZodError)
    return new OrderError(OrderErrorCode.UpstreamError, `${service} answered an unexpected body.`);
  return error;
}
