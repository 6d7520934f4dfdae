// The SQL baselines, as their own pinned process: the statements the services run for an order
// (MODE=orders) or the single-row stock UPDATE ceiling (MODE=flash), on scratch copies of the
// tables, by CONCURRENCY loops for DURATION_S seconds. Prints `RESULT <json>`.
import { randomUUID } from 'node:crypto';
import { createPool, Pool, PoolConnection } from 'mysql2/promise';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const mode = env('MODE');
const inv = env('INV_DB');
const ord = env('ORD_DB');
const skus = env('SKUS').split(',');
const durationMs = Number(env('DURATION_S')) * 1000;
const concurrency = Number(env('CONCURRENCY'));
const pool: Pool = createPool({
  uri: env('MYSQL_URL'),
  connectionLimit: concurrency,
  multipleStatements: false,
});

async function tx<T>(fn: (c: PoolConnection) => Promise<T>): Promise<T> {
  const c = await pool.getConnection();
  try {
    await c.beginTransaction();
    const out = await fn(c);
    await c.commit();
    return out;
  } catch (error) {
    await c.rollback();
    throw error;
  } finally {
    c.release();
  }
}

/** Reserve (one transaction), write the order with its event (another), commit the reservation. */
async function placeOrder(): Promise<void> {
  const orderId = randomUUID();
  const picked = [
    ...new Set(
      [0, 1, 2]
        .slice(0, 1 + Math.floor(Math.random() * 3))
        .map(() => skus[Math.floor(Math.random() * skus.length)]),
    ),
  ].sort();
  await pool.query(`SELECT orderId, status, expiresAt FROM ${inv}.reservation WHERE orderId = ?`, [
    orderId,
  ]);
  // the lock-free availability check a flash sale's losers stop at
  await pool.query(
    `SELECT sku, available, reserved, lowStockThreshold FROM ${inv}.stock WHERE sku IN (?)`,
    [picked],
  );
  await tx(async (c) => {
    await c.query(
      `INSERT INTO ${inv}.reservation (orderId, status, expiresAt) VALUES (?, 'RESERVED', ?)`,
      [orderId, new Date(Date.now() + 600_000)],
    );
    await c.query(`INSERT INTO ${inv}.reservation_line (orderId, sku, quantity) VALUES ?`, [
      picked.map((s) => [orderId, s, 1]),
    ]);
    await c.query(
      `SELECT sku, available, reserved, lowStockThreshold FROM ${inv}.stock WHERE sku IN (?) ORDER BY sku FOR UPDATE`,
      [picked],
    );
    for (const sku of picked) {
      await c.query(
        `UPDATE ${inv}.stock SET available = available + ?, reserved = reserved + ? WHERE sku = ? AND available + ? >= 0 AND reserved + ? >= 0`,
        [-1, 1, sku, -1, 1],
      );
    }
    await c.query(
      `INSERT INTO ${inv}.stock_movement (sku, kind, availableDelta, reservedDelta, availableAfter, reservedAfter, reason, actor, orderId) VALUES ?`,
      [picked.map((s) => [s, 'RESERVE', -1, 1, 0, 0, 'reservation', 'bench', orderId])],
    );
    // one stock-changed event per sku, in one insert as the inventory service writes them
    await c.query(
      `INSERT INTO ${inv}.outbox (eventId, topic, messageKey, type, payload) VALUES ?`,
      [
        picked.map((s) => [
          randomUUID(),
          'inventory-events',
          s,
          'inventory.stock-changed',
          JSON.stringify({ id: orderId, data: { sku: s, delta: -1 } }),
        ]),
      ],
    );
  });
  await tx(async (c) => {
    const now = new Date();
    await c.query(
      `INSERT INTO ${ord}.orders (id, orderNumber, customerId, status, total, currency, reservation, createdAt, updatedAt) VALUES (?, ?, 'bench', 'CONFIRMED', 100, 'USD', 'RESERVED', ?, ?)`,
      [orderId, orderId.slice(0, 20), now, now],
    );
    await c.query(
      `INSERT INTO ${ord}.order_lines (orderId, lineNo, sku, name, quantity, unitPrice, lineTotal) VALUES ?`,
      [picked.map((s, i) => [orderId, i + 1, s, s, 1, 100, 100])],
    );
    await c.query(
      `INSERT INTO ${ord}.order_audit (orderId, action, fromStatus, toStatus, actor, at) VALUES (?, 'PLACED', NULL, 'CONFIRMED', 'bench', ?)`,
      [orderId, now],
    );
    await c.query(
      `INSERT INTO ${ord}.outbox (eventId, topic, messageKey, type, payload) VALUES (?, 'order-events', ?, 'order.placed', ?)`,
      [randomUUID(), orderId, JSON.stringify({ id: orderId, data: { lines: picked } })],
    );
  });
  await tx(async (c) => {
    await c.query(
      `SELECT orderId, status, expiresAt FROM ${inv}.reservation WHERE orderId = ? FOR UPDATE`,
      [orderId],
    );
    await c.query(
      `SELECT orderId, sku, quantity FROM ${inv}.reservation_line WHERE orderId IN (?) ORDER BY sku`,
      [[orderId]],
    );
    await c.query(
      `SELECT sku, available, reserved, lowStockThreshold FROM ${inv}.stock WHERE sku IN (?) ORDER BY sku FOR UPDATE`,
      [picked],
    );
    for (const sku of picked) {
      await c.query(
        `UPDATE ${inv}.stock SET available = available + 0, reserved = reserved - 1 WHERE sku = ? AND reserved - 1 >= 0`,
        [sku],
      );
    }
    await c.query(
      `INSERT INTO ${inv}.stock_movement (sku, kind, availableDelta, reservedDelta, availableAfter, reservedAfter, reason, actor, orderId) VALUES ?`,
      [picked.map((s) => [s, 'COMMIT', 0, -1, 0, 0, 'order confirmed', 'bench', orderId])],
    );
    await c.query(`UPDATE ${inv}.reservation SET status = 'COMMITTED' WHERE orderId IN (?)`, [
      [orderId],
    ]);
  });
  await pool.query(
    `UPDATE ${ord}.orders SET reservation = 'COMMITTED' WHERE id = ? AND reservation = 'RESERVED'`,
    [orderId],
  );
}

/** The flash-sale ceiling: one conditional single-row UPDATE per sale. */
async function sellOne(): Promise<void> {
  await pool.query(
    `UPDATE ${inv}.stock SET available = available - 1 WHERE sku = ? AND available >= 1`,
    [skus[0]],
  );
}

async function main(): Promise<void> {
  const op = mode === 'orders' ? placeOrder : sellOne;
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          await op();
          latencies.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const result = {
    rps: latencies.length / elapsed,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    p999Ms: pct(0.999),
    total: latencies.length,
    errors,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  await pool.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
