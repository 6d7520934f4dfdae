import { uniqueSuffix, userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { Fleet, mysqlQuery } from './support/fleet';
import { Answer, call, unexpected5xx } from './support/http-client';
import { report, summary } from './support/stats';

const STOCK = 1000;
const CLIENTS = 60;
/**
 * Short, yet longer than order-service's reconciler grace (15 s, COMMIT_GRACE_MS): an order written
 * by the crashed instance keeps its stock until the survivor's reconciler commits it.
 */
const TTL_SECONDS = 20;

/** An order-service instance dies (SIGKILL) in the middle of a burst; clients retry with their key. */
describe('crash: an order-service instance killed during a burst', () => {
  const sku = `CRASH-${uniqueSuffix().toUpperCase()}`;
  let fleet: Fleet;
  let tokens: string[];
  let outcomes: { key: string; attempts: number; final: Answer; statuses: number[] }[];
  const count = async (db: string, sql: string, params: unknown[] = []) =>
    Number((await mysqlQuery<{ n: number }>(db, sql, params))[0].n);

  beforeAll(async () => {
    tokens = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => userToken(u)));
    const admin = await userToken('admin');
    fleet = await Fleet.start({
      label: 'crash',
      orders: 2,
      notifications: false,
      env: {
        // a crashed request's reservation is swept soon; its pending key is taken over soon
        'inventory-service': {
          RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
          SWEEP_INTERVAL_MS: '500',
        },
        'order-service': {
          IDEMPOTENCY_STALE_MS: '2000',
          IDEMPOTENCY_WAIT_MS: '3000',
          RECONCILE_INTERVAL_MS: '300',
        },
      },
    });
    const created = await call(fleet.url, 'POST', '/api/products', {
      token: admin,
      body: {
        sku,
        name: 'Crash mug',
        description: 'survives',
        category: 'kitchen',
        price: 1500,
        currency: 'USD',
      },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call(fleet.url, 'PUT', `/api/inventory/${sku}`, {
          token: admin,
          body: { available: STOCK },
        })
      ).status,
    ).toBe(200);
  });

  afterAll(() => fleet?.stop());

  it('gets every client its one order, retrying with the same Idempotency-Key', async () => {
    const victim = fleet.order[0];
    let answered = 0;
    let killed!: () => void;
    const afterKill = new Promise<void>((r) => (killed = r));
    const client = async (i: number) => {
      // a burst spread over about two seconds; the second half starts only once the victim is
      // dead, so the kill lands in the middle of the burst however fast the machine runs
      if (i >= CLIENTS / 2) await afterKill;
      await new Promise((r) => setTimeout(r, i * 35));
      const key = randomUUID();
      const statuses: number[] = [];
      for (let attempt = 1; ; attempt++) {
        const final = await call(fleet.url, 'POST', '/api/orders', {
          token: tokens[i % tokens.length],
          body: { lines: [{ sku, quantity: 1 + (i % 3) }] },
          headers: { 'idempotency-key': key },
        });
        statuses.push(final.status);
        answered++;
        // 409: the key is still held by the crashed request until it goes stale
        if ((final.status >= 500 || final.status === 409) && attempt < 40) {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        return { key, attempts: attempt, final, statuses };
      }
    };
    const burst = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    await waitFor(() => answered >= 10, {
      timeoutMs: 60_000,
      intervalMs: 5,
      label: 'the burst to be under way',
    });
    const answeredAtKill = answered;
    const killedAt = Date.now();
    await victim.kill();
    killed();
    outcomes = await burst;
    const retried = outcomes.filter((o) => o.attempts > 1);
    report('crash', {
      clients: CLIENTS,
      answeredAtKill,
      retriedClients: retried.length,
      maxAttempts: Math.max(...outcomes.map((o) => o.attempts)),
      statusesSeen: [...new Set(outcomes.flatMap((o) => o.statuses))],
      burstAfterKillMs: Date.now() - killedAt,
      latencyOfFinalAnswers: summary(outcomes.map((o) => o.final.ms)),
    });
    expect(outcomes.map((o) => o.final.status).filter((s) => s !== 201 && s !== 200)).toEqual([]);
    // before the kill only the first half can have been answered (each once: nothing failed yet)
    expect(answeredAtKill).toBeLessThanOrEqual(CLIENTS / 2);
  });

  it('wrote exactly one order per key: no duplicates', async () => {
    const ids = outcomes.map((o) => o.final.body.id);
    expect(new Set(ids).size).toBe(CLIENTS);
    expect(await count(fleet.databases.orders, 'SELECT COUNT(*) AS n FROM orders')).toBe(CLIENTS);
  });

  it('leaves no reservation uncommitted once the sweeper has run, and stock adds up', async () => {
    const ordered = outcomes.reduce((sum, o) => sum + o.final.body.lines[0].quantity, 0);
    const t0 = Date.now();
    await waitFor(
      async () =>
        (await count(
          fleet.databases.inventory,
          "SELECT COUNT(*) AS n FROM reservation WHERE status = 'RESERVED'",
        )) === 0,
      { timeoutMs: (TTL_SECONDS + 30) * 1000, label: 'no reservation left RESERVED' },
    );
    const rows = await mysqlQuery<{ available: number; reserved: number }>(
      fleet.databases.inventory,
      'SELECT available, reserved FROM stock WHERE sku = ?',
      [sku],
    );
    expect(rows[0]).toEqual({ available: STOCK - ordered, reserved: 0 });
    expect(
      await count(
        fleet.databases.inventory,
        "SELECT COUNT(*) AS n FROM reservation WHERE status = 'COMMITTED'",
      ),
    ).toBe(CLIENTS);
    const swept = await count(
      fleet.databases.inventory,
      "SELECT COUNT(*) AS n FROM reservation WHERE status IN ('EXPIRED', 'RELEASED')",
    );
    expect(
      await count(
        fleet.databases.orders,
        "SELECT COUNT(*) AS n FROM orders WHERE reservation <> 'COMMITTED'",
      ),
    ).toBe(0);
    report('crash (after sweep)', {
      ordered,
      sweptOrReleased: swept,
      settledAfterMs: Date.now() - t0,
    });
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
