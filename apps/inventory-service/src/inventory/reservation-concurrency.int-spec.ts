import {
  scratchDatabase,
  ServiceProcess,
  serviceToken,
  startService,
  uniqueSuffix,
  userToken,
} from '@mstore/testing';
import { createConnection } from 'mysql2/promise';
import {
  call,
  dropDatabase,
  movementTotals,
  mysqlUrl,
  query,
  stockRow,
} from '../test/inventory-test-kit';

const reserve = (
  instance: ServiceProcess,
  token: string,
  orderId: string,
  sku: string,
  quantity = 1,
) =>
  call(instance.baseUrl, 'POST', '/internal/reservations', {
    token,
    body: { orderId, lines: [{ sku, quantity }] },
  });

const tally = (values: (number | string)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

describe('reservations across two running instances', () => {
  const database = scratchDatabase('inv_conc');
  let instances: ServiceProcess[] = [];
  let admin: string;
  let service: string;

  beforeAll(async () => {
    [admin, service] = await Promise.all([userToken('admin'), serviceToken()]);
    // both start on the same empty database at once: the migration lock lets exactly one migrate
    instances = await Promise.all([
      startService('inventory-service', { MYSQL_DATABASE: database }),
      startService('inventory-service', { MYSQL_DATABASE: database }),
    ]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await dropDatabase(database);
  });

  it('sells exactly the 50 units in stock to 200 concurrent single-unit reservations', async () => {
    const sku = `CONC-${uniqueSuffix()}`;
    const put = await call(instances[0].baseUrl, 'PUT', `/api/inventory/${sku}`, {
      token: admin,
      body: { available: 50 },
    });
    expect(put.status).toBe(200);

    // watch the stock while the storm runs. Never below zero is the database's own CHECK; what
    // only the service keeps is conservation: in every consistent snapshot (one statement),
    // available + reserved + sold (committed lines) is the 50 that were stocked
    const watcher = await createConnection({ uri: `${mysqlUrl()}/${database}` });
    const seen: { available: number; reserved: number; sold: number }[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const [rows] = await watcher.query(
          `SELECT s.available, s.reserved,
             (SELECT COALESCE(SUM(l.quantity), 0) FROM reservation_line l
                JOIN reservation r ON r.orderId = l.orderId
               WHERE l.sku = s.sku AND r.status = 'COMMITTED') AS sold
           FROM stock s WHERE s.sku = ?`,
          [sku],
        );
        const [row] = rows as { available: number; reserved: number; sold: string }[];
        seen.push({ available: row.available, reserved: row.reserved, sold: Number(row.sold) });
      }
    })();

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserve(instances[i % 2], service, `conc-${sku}-${i}`, sku).then((r) => ({
          ...r,
          instance: i % 2,
        })),
      ),
    );
    watching = false;
    await watch;
    await watcher.end();

    const row = await stockRow(database, sku);
    const audit = await movementTotals(database, sku);
    const [{ n: reservations }] = await query<{ n: number }>(
      database,
      "SELECT COUNT(*) AS n FROM reservation WHERE status = 'RESERVED'",
    );
    const figures = {
      requests: replies.length,
      statuses: tally(replies.map((r) => r.status)),
      successesPerInstance: tally(
        replies.filter((r) => r.status === 201).map((r) => `instance${r.instance}`),
      ),
      final: row,
      samplesWatched: seen.length,
      audit,
      reservationRows: Number(reservations),
      otherAnswers: replies.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body),
    };
    console.log(`concurrency figures ${JSON.stringify(figures)}`);

    expect(figures.statuses).toEqual({ 201: 50, 409: 150 });
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body).toMatchObject({
        status: 409,
        shortages: [{ sku, requested: 1, available: 0 }],
      });
    }
    expect(row).toEqual({ available: 0, reserved: 50 });
    // at least one snapshot, and each one conserves the stock (an empty list would prove nothing)
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.available + r.reserved + r.sold !== 50)).toEqual([]);
    // audit: +50 set, then fifty -1 reservations; the deltas add up to the row
    expect(audit).toEqual({
      availableDelta: 0,
      reservedDelta: 50,
      byKind: { SET: 1, RESERVE: 50 },
    });
    expect(figures.reservationRows).toBe(50);
  });

  it('reserves a racing duplicate order id once, whichever instance answers', async () => {
    const sku = `DUP-${uniqueSuffix()}`;
    await call(instances[1].baseUrl, 'PUT', `/api/inventory/${sku}`, {
      token: admin,
      body: { available: 10 },
    });
    const orderId = `dup-${sku}`;
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => reserve(instances[i % 2], service, orderId, sku, 3)),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 200: 9, 201: 1 });
    const bodies = new Set(replies.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    expect(await stockRow(database, sku)).toEqual({ available: 7, reserved: 3 });
    expect((await movementTotals(database, sku)).byKind).toEqual({ SET: 1, RESERVE: 1 });
  });

  it('never deadlocks orders that name the same skus in opposite orders', async () => {
    const [a, b] = [`MULTI-A-${uniqueSuffix()}`, `MULTI-B-${uniqueSuffix()}`];
    for (const sku of [a, b]) {
      await call(instances[0].baseUrl, 'PUT', `/api/inventory/${sku}`, {
        token: admin,
        body: { available: 20 },
      });
    }
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(instances[i % 2].baseUrl, 'POST', '/internal/reservations', {
          token: service,
          body: {
            orderId: `multi-${a}-${i}`,
            lines:
              i % 2
                ? [
                    { sku: a, quantity: 1 },
                    { sku: b, quantity: 1 },
                  ]
                : [
                    { sku: b, quantity: 1 },
                    { sku: a, quantity: 1 },
                  ],
          },
        }),
      ),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 201: 20, 409: 20 });
    expect(await stockRow(database, a)).toEqual({ available: 0, reserved: 20 });
    expect(await stockRow(database, b)).toEqual({ available: 0, reserved: 20 });
  });
});
