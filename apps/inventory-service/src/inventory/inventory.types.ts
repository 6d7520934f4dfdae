import type { ReservationResult } from '@mstore/contracts';
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

export interface EventInput {
  type: string;
  subject: string;
  data: unknown;
}

export const toReservationResult = (row: ReservationRow): ReservationResult => ({
  orderId: row.orderId,
  status: row.status,
  lines: row.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  expiresAt: row.expiresAt.toISOString(),
});
