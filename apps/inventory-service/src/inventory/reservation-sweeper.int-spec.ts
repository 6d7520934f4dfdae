import {
  scratchDatabase,
  ServiceProcess,
  serviceToken,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import { call, dropDatabase, movementTotals, query, stockRow } from '../test/inventory-test-kit';

describe('reservation sweeper with two instances', () => {
  const database = scratchDatabase('inv_sweep');
  const env = { MYSQL_DATABASE: database, RESERVATION_TTL_SECONDS: '1', SWEEP_INTERVAL_MS: '200' };
  let instances: ServiceProcess[] = [];
  let service: string;
  let admin: string;

  beforeAll(async () => {
    [admin, service] = await Promise.all([userToken('admin'), serviceToken()]);
    instances = [await startService('inventory-service', env)];
    instances.push(await startService('inventory-service', env));
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await dropDatabase(database);
  });

  it('expires uncommitted reservations exactly once and returns their stock', async () => {
    const sku = `SWEEP-${uniqueSuffix()}`;
    await call(instances[0].baseUrl, 'PUT', `/api/inventory/${sku}`, {
      token: admin,
      body: { available: 10 },
    });
    const orderIds = Array.from({ length: 5 }, (_, i) => `sweep-${sku}-${i}`);
    const replies = await Promise.all(
      orderIds.map((orderId, i) =>
        call(instances[i % 2].baseUrl, 'POST', '/internal/reservations', {
          token: service,
          body: { orderId, lines: [{ sku, quantity: 2 }] },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);

    await waitFor(
      async () => {
        const [{ open }] = await query<{ open: number }>(
          database,
          "SELECT COUNT(*) AS open FROM reservation WHERE status <> 'EXPIRED'",
        );
        return Number(open) === 0;
      },
      { timeoutMs: 20_000, label: 'the sweeper to expire every reservation' },
    );
    expect(await stockRow(database, sku)).toEqual({ available: 10, reserved: 0 });
    expect(await movementTotals(database, sku)).toEqual({
      availableDelta: 10,
      reservedDelta: 0,
      byKind: { SET: 1, RESERVE: 5, EXPIRE: 5 },
    });

    const expired = orderIds[0];
    const commit = await call(
      instances[1].baseUrl,
      'POST',
      `/internal/reservations/${expired}/commit`,
      {
        token: service,
      },
    );
    expect(commit.status).toBe(409);
    expect(commit.body).toMatchObject({ status: 409, reservationStatus: 'EXPIRED' });
    const release = await call(
      instances[0].baseUrl,
      'POST',
      `/internal/reservations/${expired}/release`,
      {
        token: service,
      },
    );
    expect(release).toMatchObject({ status: 200, body: { orderId: expired, status: 'EXPIRED' } });
    expect(await stockRow(database, sku)).toEqual({ available: 10, reserved: 0 });
  });
});
