import { createEvent, InvalidEventError, NewEvent } from './event-factory';
import { parseEvent } from './event-registry';
import { InventoryEventType } from './inventory-events';
import { OrderEventType } from './order-events';
import { ProductEventType } from './product-events';
import { Topic } from './topics';

const cancelled = {
  type: OrderEventType.Cancelled,
  source: 'order-service',
  subject: 'o-1',
  data: { orderId: 'o-1', orderNumber: 'ORD-1', customerId: 'c-1', cancelledBy: 'alice' },
} satisfies NewEvent;

describe(createEvent.name, () => {
  it.each([
    [OrderEventType.Cancelled, cancelled, Topic.Order],
    [
      InventoryEventType.LowStock,
      {
        type: InventoryEventType.LowStock,
        source: 'inventory-service',
        subject: 'KIT-MUG-001',
        data: { sku: 'KIT-MUG-001', available: 2, threshold: 5 },
      },
      Topic.Inventory,
    ],
    [
      ProductEventType.Deleted,
      {
        type: ProductEventType.Deleted,
        source: 'product-service',
        subject: 'p-1',
        data: {
          id: 'p-1',
          sku: 'KIT-MUG-001',
          name: 'Mug',
          category: 'kitchen',
          price: 1299,
          currency: 'USD',
          version: 3,
        },
      },
      Topic.Product,
    ],
  ] as [string, NewEvent, Topic][])(
    'puts %s on the topic EVENT_CATALOG names',
    (_t, input, topic) => {
      expect(createEvent(input).topic).toBe(topic);
    },
  );

  it('builds the envelope the consumers accept, on its topic', () => {
    const time = new Date('2026-01-01T12:00:00.000Z');
    const { topic, event } = createEvent({ ...cancelled, time });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'order.cancelled',
      source: 'order-service',
      subject: 'o-1',
      time: '2026-01-01T12:00:00.000Z',
      data: cancelled.data,
    });
    expect(parseEvent(JSON.stringify(event), topic)).toEqual(event);
  });

  it('refuses a drifted payload at runtime, naming the type and the field', () => {
    const drifted = { ...cancelled, data: { ...cancelled.data, cancelledBy: 42 } };
    // the cast stands for what the types cannot see: JSON, a cast, an `any` upstream
    const run = () => createEvent(drifted as unknown as NewEvent);
    expect(run).toThrow(InvalidEventError);
    expect(run).toThrow(/order\.cancelled: invalid data[\s\S]*cancelledBy/);
  });

  it('refuses an event type the catalog does not know', () => {
    const unknown = { ...cancelled, type: 'order.teleported' } as unknown as NewEvent;
    expect(() => createEvent(unknown)).toThrow('unknown event type order.teleported');
  });

  it('does not compile a drifted payload, a mismatched type or a topic of its own', () => {
    // compile-time only: `tsc` (the typecheck target covers specs) fails if any line compiles
    const typeErrors = (): NewEvent[] => [
      // @ts-expect-error cancelledBy is a string
      { ...cancelled, data: { ...cancelled.data, cancelledBy: 42 } },
      // @ts-expect-error order.placed's data has lines, total and currency
      { ...cancelled, type: OrderEventType.Placed },
      // @ts-expect-error producers do not name the topic, the catalog does
      { ...cancelled, topic: Topic.Inventory },
    ];
    expect(typeErrors).toBeInstanceOf(Function);
  });
});
