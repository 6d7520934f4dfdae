import { createCloudEvent, cloudEventSchema } from './cloud-event';
import { EVENT_CATALOG, EventParseError, parseEvent } from './event-registry';
import { InventoryEventType } from './inventory-events';
import { OrderEventType } from './order-events';
import { ProductEventType } from './product-events';
import { ALL_TOPICS, dlqTopic, Topic } from './topics';

const placedData = {
  orderId: 'o-1',
  orderNumber: 'ORD-260101-ABC123',
  customerId: 'c-1',
  status: 'CONFIRMED',
  lines: [{ sku: 'KIT-MUG-001', name: 'Mug', quantity: 2, unitPrice: 1299, lineTotal: 2598 }],
  total: 2598,
  currency: 'USD',
};
const placed = (overrides: Record<string, unknown> = {}) => ({
  ...createCloudEvent({
    source: 'order-service',
    type: OrderEventType.Placed,
    subject: 'o-1',
    data: placedData,
  }),
  ...overrides,
});
const raw = (value: unknown) => Buffer.from(JSON.stringify(value));
const parseError = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    return (error as Error).message;
  }
  throw new Error('expected an EventParseError');
};

describe('createCloudEvent', () => {
  it('builds a CloudEvents 1.0 envelope that its own schema accepts', () => {
    const event = createCloudEvent({
      source: 'inventory-service',
      type: InventoryEventType.StockChanged,
      subject: 'KIT-MUG-001',
      data: { sku: 'KIT-MUG-001', available: 3, reserved: 1, delta: -1, reason: 'reserve' },
      time: new Date('2026-01-01T12:00:00.000Z'),
    });
    expect(cloudEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      time: '2026-01-01T12:00:00.000Z',
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every event its own id unless one is given (the consumers dedupe on it)', () => {
    const input = { source: 's', type: 't', subject: 'x', data: {} };
    expect(createCloudEvent(input).id).not.toBe(createCloudEvent(input).id);
    const id = '2f1d0a3e-6a8b-4c9e-9f00-1a2b3c4d5e6f';
    expect(createCloudEvent({ ...input, id }).id).toBe(id);
  });
});

describe(parseEvent.name, () => {
  it('returns a known event from a Buffer or a string', () => {
    const event = placed();
    expect(parseEvent(raw(event), Topic.Order)).toEqual(event);
    expect(parseEvent(JSON.stringify(event), Topic.Order)).toEqual(event);
  });

  it('drops data members the schema does not know', () => {
    const event = placed({ data: { ...placedData, internalNote: 'x' } });
    expect(parseEvent(raw(event), Topic.Order).data).toEqual(placedData);
  });

  it.each([
    ['an empty message', null, 'empty message'],
    ['a value that is not JSON', Buffer.from('{nope'), 'not JSON'],
    ['JSON that is no CloudEvent', raw({ hello: 'world' }), 'not a CloudEvent'],
    ['another specversion', raw(placed({ specversion: '0.3' })), 'not a CloudEvent'],
    ['an id that is no uuid', raw(placed({ id: '42' })), 'not a CloudEvent'],
    ['a time without offset', raw(placed({ time: '2026-01-01 12:00' })), 'not a CloudEvent'],
    ['an unknown type', raw(placed({ type: 'order.teleported' })), 'unknown event type'],
    [
      'data that does not fit its type',
      raw(placed({ data: { ...placedData, total: 25.98 } })),
      'invalid data',
    ],
    [
      'a status outside the order statuses',
      raw(placed({ data: { ...placedData, status: 'LOST' } })),
      'invalid data',
    ],
  ])('refuses %s, naming what is wrong', (_case, value, message) => {
    expect(parseError(() => parseEvent(value, Topic.Order))).toContain(message);
  });

  it('refuses a known event on a topic it does not belong on', () => {
    expect(parseError(() => parseEvent(raw(placed()), Topic.Inventory))).toBe(
      'order.placed does not belong on inventory-events',
    );
  });
});

describe('EVENT_CATALOG', () => {
  it('has every event type of the design, each on its own topic (DESIGN §5)', () => {
    const byTopic = (topic: string) =>
      Object.entries(EVENT_CATALOG)
        .filter(([, entry]) => entry.topic === topic)
        .map(([type]) => type)
        .sort();
    expect(byTopic(Topic.Order)).toEqual(Object.values(OrderEventType).sort());
    expect(byTopic(Topic.Inventory)).toEqual(Object.values(InventoryEventType).sort());
    expect(byTopic(Topic.Product)).toEqual(Object.values(ProductEventType).sort());
    expect([...ALL_TOPICS].sort()).toEqual(
      ['order-events', 'inventory-events', 'product-events'].sort(),
    );
  });

  it('parks failures on <topic>.dlq', () => {
    expect(ALL_TOPICS.map(dlqTopic)).toEqual([
      'product-events.dlq',
      'inventory-events.dlq',
      'order-events.dlq',
    ]);
  });
});
