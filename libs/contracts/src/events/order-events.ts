import { z } from 'zod';

export const OrderEventType = {
  Placed: 'order.placed',
  Cancelled: 'order.cancelled',
  StatusChanged: 'order.status-changed',
} as const;

export const orderStatusSchema = z.enum([
  'PENDING',
  'CONFIRMED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

const orderLineEventSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  lineTotal: z.number().int(),
});

export const orderPlacedDataSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  status: orderStatusSchema,
  lines: z.array(orderLineEventSchema),
  total: z.number().int(),
  currency: z.string(),
});
export const orderCancelledDataSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  cancelledBy: z.string(),
});
export const orderStatusChangedDataSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  from: orderStatusSchema,
  to: orderStatusSchema,
  changedBy: z.string(),
});
export type OrderPlacedData = z.infer<typeof orderPlacedDataSchema>;
export type OrderCancelledData = z.infer<typeof orderCancelledDataSchema>;
export type OrderStatusChangedData = z.infer<typeof orderStatusChangedDataSchema>;
