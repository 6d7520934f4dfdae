import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface CartLineRow {
  sku: string;
  quantity: number;
  addedPrice: number;
  addedCurrency: string;
  addedAt: Date;
}

/** A line as a change leaves it; `price` is recorded only when the line is new. */
export interface CartLineWrite {
  sku: string;
  quantity: number;
  price: { price: number; currency: string };
}

interface RawLine {
  sku: string;
  quantity: number;
  addedPrice: string | number;
  addedCurrency: string;
  addedAt: Date;
}

const toRow = (r: RawLine): CartLineRow => ({
  sku: r.sku,
  quantity: Number(r.quantity),
  addedPrice: Number(r.addedPrice),
  addedCurrency: r.addedCurrency,
  addedAt: r.addedAt,
});

const SELECT_LINES =
  'SELECT sku, quantity, addedPrice, addedCurrency, addedAt FROM cart_lines WHERE customerId = ? ORDER BY addedAt, sku';

/** Carts in plain SQL: one cart row per customer, locked by every change of its lines. */
@Injectable()
export class CartRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lines(customerId: string): Promise<CartLineRow[]> {
    const rows: RawLine[] = await this.dataSource.query(SELECT_LINES, [customerId]);
    return rows.map(toRow);
  }

  /**
   * Locks the customer's cart (creating it), gives `decide` the current lines and writes what it
   * returns: lines to upsert (quantity 0 deletes). One transaction, so concurrent changes of one
   * cart apply one after the other and the limits `decide` checks hold.
   */
  async change(
    customerId: string,
    decide: (current: CartLineRow[]) => CartLineWrite[],
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const now = new Date();
      await m.query(
        'INSERT INTO carts (customerId, createdAt, updatedAt) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE updatedAt = VALUES(updatedAt)',
        [customerId, now, now],
      );
      const current = (
        (await m.query(`${SELECT_LINES} FOR UPDATE`, [customerId])) as RawLine[]
      ).map(toRow);
      for (const line of decide(current)) {
        if (line.quantity === 0) {
          await m.query('DELETE FROM cart_lines WHERE customerId = ? AND sku = ?', [
            customerId,
            line.sku,
          ]);
          continue;
        }
        await m.query(
          `INSERT INTO cart_lines (customerId, sku, quantity, addedPrice, addedCurrency, addedAt, updatedAt)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), updatedAt = VALUES(updatedAt)`,
          [customerId, line.sku, line.quantity, line.price.price, line.price.currency, now, now],
        );
      }
    });
  }

  async clear(customerId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM cart_lines WHERE customerId = ?', [customerId]);
  }

  /**
   * In the order's transaction: removes the lines that were ordered, as they were read. A line
   * changed meanwhile (another tab) stays in the cart rather than vanish unordered.
   */
  async removeOrdered(
    m: EntityManager,
    customerId: string,
    ordered: readonly { sku: string; quantity: number }[],
  ): Promise<void> {
    for (const line of ordered)
      await m.query('DELETE FROM cart_lines WHERE customerId = ? AND sku = ? AND quantity = ?', [
        customerId,
        line.sku,
        line.quantity,
      ]);
  }
}
