import type { EventBody, EventTypeOn, ReservationResult, Topic } from '@mstore/contracts';
import type { MovementKind, ReservationStatus } from '../database/entities';

export type { MovementKind, ReservationStatus };

export interface StockRow {
  sku: string;
  available: number;
  reserved: number;
  lowStockThreshold: number | null;
}

export interface Line {
  sku: string;
  quantity: number;
}

export interface ReservationRow {
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  lines: Line[];
}

export interface MovementInput {
  sku: string;
  kind: MovementKind;
  availableDelta: number;
  reservedDelta: number;
  availableAfter: number;
  reservedAfter: number;
  reason: string;
  actor: string;
  orderId: string | null;
}

export interface MovementRow extends MovementInput {
  id: string;
  createdAt: Date;
}

/** An inventory-events event for the outbox: its data is typed by its type's schema in EVENT_CATALOG. */
export type EventInput = EventBody<EventTypeOn<typeof Topic.Inventory>> & { subject: string };

export const toReservationResult = (row: ReservationRow): ReservationResult => ({
  orderId: row.orderId,
  status: row.status,
  lines: row.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  expiresAt: row.expiresAt.toISOString(),
});
