import {
  InventoryEventType,
  KnownEvent,
  OrderEventType,
  ProductEventType,
} from '@mstore/contracts';
import { assertNever } from '@mstore/http';
import { ADMIN_AUDIENCE, NotificationDraft, userAudience } from '../notification.model';

/** Building a formatter costs far more than using one; null marks a code Intl rejects. */
const formats = new Map<string, Intl.NumberFormat | null>();

function formatFor(currency: string): Intl.NumberFormat | null {
  let format = formats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency });
    } catch {
      format = null;
    }
    formats.set(currency, format);
  }
  return format;
}

/** Integer minor units to a display string, using the currency's own number of decimals. */
export function formatMoney(minor: number, currency: string): string {
  const format = formatFor(currency);
  if (!format) return `${minor} ${currency} (minor units)`;
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

const STATUS_WORDS: Record<string, string> = {
  PENDING: 'pending',
  CONFIRMED: 'confirmed',
  SHIPPED: 'shipped',
  DELIVERED: 'delivered',
  CANCELLED: 'cancelled',
};

/** The notification an event produces, or null for events nobody is told about (product events). */
export function draftFor(event: KnownEvent): NotificationDraft | null {
  const base = { eventId: event.id, type: event.type, occurredAt: new Date(event.time) };
  switch (event.type) {
    case OrderEventType.Placed: {
      const d = event.data;
      return {
        ...base,
        title: `Order ${d.orderNumber} placed`,
        body: `We received your order ${d.orderNumber} of ${formatMoney(d.total, d.currency)}.`,
        subject: d.orderId,
        audience: userAudience(d.customerId),
        data: {
          orderId: d.orderId,
          orderNumber: d.orderNumber,
          total: d.total,
          currency: d.currency,
        },
      };
    }
    case OrderEventType.Cancelled: {
      const d = event.data;
      return {
        ...base,
        title: `Order ${d.orderNumber} cancelled`,
        body: `Your order ${d.orderNumber} was cancelled.`,
        subject: d.orderId,
        audience: userAudience(d.customerId),
        data: { orderId: d.orderId, orderNumber: d.orderNumber, cancelledBy: d.cancelledBy },
      };
    }
    case OrderEventType.StatusChanged: {
      const d = event.data;
      return {
        ...base,
        title: `Order ${d.orderNumber} ${STATUS_WORDS[d.to]}`,
        body: `Your order ${d.orderNumber} is now ${STATUS_WORDS[d.to]} (was ${STATUS_WORDS[d.from]}).`,
        subject: d.orderId,
        audience: userAudience(d.customerId),
        data: { orderId: d.orderId, orderNumber: d.orderNumber, from: d.from, to: d.to },
      };
    }
    case InventoryEventType.LowStock: {
      const d = event.data;
      return {
        ...base,
        title: `Low stock: ${d.sku}`,
        body: `${d.sku} is down to ${d.available} (threshold ${d.threshold}).`,
        subject: d.sku,
        audience: ADMIN_AUDIENCE,
        data: { sku: d.sku, available: d.available, threshold: d.threshold },
      };
    }
    case InventoryEventType.OutOfStock: {
      const d = event.data;
      return {
        ...base,
        title: `Out of stock: ${d.sku}`,
        body: `${d.sku} is out of stock.`,
        subject: d.sku,
        audience: ADMIN_AUDIENCE,
        data: { sku: d.sku, available: d.available, threshold: d.threshold },
      };
    }
    case InventoryEventType.StockChanged:
    case ProductEventType.Created:
    case ProductEventType.Updated:
    case ProductEventType.Deleted:
      return null;
    default:
      return assertNever(event);
  }
}
