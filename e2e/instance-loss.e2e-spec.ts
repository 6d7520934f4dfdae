import { ServiceName } from '@mstore/contracts';
import { waitFor } from '@mstore/testing';
import { eurekaInstanceIds, instanceId } from './support/eureka';
import { Fleet } from './support/fleet';
import { call, unexpected5xx } from './support/http-client';
import { report, summary } from './support/stats';

const LEASE_SECONDS = 5;

/** One of two catalog instances is killed while storefronts read; the registry forgets it. */
describe('instance loss: a catalog instance killed during reads', () => {
  let fleet: Fleet;
  const ids = () => fleet.product.map((p) => instanceId(ServiceName.Product, p.port));

  beforeAll(async () => {
    fleet = await Fleet.start({
      label: 'loss',
      products: 2,
      orders: 0,
      notifications: false,
      env: {
        // a test-only short lease, so the registry drops a dead instance within seconds
        'product-service': {
          EUREKA_LEASE_SECONDS: String(LEASE_SECONDS),
          EUREKA_HEARTBEAT_MS: '1000',
        },
        // no catalog cache: every read reaches an instance (and spends no miss budget it lacks)
        'api-gateway': {
          CATALOG_CACHE_TTL_MS: '0',
          CATALOG_MISS_BURST: '1000000',
          CATALOG_MISS_RATE_PER_S: '1000000',
        },
      },
    });
    await waitFor(
      async () => {
        const listed = await eurekaInstanceIds(ServiceName.Product);
        return ids().every((id) => listed.includes(id));
      },
      { timeoutMs: 30_000, label: 'both catalog instances in Eureka' },
    );
  });

  afterAll(() => fleet?.stop());

  it('answers every read while one instance dies, and Eureka drops it when its lease expires', async () => {
    const [, victim] = fleet.product;
    const victimId = instanceId(ServiceName.Product, victim.port);
    const statuses: number[] = [];
    const latencies: number[] = [];
    let reading = true;
    const reader = async (n: number) => {
      for (let i = 0; reading; i++) {
        const answer = await call(
          fleet.url,
          'GET',
          `/api/products?page=${1 + ((i + n) % 3)}&pageSize=5`,
        );
        statuses.push(answer.status);
        latencies.push(answer.ms);
      }
    };
    const readers = Promise.all([0, 1, 2, 3].map(reader));
    await new Promise((r) => setTimeout(r, 1500));
    const before = statuses.length;
    const killedAt = Date.now();
    await victim.kill();
    // reads go on for 3 s and at least 21 answers after the kill, however slowly the machine runs
    await new Promise((r) => setTimeout(r, 3000));
    await waitFor(() => statuses.length - before > 20, {
      timeoutMs: 60_000,
      label: 'reads after the kill',
    });
    reading = false;
    await readers;
    const goneAfterMs = await waitFor(
      async () =>
        !(await eurekaInstanceIds(ServiceName.Product)).includes(victimId) && Date.now() - killedAt,
      { timeoutMs: 90_000, intervalMs: 250, label: 'Eureka to drop the killed instance' },
    );
    report('instance loss', {
      reads: statuses.length,
      readsBeforeKill: before,
      failed: statuses.filter((s) => s !== 200).length,
      latency: summary(latencies),
      leaseSeconds: LEASE_SECONDS,
      goneFromEurekaAfterMs: goneAfterMs,
    });
    expect(statuses.length - before).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // the survivor is still registered
    expect(await eurekaInstanceIds(ServiceName.Product)).toContain(
      instanceId(ServiceName.Product, fleet.product[0].port),
    );
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
