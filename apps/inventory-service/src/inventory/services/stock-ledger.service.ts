import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { MovementKind, ReservationRow, StockRow } from '../inventory.types';
import { InventoryTx } from '../repositories/inventory-tx';
import { stockEvents } from './stock-events';

export interface StockChange {
  kind: MovementKind;
  availableDelta: number;
  reservedDelta: number;
  reason: string;
  actor: string;
  orderId?: string | null;
}

/** Every stock change goes through here: conditional update, audit row and events, in the caller's transaction. */
@Injectable()
export class StockLedgerService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `row` must be locked by the transaction; returns the row after the change. */
  async apply(tx: InventoryTx, row: StockRow, change: StockChange): Promise<StockRow> {
    if (change.availableDelta === 0 && change.reservedDelta === 0) return row;
    if (!(await tx.applyDelta(row.sku, change.availableDelta, change.reservedDelta))) {
      // the callers check the locked row first, so this means a bug, not a race
      throw new Error(`stock of ${row.sku} would go negative`);
    }
    const after: StockRow = {
      ...row,
      available: row.available + change.availableDelta,
      reserved: row.reserved + change.reservedDelta,
    };
    await tx.recordMovements([
      {
        sku: row.sku,
        kind: change.kind,
        availableDelta: change.availableDelta,
        reservedDelta: change.reservedDelta,
        availableAfter: after.available,
        reservedAfter: after.reserved,
        reason: change.reason,
        actor: change.actor,
        orderId: change.orderId ?? null,
      },
    ]);
    await tx.appendEvents(stockEvents(row, after, change.reason, this.config.LOW_STOCK_THRESHOLD));
    return after;
  }

  /**
   * Gives the stock of open or committed reservations back: a RESERVED one moves reserved back to
   * available, a COMMITTED one (a cancelled order) returns its units to available.
   */
  async giveBack(
    tx: InventoryTx,
    reservations: ReservationRow[],
    kind: 'RELEASE' | 'EXPIRE',
    actor: string,
  ): Promise<void> {
    const skus = [...new Set(reservations.flatMap((r) => r.lines.map((l) => l.sku)))];
    const stock = new Map((await tx.lockStock(skus)).map((s) => [s.sku, s]));
    for (const reservation of reservations) {
      const committed = reservation.status === 'COMMITTED';
      for (const line of reservation.lines) {
        const row = stock.get(line.sku);
        if (!row) continue; // skus are never deleted; nothing to give back to
        const after = await this.apply(tx, row, {
          kind: committed ? 'RETURN' : kind,
          availableDelta: line.quantity,
          reservedDelta: committed ? 0 : -line.quantity,
          reason: kind === 'EXPIRE' ? 'reservation expired' : 'reservation released',
          actor,
          orderId: reservation.orderId,
        });
        stock.set(line.sku, after);
      }
    }
  }
}
