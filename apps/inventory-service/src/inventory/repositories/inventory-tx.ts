import { appendOutboxAll } from '@mstore/messaging';
import { columnList, isMysqlDuplicateKey } from '@mstore/mysql';
import { EntityManager, QueryFailedError } from 'typeorm';
import {
  reservationLineTable,
  reservationTable,
  stockMovementTable,
  stockTable,
} from '../../database/inventory-tables';
import {
  EventInput,
  Line,
  MovementInput,
  ReservationRow,
  ReservationStatus,
  StockRow,
} from '../inventory.types';

const SOURCE = 'inventory-service';

// the statements' column lists, checked against the table descriptions
export const STOCK_COLUMNS = columnList(stockTable, [
  'sku',
  'available',
  'reserved',
  'lowStockThreshold',
]);
export const RESERVATION_COLUMNS = columnList(reservationTable, ['orderId', 'status', 'expiresAt']);
const LINE_COLUMNS = columnList(reservationLineTable, ['orderId', 'sku', 'quantity']);
/** A movement's written columns, in the order of its VALUES. */
const MOVEMENT_FIELDS = [
  'sku',
  'kind',
  'availableDelta',
  'reservedDelta',
  'availableAfter',
  'reservedAfter',
  'reason',
  'actor',
  'orderId',
] as const;

/** Thrown when a reservation for the order id already exists (committed by someone else). */
export class ReservationExistsError extends Error {}

export const isMysqlError = (error: unknown, code: string): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string } | undefined)?.code === code;

export type ReservationDbRow = Omit<ReservationRow, 'lines'>;

/** The statements one inventory transaction may run; every method runs on the transaction's connection. */
export class InventoryTx {
  constructor(private readonly manager: EntityManager) {}

  /** Locks the existing rows in sku order (ascii_bin = JS order), so two transactions cannot deadlock. */
  async lockStock(skus: string[]): Promise<StockRow[]> {
    if (skus.length === 0) return [];
    return this.manager.query(
      `SELECT ${STOCK_COLUMNS} FROM ${stockTable.name} WHERE sku IN (?) ORDER BY sku FOR UPDATE`,
      [[...skus].sort()],
    );
  }

  /** Creates the sku with no stock when absent; true when it was created. */
  async createStockIfAbsent(sku: string): Promise<boolean> {
    const result = await this.manager.query(
      `INSERT IGNORE INTO ${stockTable.name} (sku, available, reserved) VALUES (?, 0, 0)`,
      [sku],
    );
    return result.affectedRows === 1;
  }

  /** Conditional update: false (nothing written) when either column would go below zero. */
  async applyDelta(sku: string, availableDelta: number, reservedDelta: number): Promise<boolean> {
    const result = await this.manager.query(
      `UPDATE ${stockTable.name} SET available = available + ?, reserved = reserved + ?
       WHERE sku = ? AND available + ? >= 0 AND reserved + ? >= 0`,
      [availableDelta, reservedDelta, sku, availableDelta, reservedDelta],
    );
    return result.affectedRows === 1;
  }

  async setThreshold(sku: string, threshold: number | null): Promise<void> {
    await this.manager.query(`UPDATE ${stockTable.name} SET lowStockThreshold = ? WHERE sku = ?`, [
      threshold,
      sku,
    ]);
  }

  /** Claims the order id; waits for a concurrent claim of the same id and then throws ReservationExistsError. */
  async insertReservation(orderId: string, expiresAt: Date, lines: Line[]): Promise<void> {
    try {
      await this.manager.query(
        `INSERT INTO ${reservationTable.name} (${RESERVATION_COLUMNS}) VALUES (?, 'RESERVED', ?)`,
        [orderId, expiresAt],
      );
    } catch (error) {
      if (isMysqlDuplicateKey(error)) throw new ReservationExistsError(orderId);
      throw error;
    }
    await this.manager.query(
      `INSERT INTO ${reservationLineTable.name} (${LINE_COLUMNS}) VALUES ?`,
      [lines.map((l) => [orderId, l.sku, l.quantity])],
    );
  }

  async lockReservation(orderId: string): Promise<ReservationRow | null> {
    const rows: ReservationDbRow[] = await this.manager.query(
      `SELECT ${RESERVATION_COLUMNS} FROM ${reservationTable.name} WHERE orderId = ? FOR UPDATE`,
      [orderId],
    );
    return rows.length === 0 ? null : (await attachLines(this.manager, rows))[0];
  }

  /** Expired open reservations no other instance is sweeping right now. */
  async lockExpiredReservations(now: Date, limit: number): Promise<ReservationRow[]> {
    const rows: ReservationDbRow[] = await this.manager.query(
      `SELECT ${RESERVATION_COLUMNS} FROM ${reservationTable.name}
       WHERE status = 'RESERVED' AND expiresAt <= ?
       ORDER BY expiresAt LIMIT ? FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return attachLines(this.manager, rows);
  }

  async setReservationStatus(orderIds: string[], status: ReservationStatus): Promise<void> {
    if (orderIds.length === 0) return;
    await this.manager.query(
      `UPDATE ${reservationTable.name} SET status = ? WHERE orderId IN (?)`,
      [status, orderIds],
    );
  }

  async recordMovements(movements: MovementInput[]): Promise<void> {
    if (movements.length === 0) return;
    await this.manager.query(
      `INSERT INTO ${stockMovementTable.name} (${columnList(stockMovementTable, MOVEMENT_FIELDS)}) VALUES ?`,
      [movements.map((m) => MOVEMENT_FIELDS.map((field) => m[field]))],
    );
  }

  async appendEvents(events: EventInput[]): Promise<void> {
    await appendOutboxAll(
      this.manager,
      events.map((event) => ({ ...event, source: SOURCE })),
    );
  }
}

/** Adds each reservation's lines (sku order). */
export async function attachLines(
  manager: EntityManager,
  rows: ReservationDbRow[],
): Promise<ReservationRow[]> {
  if (rows.length === 0) return [];
  const lines: (Line & { orderId: string })[] = await manager.query(
    `SELECT ${LINE_COLUMNS} FROM ${reservationLineTable.name} WHERE orderId IN (?) ORDER BY sku`,
    [rows.map((r) => r.orderId)],
  );
  return rows.map((r) => ({
    orderId: r.orderId,
    status: r.status,
    expiresAt: new Date(r.expiresAt),
    lines: lines
      .filter((l) => l.orderId === r.orderId)
      .map(({ sku, quantity }) => ({ sku, quantity })),
  }));
}
