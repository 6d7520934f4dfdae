import { InventoryEventType, StockChangedData, StockLevelData } from '@mstore/contracts';
import { EventInput, StockRow } from '../inventory.types';

/**
 * Events for one change of a sku's available stock: always stock-changed; out-of-stock when it
 * reaches 0; low-stock when it falls from above the threshold to at or below it (but not to 0).
 */
export function stockEvents(
  before: StockRow,
  after: StockRow,
  reason: string,
  defaultThreshold: number,
): EventInput[] {
  const delta = after.available - before.available;
  if (delta === 0) return [];
  const changed: StockChangedData = {
    sku: after.sku,
    available: after.available,
    reserved: after.reserved,
    delta,
    reason,
  };
  const events: EventInput[] = [
    { type: InventoryEventType.StockChanged, subject: after.sku, data: changed },
  ];
  const threshold = after.lowStockThreshold ?? defaultThreshold;
  const level: StockLevelData = { sku: after.sku, available: after.available, threshold };
  if (after.available === 0 && before.available > 0) {
    events.push({ type: InventoryEventType.OutOfStock, subject: after.sku, data: level });
  } else if (after.available > 0 && after.available <= threshold && before.available > threshold) {
    events.push({ type: InventoryEventType.LowStock, subject: after.sku, data: level });
  }
  return events;
}
