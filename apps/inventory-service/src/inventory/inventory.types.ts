import type { EventBody, EventTypeOn, ReservationResult, Topic } from '@mstore/contracts';
import type {
  MovementKind,
  ReservationLineRecord,
  ReservationRecord,
  ReservationStatus,
  StockMovementRecord,
  StockRecord,
} from '../database/inventory-tables';

export type { MovementKind, ReservationStatus };

export type StockRow = Pick<StockRecord, 'sku' | 'available' | 'reserved' | 'lowStockThreshold'>;

export type Line = Pick<ReservationLineRecord, 'sku' | 'quantity'>;

export interface ReservationRow extends Pick<
  ReservationRecord,
  'orderId' | 'status' | 'expiresAt'
> {
  lines: Line[];
}

export type MovementInput = Omit<StockMovementRecord, 'id' | 'createdAt'>;

export type MovementRow = StockMovementRecord;

/** An inventory-events event for the outbox: its data is typed by its type's schema in EVENT_CATALOG. */
export type EventInput = EventBody<EventTypeOn<typeof Topic.Inventory>> & { subject: string };

export const toReservationResult = (row: ReservationRow): ReservationResult => ({
  orderId: row.orderId,
  status: row.status,
  lines: row.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  expiresAt: row.expiresAt.toISOString(),
});
