import { Inject, Injectable } from '@nestjs/common';
import { Page } from '@mstore/contracts';
import { APP_CONFIG, Outbox } from '@mstore/platform';
import { AppConfig } from '../../config';
import { InventoryError, InventoryErrorCode } from '../inventory.errors';
import { MovementRow, StockRow } from '../inventory.types';
import { InventoryRepository } from '../repositories/inventory.repository';
import { StockLedgerService } from './stock-ledger.service';

export const MAX_STOCK = 1_000_000;

export interface StockLevel {
  sku: string;
  available: number;
  inStock: boolean;
  known: boolean;
  /** Present (true) only when its product was deleted: never orderable again, whatever is left. */
  retired?: true;
}
export interface StockDetail extends StockLevel {
  reserved: number;
  lowStockThreshold: number | null;
}

export type MovementView = Omit<MovementRow, 'createdAt'> & { createdAt: string };

/** `retired: true` is added only for a deleted product's sku: other answers keep their shape. */
const retiredMark = (retired: boolean): { retired?: true } => (retired ? { retired: true } : {});

const detail = (row: StockRow, retired: boolean): StockDetail => ({
  sku: row.sku,
  available: row.available,
  reserved: row.reserved,
  inStock: !retired && row.available > 0,
  known: true,
  ...retiredMark(retired),
  lowStockThreshold: row.lowStockThreshold,
});

/** Stock levels and the admin's changes to them. */
@Injectable()
export class StockService {
  constructor(
    private readonly repository: InventoryRepository,
    private readonly ledger: StockLedgerService,
    private readonly relay: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One entry per requested sku, in request order; unknown skus are reported, not dropped, and a
   * deleted product's sku is retired: not in stock, whatever is left on the shelf.
   */
  async levels(skus: string[]): Promise<StockLevel[]> {
    const unique = [...new Set(skus)];
    const [stock, retired] = await Promise.all([
      this.repository.findStock(unique),
      this.repository.findRetired(unique),
    ]);
    const rows = new Map(stock.map((r) => [r.sku, r]));
    return unique.map((sku) => {
      const row = rows.get(sku);
      const isRetired = retired.has(sku);
      return row
        ? {
            sku,
            available: row.available,
            inStock: !isRetired && row.available > 0,
            known: true,
            ...retiredMark(isRetired),
          }
        : { sku, available: 0, inStock: false, known: false, ...retiredMark(isRetired) };
    });
  }

  /** product.deleted: the skus are retired for good (a deleted product's sku is never reused). */
  retire(products: { sku: string; productId: string }[]): Promise<void> {
    return this.repository.retire(products);
  }

  /** Sets the available stock (creating the sku when absent) and optionally its low-stock threshold. */
  async set(
    sku: string,
    available: number,
    lowStockThreshold: number | null | undefined,
    actor: string,
  ): Promise<StockDetail> {
    const row = await this.repository.transaction(async (tx) => {
      await tx.createStockIfAbsent(sku);
      let [current] = await tx.lockStock([sku]);
      if (lowStockThreshold !== undefined) {
        await tx.setThreshold(sku, lowStockThreshold);
        current = { ...current, lowStockThreshold };
      }
      return this.ledger.apply(tx, current, {
        kind: 'SET',
        availableDelta: available - current.available,
        reservedDelta: 0,
        reason: 'stock set by admin',
        actor,
      });
    });
    this.relay.nudge();
    return this.withRetired(row);
  }

  async adjust(sku: string, delta: number, reason: string, actor: string): Promise<StockDetail> {
    const row = await this.repository.transaction(async (tx) => {
      const [current] = await tx.lockStock([sku]);
      if (!current) throw notFound(sku);
      const next = current.available + delta;
      if (next < 0) {
        throw new InventoryError(
          InventoryErrorCode.InsufficientStock,
          `Stock of ${sku} cannot go below zero (available ${current.available}, delta ${delta}).`,
          { shortages: [{ sku, requested: -delta, available: current.available }] },
        );
      }
      if (next > MAX_STOCK) {
        throw new InventoryError(
          InventoryErrorCode.StockLimit,
          `Stock of ${sku} cannot exceed ${MAX_STOCK}.`,
        );
      }
      return this.ledger.apply(tx, current, {
        kind: 'ADJUST',
        availableDelta: delta,
        reservedDelta: 0,
        reason,
        actor,
      });
    });
    this.relay.nudge();
    return this.withRetired(row);
  }

  async detail(sku: string): Promise<StockDetail> {
    const [row] = await this.repository.findStock([sku]);
    if (!row) throw notFound(sku);
    return this.withRetired(row);
  }

  private async withRetired(row: StockRow): Promise<StockDetail> {
    return detail(row, (await this.repository.findRetired([row.sku])).has(row.sku));
  }

  async movements(sku: string, page: number, pageSize: number): Promise<Page<MovementView>> {
    const { items, total } = await this.repository.findMovements(
      sku,
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      items: items.map((m) => ({
        ...m,
        id: String(m.id),
        createdAt: new Date(m.createdAt).toISOString(),
      })),
      page,
      pageSize,
      total,
    };
  }

  /** Seeds each sku once; several instances starting together cannot double it. */
  async seed(items: readonly { sku: string; stock: number }[]): Promise<number> {
    if (!this.config.SEED_DEMO_DATA || (await this.repository.countStock()) > 0) return 0;
    let seeded = 0;
    for (const item of items) {
      const created = await this.repository.transaction(async (tx) => {
        if (!(await tx.createStockIfAbsent(item.sku))) return false;
        const [row] = await tx.lockStock([item.sku]);
        await this.ledger.apply(tx, row, {
          kind: 'SEED',
          availableDelta: item.stock,
          reservedDelta: 0,
          reason: 'demo data',
          actor: 'system',
        });
        return true;
      });
      if (created) seeded++;
    }
    this.relay.nudge();
    return seeded;
  }
}

const notFound = (sku: string) =>
  new InventoryError(InventoryErrorCode.SkuNotFound, `No stock record for sku ${sku}.`);
