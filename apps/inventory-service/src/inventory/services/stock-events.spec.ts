import { InventoryEventType } from '@mstore/contracts';
import { StockRow } from '../inventory.types';
import { stockEvents } from './stock-events';

const row = (available: number, overrides: Partial<StockRow> = {}): StockRow => ({
  sku: 'MUG-1',
  available,
  reserved: 0,
  lowStockThreshold: null,
  ...overrides,
});
const types = (before: number, after: number, threshold?: number) =>
  stockEvents(row(before), row(after, { lowStockThreshold: threshold ?? null }), 'test', 5).map(
    (e) => e.type,
  );

describe(stockEvents.name, () => {
  it('announces every change of available stock with its delta and reason', () => {
    const [event] = stockEvents(row(10), row(7, { reserved: 3 }), 'reservation', 5);
    expect(event).toEqual({
      type: InventoryEventType.StockChanged,
      subject: 'MUG-1',
      data: { sku: 'MUG-1', available: 7, reserved: 3, delta: -3, reason: 'reservation' },
    });
  });

  it('says nothing when available did not change', () => {
    expect(types(4, 4)).toEqual([]);
  });

  it('alerts low stock only when crossing the threshold downwards', () => {
    expect(types(6, 5)).toContain(InventoryEventType.LowStock);
    expect(types(5, 4)).not.toContain(InventoryEventType.LowStock);
    expect(types(2, 9)).not.toContain(InventoryEventType.LowStock);
  });

  it('alerts out of stock at 0 instead of low stock', () => {
    expect(types(10, 0)).toEqual([InventoryEventType.StockChanged, InventoryEventType.OutOfStock]);
    expect(types(0, 0)).toEqual([]);
  });

  it('prefers the sku threshold over the default', () => {
    const [, alert] = stockEvents(row(25), row(20, { lowStockThreshold: 20 }), 'count', 5);
    expect(alert).toEqual({
      type: InventoryEventType.LowStock,
      subject: 'MUG-1',
      data: { sku: 'MUG-1', available: 20, threshold: 20 },
    });
  });
});
