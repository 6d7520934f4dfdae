import type { OrderStatus } from '@mstore/sdk';

const LABELS: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`status status-${status.toLowerCase()}`}>{LABELS[status] ?? status}</span>
  );
}

export function RequireSignIn({ what }: { what: string }) {
  return (
    <section>
      <h1>Please sign in</h1>
      <p>Sign in (at the top of the page) to see {what}.</p>
    </section>
  );
}
