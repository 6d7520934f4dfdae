import { DEMO_CATALOG } from '@mstore/contracts';
import { userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import { eurekaInstanceIds, instanceId } from './support/eureka';
import { startEureka, stopEureka } from './support/eureka-server';
import { Fleet } from './support/fleet';
import { Answer, call } from './support/http-client';
import { report } from './support/stats';

const HEARTBEAT_MS = 1000;
const LEASE_SECONDS = 5;

/** The real Eureka server is stopped and started again while customers keep ordering. */
describe('registry restart: Eureka stopped and started under order traffic', () => {
  const item = DEMO_CATALOG[1];
  let fleet: Fleet;
  let tokens: Record<string, string>;
  let eurekaStopped = false;

  /** Every fleet instance with the Eureka app name and instance id it registers under. */
  const registrations = () =>
    fleet.instances.map((i) => ({ app: i.app.toUpperCase(), id: instanceId(i.app, i.port) }));
  const missing = async () => {
    const byApp = new Map<string, string[]>();
    for (const app of new Set(registrations().map((r) => r.app)))
      byApp.set(app, await eurekaInstanceIds(app));
    return registrations().filter((r) => !byApp.get(r.app)?.includes(r.id));
  };

  beforeAll(async () => {
    tokens = { alice: await userToken('alice'), bob: await userToken('bob') };
    const admin = await userToken('admin');
    fleet = await Fleet.start({
      label: 'registry',
      products: 1,
      orders: 1,
      // a test-only short lease and heartbeat: the registry's view changes within seconds
      common: {
        EUREKA_HEARTBEAT_MS: String(HEARTBEAT_MS),
        EUREKA_LEASE_SECONDS: String(LEASE_SECONDS),
        EUREKA_FETCH_MS: '1000',
      },
    });
    const set = await call(fleet.url, 'PUT', `/api/inventory/${item.sku}`, {
      token: admin,
      body: { available: 100_000 },
    });
    expect(set.status).toBe(200);
    await waitFor(async () => (await missing()).length === 0, {
      timeoutMs: 30_000,
      label: 'every fleet instance in Eureka',
    });
  }, 300_000);

  afterAll(async () => {
    // whatever happened, Eureka runs again before anything else, and the fleet stops even if that fails
    try {
      if (eurekaStopped) await startEureka();
    } finally {
      await fleet?.stop();
    }
  });

  it('re-registers every instance within two leases and loses no order', async () => {
    type Placed = {
      customer: string;
      key: string;
      answer: Answer;
      attempts: number;
      phase: string;
    };
    const placed: Placed[] = [];
    let phase = 'before';
    let ordering = true;
    /** One order per key; a failed attempt is retried with the same Idempotency-Key. */
    const orderer = async (customer: string) => {
      while (ordering) {
        const key = randomUUID();
        let attempts = 0;
        let answer: Answer;
        do {
          attempts++;
          answer = await call(fleet.url, 'POST', '/api/orders', {
            token: tokens[customer],
            body: { lines: [{ sku: item.sku, quantity: 1 }] },
            headers: { 'idempotency-key': key },
          }).catch((error: unknown) => ({ status: 0, body: String(error) }) as Answer);
          if (answer.status !== 201) await new Promise((r) => setTimeout(r, 200));
        } while (answer.status !== 201 && attempts < 20);
        placed.push({ customer, key, answer, attempts, phase });
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    const orderers = Promise.all(['alice', 'bob'].map(orderer));
    let upAt = 0;
    let backAt = 0;
    let downMs = 0;
    const readyDuringOutage: Record<string, number> = {};
    try {
      await new Promise((r) => setTimeout(r, 2000));
      eurekaStopped = true;
      expect(await stopEureka()).toBe(true);
      const downAt = Date.now();
      phase = 'during';
      // once a lease has passed with the registry gone, readiness says so (registry: down)
      await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 1) * 1000));
      for (const i of fleet.instances) {
        const ready = await fetch(`${i.baseUrl}/health/ready`).then((r) => r.status);
        readyDuringOutage[`${i.app}:${i.port}`] = ready;
      }
      phase = 'restarting';
      expect(await startEureka()).toBe(true);
      eurekaStopped = false;
      upAt = Date.now();
      downMs = upAt - downAt;
      phase = 'after';
      await waitFor(async () => (await missing()).length === 0, {
        timeoutMs: 4 * LEASE_SECONDS * 1000,
        intervalMs: 100,
        label: 'every instance back in Eureka',
      });
      backAt = Date.now();
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      ordering = false;
      await orderers;
    }

    const phases: Record<string, number> = {};
    for (const p of placed) phases[p.phase] = (phases[p.phase] ?? 0) + 1;
    report('registry restart', {
      instances: registrations().length,
      eurekaDownMs: downMs,
      allBackMsAfterEurekaHealthy: backAt - upAt,
      orders: placed.length,
      byPhase: phases,
      retried: placed.filter((p) => p.attempts > 1).length,
      readyDuringOutage,
    });

    expect(backAt - upAt).toBeLessThanOrEqual(2 * LEASE_SECONDS * 1000);
    // with the registry gone for a lease, no instance claimed to be registered
    expect(Object.keys(readyDuringOutage)).toHaveLength(fleet.instances.length);
    expect(Object.values(readyDuringOutage).every((s) => s === 503)).toBe(true);
    expect(phases['during']).toBeGreaterThan(3);
    expect(placed.filter((p) => p.answer.status !== 201).map((p) => p.answer.status)).toEqual([]);
    // every 201 has its order, and each key made exactly one
    const ids = placed.map((p) => p.answer.body.id as string);
    expect(new Set(ids).size).toBe(placed.length);
    for (const p of placed) {
      const got = await call(fleet.url, 'GET', `/api/orders/${p.answer.body.id}`, {
        token: tokens[p.customer],
      });
      expect(got.status).toBe(200);
    }
  }, 300_000);

  it('serves again from every instance once the registry is back', async () => {
    for (const i of fleet.instances)
      await waitFor(async () => (await fetch(`${i.baseUrl}/health/ready`)).status === 200, {
        timeoutMs: 10_000,
        label: `${i.app}:${i.port} ready`,
      });
  });
});
