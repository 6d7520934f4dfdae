import { EurekaDiscovery } from '@mstore/discovery';
import pino from 'pino';
import { uniqueSuffix } from '../scratch-names';
import { waitFor } from '../wait-for';

describe('Eureka: two registered services find each other', () => {
  const suffix = uniqueSuffix().toUpperCase();
  const eurekaUrl = process.env['EUREKA_URL'] ?? 'http://localhost:8761/eureka/';
  const make = (appName: string) =>
    new EurekaDiscovery({
      appName,
      eurekaUrl,
      user: 'eureka',
      password: process.env['EUREKA_PASSWORD'] ?? 'eureka',
      instanceHost: '127.0.0.1',
      heartbeatMs: 1000,
      fetchMs: 1000,
      leaseSeconds: 10,
      logger: pino({ level: 'silent' }),
    });
  const a = make(`SMOKE-A-${suffix}`);
  const b = make(`SMOKE-B-${suffix}`);

  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  it('lists each instance with its real port, and forgets it after deregistration', async () => {
    a.start(40001);
    b.start(40002);
    await waitFor(() => a.instances(`SMOKE-B-${suffix}`).length === 1, {
      timeoutMs: 20_000,
      label: 'A to see B',
    });
    await waitFor(() => b.instances(`SMOKE-A-${suffix}`).length === 1, {
      timeoutMs: 20_000,
      label: 'B to see A',
    });
    expect(a.instances(`SMOKE-B-${suffix}`)[0]).toMatchObject({ host: '127.0.0.1', port: 40002 });
    await b.stop();
    await waitFor(() => a.instances(`SMOKE-B-${suffix}`).length === 0, {
      timeoutMs: 20_000,
      label: 'B to be gone',
    });
  });

  it('refuses the registry without credentials', async () => {
    const response = await fetch(`${eurekaUrl}apps`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(401);
  });

  it('refuses a wrong password, including one that differs only in its last character', async () => {
    const right = process.env['EUREKA_PASSWORD'] ?? 'eureka';
    for (const password of ['wrong', `${right.slice(0, -1)}x`, `${right}x`, '']) {
      const response = await fetch(`${eurekaUrl}apps`, {
        headers: {
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`eureka:${password}`).toString('base64')}`,
        },
      });
      expect(response.status).toBe(401);
    }
  });
});
