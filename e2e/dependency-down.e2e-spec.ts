import { DEMO_CATALOG } from '@mstore/contracts';
import { userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { Fleet, mysqlQuery } from './support/fleet';
import { Answer, call, expecting5xx, isProblem, unexpected5xx } from './support/http-client';
import { report, summary } from './support/stats';

const RESET_MS = 4000;

/** inventory-service goes away and comes back; order-service's breaker answers for it meanwhile. */
describe('dependency down: inventory stopped, then restarted', () => {
  const item = DEMO_CATALOG.find((p) => p.stock >= 20)!;
  let fleet: Fleet;
  let alice: string;
  const place = () =>
    call(fleet.url, 'POST', '/api/orders', {
      token: alice,
      body: { lines: [{ sku: item.sku, quantity: 1 }] },
      headers: { 'idempotency-key': randomUUID() },
    });
  const count = async (db: string, sql: string) =>
    Number((await mysqlQuery<{ n: number }>(db, sql))[0].n);
  const orderRows = () => count(fleet.databases.orders, 'SELECT COUNT(*) AS n FROM orders');
  const outboxRows = () => count(fleet.databases.orders, 'SELECT COUNT(*) AS n FROM outbox');
  const breakerState = async () =>
    (await call(fleet.order[0].baseUrl, 'GET', '/health/ready')).body?.details?.dependencies
      ?.breakers?.['INVENTORY-SERVICE'];

  beforeAll(async () => {
    alice = await userToken('alice');
    fleet = await Fleet.start({
      label: 'depdown',
      notifications: false,
      env: {
        'order-service': { BREAKER_RESET_MS: String(RESET_MS), BREAKER_VOLUME_THRESHOLD: '3' },
      },
    });
  });

  afterAll(() => fleet?.stop());

  it('places orders while inventory is up', async () => {
    expect((await place()).status).toBe(201);
  });

  let writtenBefore: { orders: number; outbox: number };

  it('answers 503 with Retry-After once the breaker is open, writing nothing', async () => {
    writtenBefore = { orders: await orderRows(), outbox: await outboxRows() };
    await fleet.inventory[0].stop();
    const opening: Answer[] = [];
    await expecting5xx(() =>
      waitFor(
        async () => {
          opening.push(await place());
          return (await breakerState()) === 'open';
        },
        { timeoutMs: 30_000, intervalMs: 50, label: 'the inventory breaker to open' },
      ),
    );
    // while it opened, every answer was already a clean 503 problem
    expect(opening.filter((a) => a.status !== 503).map((a) => a.status)).toEqual([]);
    const open: Answer[] = [];
    await expecting5xx(async () => {
      for (let i = 0; i < 20; i++) open.push(await place());
    });
    expect(open.map((a) => a.status)).toEqual(open.map(() => 503));
    for (const a of open) {
      expect(isProblem(a)).toBe(true);
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(a.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.js/);
    }
    const latencies = open.map((a) => a.ms);
    report('dependency down (breaker open)', {
      answersUntilOpen: opening.length,
      openAnswers: open.length,
      latency: summary(latencies),
    });
    // how fast the open breaker answers is a figure of `npm run bench` (scenario breaker), not a test
    expect(await breakerState()).toBe('open');
    expect({ orders: await orderRows(), outbox: await outboxRows() }).toEqual(writtenBefore);
  });

  it('takes orders again once inventory is back, answering only 503s meanwhile', async () => {
    await fleet.inventory[0].start();
    const back = Date.now();
    let attempts = 0;
    const first = await expecting5xx(() =>
      waitFor(
        async () => {
          attempts++;
          const answer = await place();
          if (answer.status !== 201) expect(answer.status).toBe(503);
          return answer.status === 201 ? answer : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200, label: 'an order to succeed again' },
      ),
    );
    const recoveredMs = Date.now() - back;
    report('dependency down (recovery)', { recoveredMs, resetMs: RESET_MS, attempts });
    expect(first.body.status).toBe('CONFIRMED');
    expect(await breakerState()).toBe('closed');
    // nothing from the outage reached inventory: only the orders placed while it was up hold stock
    const reservations = await count(
      fleet.databases.inventory,
      'SELECT COUNT(*) AS n FROM reservation',
    );
    expect(reservations).toBe(writtenBefore.orders + 1);
  });

  it('answered no 5xx other than the 503s of the outage', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
