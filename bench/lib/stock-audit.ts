import { createConnection } from 'mysql2/promise';

export interface SkuAudit {
  sku: string;
  /** Units the sku had in all before the load: available + reserved + sold. */
  initial: number;
  available: number;
  reserved: number;
  /** Units in orders that are not cancelled, whenever they were placed. */
  sold: number;
  /** available + reserved + sold must still equal the initial total, and nothing may go below zero. */
  consistent: boolean;
}

interface SkuCounts {
  sku: string;
  available: number;
  reserved: number;
  sold: number;
}

/** Stock left and units in orders per sku, from the services' own databases. */
async function countsOf(mysqlUrl: string, skus: string[]): Promise<SkuCounts[]> {
  const conn = await createConnection({ uri: mysqlUrl });
  try {
    const [stock] = await conn.query(
      'SELECT sku, available, reserved FROM inventory.stock WHERE sku IN (?)',
      [skus],
    );
    const [sold] = await conn.query(
      `SELECT l.sku, SUM(l.quantity) AS sold FROM orders.order_lines l JOIN orders.orders o ON o.id = l.orderId
       WHERE l.sku IN (?) AND o.status <> 'CANCELLED' GROUP BY l.sku`,
      [skus],
    );
    const soldBy = new Map(
      (sold as { sku: string; sold: string }[]).map((r) => [r.sku, Number(r.sold)]),
    );
    return (stock as { sku: string; available: number; reserved: number }[]).map((r) => ({
      ...r,
      sold: soldBy.get(r.sku) ?? 0,
    }));
  } finally {
    await conn.end();
  }
}

/**
 * Each sku's total before a load (available + reserved + units already sold): orders placed by
 * earlier scenarios count as sold on both sides of the audit.
 */
export async function stockTotals(
  mysqlUrl: string,
  skus: string[],
): Promise<Record<string, number>> {
  const counts = await countsOf(mysqlUrl, skus);
  return Object.fromEntries(counts.map((c) => [c.sku, c.available + c.reserved + c.sold]));
}

/** Whether every unit is still accounted for: oversold or lost stock breaks the sum. */
export async function auditStock(
  mysqlUrl: string,
  initial: Record<string, number>,
): Promise<SkuAudit[]> {
  const counts = await countsOf(mysqlUrl, Object.keys(initial));
  return counts.map((c) => ({
    ...c,
    initial: initial[c.sku],
    consistent:
      c.available >= 0 && c.reserved >= 0 && c.available + c.reserved + c.sold === initial[c.sku],
  }));
}
