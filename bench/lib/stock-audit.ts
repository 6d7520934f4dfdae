import { createConnection } from 'mysql2/promise';

export interface SkuAudit {
  sku: string;
  initial: number;
  available: number;
  reserved: number;
  sold: number;
  /** available + reserved + sold must equal the initial stock, and nothing may go below zero. */
  consistent: boolean;
}

/** Stock left and units in orders per sku, from the services' own databases. */
export async function auditStock(
  mysqlUrl: string,
  initial: Record<string, number>,
): Promise<SkuAudit[]> {
  const conn = await createConnection({ uri: mysqlUrl });
  try {
    const skus = Object.keys(initial);
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
    return (stock as { sku: string; available: number; reserved: number }[]).map((r) => {
      const s = soldBy.get(r.sku) ?? 0;
      return {
        sku: r.sku,
        initial: initial[r.sku],
        available: r.available,
        reserved: r.reserved,
        sold: s,
        consistent:
          r.available >= 0 && r.reserved >= 0 && r.available + r.reserved + s === initial[r.sku],
      };
    });
  } finally {
    await conn.end();
  }
}

/** Current available stock of the given skus. */
export async function availableOf(
  mysqlUrl: string,
  skus: string[],
): Promise<Record<string, number>> {
  const conn = await createConnection({ uri: mysqlUrl });
  try {
    const [rows] = await conn.query(
      'SELECT sku, available, reserved FROM inventory.stock WHERE sku IN (?)',
      [skus],
    );
    return Object.fromEntries(
      (rows as { sku: string; available: number; reserved: number }[]).map((r) => [
        r.sku,
        r.available + r.reserved,
      ]),
    );
  } finally {
    await conn.end();
  }
}
