import {
  dropDatabase,
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import { call, servedCount, startGateway, upInstances } from './test/gateway-test-kit';

/** Two real inventory-service instances found through Eureka; one of them dies. */
describe('api-gateway routing over Eureka', () => {
  const database = scratchDatabase('gw_route');
  const sku = `GW-RT-${uniqueSuffix()}`;
  const path = `/api/inventory?sku=${sku}`;
  let instances: ServiceProcess[] = [];
  let gateway: ServiceProcess;

  beforeAll(async () => {
    // both on one database: the migration lock lets exactly one of them migrate
    instances = await Promise.all([
      startService('inventory-service', { MYSQL_DATABASE: database, EUREKA_HEARTBEAT_MS: '1000' }),
      startService('inventory-service', { MYSQL_DATABASE: database, EUREKA_HEARTBEAT_MS: '1000' }),
    ]);
    // a service that is registered nowhere and has one fixed, closed address
    gateway = await startGateway({ SERVICE_URLS: 'NOTIFICATION-SERVICE=http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), ...instances.map((i) => i.stop())]);
    await dropDatabase(database);
  });

  it('sends traffic to both instances', async () => {
    await waitFor(
      async () => {
        for (let i = 0; i < 10; i++)
          expect((await call(gateway.baseUrl, 'GET', path)).status).toBe(200);
        const counts = await Promise.all(instances.map((i) => servedCount(i, '/api/inventory')));
        return counts.every((c) => c > 0);
      },
      { timeoutMs: 60_000, intervalMs: 500, label: 'both instances to serve gateway traffic' },
    );
  });

  it('answers every read after one instance is killed (refused connections move on)', async () => {
    const [survivor, victim] = instances;
    await victim.kill();
    const before = await servedCount(survivor, '/api/inventory');
    const sequential: number[] = [];
    for (let i = 0; i < 40; i++) sequential.push((await call(gateway.baseUrl, 'GET', path)).status);
    const concurrent = await Promise.all(
      Array.from({ length: 40 }, () => call(gateway.baseUrl, 'GET', path).then((r) => r.status)),
    );
    expect([...sequential, ...concurrent].filter((s) => s !== 200)).toEqual([]);
    // alone here (CI runs one suite at a time) it serves all 80; beside other suites' instances, its share
    const others = Math.max(0, (await upInstances('INVENTORY-SERVICE')) - 2);
    const served = (await servedCount(survivor, '/api/inventory')) - before;
    expect(served).toBeGreaterThanOrEqual(Math.floor(80 / (1 + others) / 2));
  });

  it('answers a 503 problem with Retry-After when no instance can be reached', async () => {
    const reply = await call(gateway.baseUrl, 'GET', '/api/notifications', {
      token: await userToken('alice'),
    });
    expect(reply.status).toBe(503);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(reply.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(reply.text).not.toContain('127.0.0.1');
  });
});
