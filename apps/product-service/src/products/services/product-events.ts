import { createEvent, ProductEventData, ProductEventType } from '@mstore/contracts';
import { captureTraceContext } from '@mstore/messaging';
import { PendingEvent, Product } from '../product.types';

export const EVENT_SOURCE = 'product-service';

export type ProductEventKind = (typeof ProductEventType)[keyof typeof ProductEventType];

/**
 * The CloudEvent announcing `product`'s new state, ready to store on its document. The topic comes
 * from EVENT_CATALOG and the data is checked against its schema, before the document is written.
 */
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
  const { topic, event } = createEvent({
    type,
    source: EVENT_SOURCE,
    subject: product.id,
    data,
    time,
  });
  // stored in the same document write: the relay publishes it in the writing request's trace
  return { id: event.id, topic, type, payload: JSON.stringify(event), ...captureTraceContext() };
}
