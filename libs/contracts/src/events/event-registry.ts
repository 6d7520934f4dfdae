import { z } from 'zod';
import { CloudEvent, cloudEventSchema } from './cloud-event';
import {
  InventoryEventType,
  stockChangedDataSchema,
  stockLevelDataSchema,
} from './inventory-events';
import {
  OrderEventType,
  orderCancelledDataSchema,
  orderPlacedDataSchema,
  orderStatusChangedDataSchema,
} from './order-events';
import { ProductEventType, productEventDataSchema } from './product-events';
import { Topic } from './topics';

/** Every event type, the topic it travels on and the schema of its `data`. */
export const EVENT_CATALOG = {
  [OrderEventType.Placed]: { topic: Topic.Order, data: orderPlacedDataSchema },
  [OrderEventType.Cancelled]: { topic: Topic.Order, data: orderCancelledDataSchema },
  [OrderEventType.StatusChanged]: { topic: Topic.Order, data: orderStatusChangedDataSchema },
  [InventoryEventType.StockChanged]: { topic: Topic.Inventory, data: stockChangedDataSchema },
  [InventoryEventType.LowStock]: { topic: Topic.Inventory, data: stockLevelDataSchema },
  [InventoryEventType.OutOfStock]: { topic: Topic.Inventory, data: stockLevelDataSchema },
  [ProductEventType.Created]: { topic: Topic.Product, data: productEventDataSchema },
  [ProductEventType.Updated]: { topic: Topic.Product, data: productEventDataSchema },
  [ProductEventType.Deleted]: { topic: Topic.Product, data: productEventDataSchema },
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['data']>;
export type KnownEvent = { [T in EventType]: CloudEvent<EventData<T>> & { type: T } }[EventType];

export class EventParseError extends Error {}

/** Parses a raw Kafka value into a known, valid event; throws EventParseError naming what is wrong. */
export function parseEvent(raw: Buffer | string | null, topic: string): KnownEvent {
  if (raw === null) throw new EventParseError('empty message');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new EventParseError('not JSON');
  }
  const envelope = cloudEventSchema.safeParse(json);
  if (!envelope.success)
    throw new EventParseError(`not a CloudEvent: ${z.prettifyError(envelope.error)}`);
  const entry = (EVENT_CATALOG as Record<string, { topic: string; data: z.ZodType }>)[
    envelope.data.type
  ];
  if (!entry) throw new EventParseError(`unknown event type ${envelope.data.type}`);
  if (entry.topic !== topic)
    throw new EventParseError(`${envelope.data.type} does not belong on ${topic}`);
  const data = entry.data.safeParse(envelope.data.data);
  if (!data.success) throw new EventParseError(`invalid data: ${z.prettifyError(data.error)}`);
  return { ...envelope.data, data: data.data } as KnownEvent;
}
