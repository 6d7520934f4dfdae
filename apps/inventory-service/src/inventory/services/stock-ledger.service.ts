import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';
import {
  EventInput,
  MovementInput,
  MovementKind,
  ReservationRow,
  StockRow,
} from '../inventory.types';
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
    return (await this.applyAll(tx, [{ row, change }])).get(row.sku) ?? row;
  }

  /**
   * Applies the changes in order (a sku may come more than once); the audit rows and the events
   * of all of them go in one insert each. Rows must be locked; returns each sku's row after all.
   */
  async applyAll(
    tx: InventoryTx,
    changes: { row: StockRow; change: StockChange }[],
  ): Promise<Map<string, StockRow>> {
    const current = new Map<string, StockRow>();
    const movements: MovementInput[] = [];
    const events: EventInput[] = [];
    for (const { row: locked, change } of changes) {
      const row = current.get(locked.sku) ?? locked;
      current.set(row.sku, row);
      if (change.availableDelta === 0 && change.reservedDelta === 0) continue;
      if (!(await tx.applyDelta(row.sku, change.availableDelta, change.reservedDelta))) {
        // the callers check the locked row first, so this means a bug, not a race
        throw new Error(`stock of ${row.sku} would go negative`);
      }
      const after: StockRow = {
        ...row,
        available: row.available + change.availableDelta,
        reserved: row.reserved + change.reservedDelta,
      };
      current.set(row.sku, after);
      movements.push({
        sku: row.sku,
        kind: change.kind,
        availableDelta: change.availableDelta,
        reservedDelta: change.reservedDelta,
        availableAfter: after.available,
        reservedAfter: after.reserved,
        reason: change.reason,
        actor: change.actor,
        orderId: change.orderId ?? null,
      });
      events.push(...stockEvents(row, after, change.reason, this.config.LOW_STOCK_THRESHOLD));
    }
    await tx.recordMovements(movements);
    await tx.appendEvents(events);
    return current;
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
    const changes: { row: StockRow; change: StockChange }[] = [];
    for (const reservation of reservations) {
      const committed = reservation.status === 'COMMITTED';
      for (const line of reservation.lines) {
        const row = stock.get(line.sku);
        if (!row) continue; // skus are never deleted; nothing to give back to
        changes.push({
          row,
          change: {
            kind: committed ? 'RETURN' : kind,
            availableDelta: line.quantity,
            reservedDelta: committed ? 0 : -line.quantity,
            reason: kind === 'EXPIRE' ? 'reservation expired' : 'reservation released',
            actor,
            orderId: reservation.orderId,
          },
        });
      }
    }
    await this.applyAll(tx, changes);
  }
}
