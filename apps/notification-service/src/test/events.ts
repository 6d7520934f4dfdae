import { randomUUID } from 'node:crypto';
import {
  CloudEvent,
  createCloudEvent,
  InventoryEventType,
  OrderEventType,
  ProductEventType,
} from '@mstore/contracts';

/** Valid CloudEvents of every type, each about a fresh order id or sku unless told otherwise. */
let counter = 0;
const orderBase = (customerId: string, orderId = `ord-${randomUUID()}`) => ({
  orderId,
  orderNumber: `MS-T${++counter}`,
  customerId,
});

export const orderPlaced = (customerId: string, orderId?: string, total = 2598) => {
  const base = orderBase(customerId, orderId);
  return createCloudEvent({
    source: 'order-service',
    type: OrderEventType.Placed,
    subject: base.orderId,
    data: {
      ...base,
      status: 'CONFIRMED',
      lines: [{ sku: 'KIT-MUG-001', name: 'Mug', quantity: 2, unitPrice: 1299, lineTotal: 2598 }],
      total,
      currency: 'USD',
    },
  });
};

export const orderCancelled = (customerId: string, orderId?: string) => {
  const base = orderBase(customerId, orderId);
  return createCloudEvent({
    source: 'order-service',
    type: OrderEventType.Cancelled,
    subject: base.orderId,
    data: { ...base, cancelledBy: customerId },
  });
};

export const orderStatusChanged = (customerId: string, orderId?: string) => {
  const base = orderBase(customerId, orderId);
  return createCloudEvent({
    source: 'order-service',
    type: OrderEventType.StatusChanged,
    subject: base.orderId,
    data: { ...base, from: 'CONFIRMED', to: 'SHIPPED', changedBy: 'admin' },
  });
};

export const lowStock = (sku: string, available = 2) =>
  createCloudEvent({
    source: 'inventory-service',
    type: InventoryEventType.LowStock,
    subject: sku,
    data: { sku, available, threshold: 5 },
  });

export const outOfStock = (sku: string) =>
  createCloudEvent({
    source: 'inventory-service',
    type: InventoryEventType.OutOfStock,
    subject: sku,
    data: { sku, available: 0, threshold: 5 },
  });

export const stockChanged = (sku: string) =>
  createCloudEvent({
    source: 'inventory-service',
    type: InventoryEventType.StockChanged,
    subject: sku,
    data: { sku, available: 7, reserved: 1, delta: -1, reason: 'reservation' },
  });

export const productCreated = (sku: string) =>
  createCloudEvent({
    source: 'product-service',
    type: ProductEventType.Created,
    subject: `p-${sku}`,
    data: {
      id: `p-${sku}`,
      sku,
      name: 'Mug',
      category: 'kitchen',
      price: 1299,
      currency: 'USD',
      version: 1,
    },
  });

export type AnyEvent = CloudEvent<unknown>;
