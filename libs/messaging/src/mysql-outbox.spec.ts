import { InventoryEventType, NewEvent, OrderEventType, Topic } from '@mstore/contracts';
import type { EntityManager } from 'typeorm';
import { appendOutbox, appendOutboxAll } from './mysql-outbox';

/** Records the rows of the one multi-row insert appendOutboxAll makes. */
const fakeManager = () => {
  const inserted: Record<string, string>[][] = [];
  const builder = {
    insert: () => builder,
    into: () => builder,
    values: (rows: Record<string, string>[]) => (inserted.push(rows), builder),
    updateEntity: () => builder,
    execute: jest.fn().mockResolvedValue(undefined),
  };
  const manager = { createQueryBuilder: () => builder } as unknown as EntityManager;
  return { manager, inserted, execute: builder.execute };
};

const stockChanged = {
  type: InventoryEventType.StockChanged,
  source: 'inventory-service',
  subject: 'KIT-MUG-001',
  data: { sku: 'KIT-MUG-001', available: 3, reserved: 1, delta: -1, reason: 'reserve' },
} satisfies NewEvent;
const statusChanged = {
  type: OrderEventType.StatusChanged,
  source: 'order-service',
  subject: 'o-1',
  data: {
    orderId: 'o-1',
    orderNumber: 'ORD-1',
    customerId: 'c-1',
    from: 'CONFIRMED',
    to: 'SHIPPED',
    changedBy: 'admin',
  },
} satisfies NewEvent;

describe(appendOutboxAll.name, () => {
  it("takes each row's topic from EVENT_CATALOG, keyed by the subject, in the order given", async () => {
    const { manager, inserted } = fakeManager();
    const ids = await appendOutboxAll(manager, [stockChanged, statusChanged]);
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject([
      { topic: Topic.Inventory, messageKey: 'KIT-MUG-001', type: 'inventory.stock-changed' },
      { topic: Topic.Order, messageKey: 'o-1', type: 'order.status-changed' },
    ]);
    expect(inserted[0].map((r) => r.eventId)).toEqual(ids);
    expect(JSON.parse(inserted[0][1].payload)).toMatchObject({
      id: ids[1],
      type: 'order.status-changed',
      subject: 'o-1',
      data: statusChanged.data,
    });
  });

  it('throws on a drifted payload before inserting anything, so the transaction rolls back', async () => {
    const { manager, execute } = fakeManager();
    const drifted = { ...statusChanged, data: { ...statusChanged.data, to: 'LOST' } };
    await expect(
      appendOutboxAll(manager, [stockChanged, drifted as unknown as NewEvent]),
    ).rejects.toThrow(/order\.status-changed: invalid data/);
    expect(execute).not.toHaveBeenCalled();
  });

  it('does not compile a drifted payload', () => {
    const { manager } = fakeManager();
    // compile-time only (the typecheck target covers specs); never called
    const typeError = () =>
      appendOutbox(manager, {
        ...stockChanged,
        // @ts-expect-error available is an integer, not a string
        data: { ...stockChanged.data, available: '3' },
      });
    expect(typeError).toBeInstanceOf(Function);
  });
});
