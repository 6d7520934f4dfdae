import { createCloudEvent, ProductEventData, ProductEventType, Topic } from '@mstore/contracts';
import { PendingEvent, Product } from '../product.types';

export const EVENT_SOURCE = 'product-service';

export type ProductEventKind = (typeof ProductEventType)[keyof typeof ProductEventType];

/** The CloudEvent announcing `product`'s new state, ready to store on its document. */
export function productEvent(type: ProductEventKind, product: Product, time: Date): PendingEvent {
  const data: ProductEventData = {
    id: product.id,
    sku: product.sku,
    name: product.name,
    category: product.category,
    price: product.price,
    currency: product.currency,
    version: product.version,
  };
  const event = createCloudEvent({ source: EVENT_SOURCE, type, subject: product.id, data, time });
  return { id: event.id, topic: Topic.Product, type, payload: JSON.stringify(event) };
}
