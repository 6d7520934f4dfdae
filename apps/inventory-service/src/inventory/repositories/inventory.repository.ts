import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { columnList } from '@mstore/mysql';
import { DataSource } from 'typeorm';
import {
  reservationTable,
  retiredSkuTable,
  stockMovementTable,
  stockTable,
} from '../../database/inventory-tables';
import { MovementRow, ReservationRow, StockRow } from '../inventory.types';
import {
  attachLines,
  InventoryTx,
  isMysqlError,
  RESERVATION_COLUMNS,
  ReservationDbRow,
  STOCK_COLUMNS,
} from './inventory-tx';

const DEADLOCK_ATTEMPTS = 5;

/** The only place that talks to MySQL for stock, reservations and the audit log. */
@Injectable()
export class InventoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findStock(skus: string[]): Promise<StockRow[]> {
    if (skus.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${STOCK_COLUMNS} FROM ${stockTable.name} WHERE sku IN (?)`,
      [skus],
    );
  }

  /** Which of these skus belong to a deleted product. */
  async findRetired(skus: string[]): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const rows: { sku: string }[] = await this.dataSource.query(
      `SELECT sku FROM ${retiredSkuTable.name} WHERE sku IN (?)`,
      [skus],
    );
    return new Set(rows.map((r) => r.sku));
  }

  /** Marks deleted products' skus retired; idempotent (a redelivered event changes nothing). */
  async retire(products: { sku: string; productId: string }[]): Promise<void> {
    if (products.length === 0) return;
    const columns = columnList(retiredSkuTable, ['sku', 'productId']);
    await this.dataSource.query(
      `INSERT IGNORE INTO ${retiredSkuTable.name} (${columns}) VALUES ?`,
      [products.map((p) => [p.sku, p.productId])],
    );
  }

  async countStock(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${stockTable.name}`);
    return Number(n);
  }

  /** Reservations holding stock now; counted in the sweeper's index (status, expiresAt). */
  async countHeldReservations(): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${reservationTable.name} WHERE status = 'RESERVED'`,
    );
    return Number(n);
  }

  async findReservation(orderId: string): Promise<ReservationRow | null> {
    const rows: ReservationDbRow[] = await this.dataSource.query(
      `SELECT ${RESERVATION_COLUMNS} FROM ${reservationTable.name} WHERE orderId = ?`,
      [orderId],
    );
    return (await attachLines(this.dataSource.manager, rows))[0] ?? null;
  }

  /** Newest first. */
  async findMovements(
    sku: string,
    offset: number,
    limit: number,
  ): Promise<{ items: MovementRow[]; total: number }> {
    const [{ n }] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${stockMovementTable.name} WHERE sku = ?`,
      [sku],
    );
    const items: MovementRow[] = await this.dataSource.query(
      `SELECT ${columnList(stockMovementTable)}
       FROM ${stockMovementTable.name} WHERE sku = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
      [sku, limit, offset],
    );
    return { items, total: Number(n) };
  }

  /**
   * Runs `work` in one READ COMMITTED transaction (no gap locks; the row locks do the work) and
   * retries it when InnoDB picks it as a deadlock victim, which rolled everything back.
   */
  async transaction<T>(work: (tx: InventoryTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction('READ COMMITTED', (manager) =>
          work(new InventoryTx(manager)),
        );
      } catch (error) {
        if (!isMysqlError(error, 'ER_LOCK_DEADLOCK') || attempt >= DEADLOCK_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
}
