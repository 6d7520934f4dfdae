import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { DiscoveryOptions, EurekaDiscovery } from './eureka-discovery';

/**
 * The client against the real Eureka server (the local stack's, or EUREKA_URL): registration,
 * the registry, deregistration, and a restart of the server itself.
 */
const eurekaUrl = (process.env['EUREKA_URL'] ?? 'http://localhost:8761/eureka/').replace(
  /\/?$/,
  '/',
);
const password = process.env['EUREKA_PASSWORD'] ?? 'eureka';
const HEARTBEAT_MS = 1000;
const LEASE_SECONDS = 5;
const suffix = randomBytes(3).toString('hex').toUpperCase();

/** Polls until `check` holds (@mstore/testing's waitFor; that lib depends on this one). */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 60_000, intervalMs = 200, label = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const make = (appName: string, extra: Partial<DiscoveryOptions> = {}) =>
  new EurekaDiscovery({
    appName,
    eurekaUrl,
    user: 'eureka',
    password,
    instanceHost: '127.0.0.1',
    heartbeatMs: HEARTBEAT_MS,
    fetchMs: 1000,
    leaseSeconds: LEASE_SECONDS,
    logger: pino({ level: process.env['DISCOVERY_LOG'] ?? 'silent' }),
    ...extra,
  });

interface RawInstance {
  instanceId: string;
  status: string;
  port: { $: number };
  healthCheckUrl: string;
  leaseInfo: { renewalIntervalInSecs: number; durationInSecs: number };
}

/** What the server holds for an app right now, read directly (not through the client under test). */
async function held(app: string): Promise<RawInstance[]> {
  const response = await fetch(`${eurekaUrl}apps/${app}`, {
    headers: {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`eureka:${password}`).toString('base64')}`,
    },
    signal: AbortSignal.timeout(2000),
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Eureka answered ${response.status}`);
  const body = (await response.json()) as {
    application: { instance: RawInstance | RawInstance[] };
  };
  const list = body.application.instance;
  return Array.isArray(list) ? list : [list];
}

/** The local stack's own server control (tools/stack/servers), run as the stack CLI runs it. */
const root = resolve(__dirname, '../../..');
async function stack(call: string): Promise<string> {
  const code = `import { startServer, stopServer } from './tools/stack/servers';
    ${call}.then((r) => { console.log('RESULT', JSON.stringify(r)); process.exit(0); },
      (e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(
    join(root, 'node_modules/.bin/tsx'),
    ['--eval', code],
    { cwd: root, timeout: 180_000 },
  );
  return stdout.split('\n').find((l) => l.startsWith('RESULT ')) ?? '';
}
const ours = !process.env['EUREKA_URL'] || /\/\/(localhost|127\.0\.0\.1):8761\//.test(eurekaUrl);

describe('EurekaDiscovery against the real Eureka server', () => {
  const started: EurekaDiscovery[] = [];
  const start = (appName: string, port: number, extra: Partial<DiscoveryOptions> = {}) => {
    const d = make(appName, extra);
    started.push(d);
    d.start(port);
    return d;
  };
  afterAll(async () => {
    await Promise.all(started.map((d) => d.stop()));
  });

  it('registers with the real port, lists the others, and deregisters', async () => {
    const a = start(`DISC-A-${suffix}`, 40101);
    const b = start(`DISC-B-${suffix}`, 40102);
    await waitFor(() => a.isRegistered && b.isRegistered, { label: 'both registered' });
    const [raw] = await held(`DISC-A-${suffix}`);
    expect(raw).toMatchObject({
      instanceId: `127.0.0.1:disc-a-${suffix.toLowerCase()}:40101`,
      status: 'UP',
      port: { $: 40101 },
      healthCheckUrl: 'http://127.0.0.1:40101/health/ready',
      leaseInfo: { renewalIntervalInSecs: 1, durationInSecs: LEASE_SECONDS },
    });
    await waitFor(() => a.instances(`DISC-B-${suffix}`).length === 1, { label: 'A to see B' });
    expect(a.instances(`disc-b-${suffix}`)).toEqual([
      {
        instanceId: `127.0.0.1:disc-b-${suffix.toLowerCase()}:40102`,
        host: '127.0.0.1',
        port: 40102,
        baseUrl: 'http://127.0.0.1:40102',
      },
    ]);

    await b.stop();
    expect(b.isRegistered).toBe(false);
    expect(await held(`DISC-B-${suffix}`)).toEqual([]); // gone at once, not at lease expiry
    await waitFor(() => a.instances(`DISC-B-${suffix}`).length === 0, {
      timeoutMs: 5000,
      label: 'B gone from A',
    });
  });

  it('answers 401 to wrong credentials, and the client stays unregistered (and says so)', async () => {
    const c = start(`DISC-C-${suffix}`, 40103, { password: `${password}x` });
    await new Promise((r) => setTimeout(r, 2 * HEARTBEAT_MS));
    expect(c.isRegistered).toBe(false);
    expect(await held(`DISC-C-${suffix}`)).toEqual([]);
  });

  (ours ? it : it.skip)(
    'comes back after the server restarts: re-registered within two leases, not ready while absent',
    async () => {
      const app = `DISC-R-${suffix}`;
      const r = start(app, 40104);
      await waitFor(() => r.isRegistered, { label: 'registered before the restart' });

      // sample readiness, then what the server holds, every 100 ms for the whole test
      type Sample = { t: number; ready: boolean; present: boolean | null };
      const samples: Sample[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const ready = r.isRegistered;
          const present = await held(app).then(
            (list) => list.length > 0,
            () => null, // server down or starting
          );
          samples.push({ t: Date.now(), ready, present });
          await new Promise((res) => setTimeout(res, 100));
        }
      })();

      let stopped = false;
      const t0 = Date.now();
      let upAt = 0;
      let backAt = 0;
      try {
        expect(await stack(`stopServer('eureka')`)).toBe('RESULT true');
        stopped = true;
        const downAt = Date.now();
        expect(await stack(`startServer('eureka')`)).toBe('RESULT true');
        stopped = false;
        upAt = Date.now();
        await waitFor(async () => (await held(app)).length > 0, {
          timeoutMs: 2 * LEASE_SECONDS * 1000,
          intervalMs: 100,
          label: 'the instance back in the registry',
        });
        backAt = Date.now();
        await waitFor(() => r.isRegistered, { timeoutMs: 2000, label: 'ready again' });
        sampling = false;
        await sampler;
        console.log(
          `eureka restart: stop ${downAt - t0} ms, server start ${upAt - downAt} ms, ` +
            `instance back ${backAt - upAt} ms after the server was healthy`,
        );

        // while absent (down, starting, or up without us) readiness went false …
        expect(samples.some((s) => s.present !== true && !s.ready)).toBe(true);
        // … and, once a lease had passed since the stop, never claimed a registration the server lacked
        const graceEnd = downAt + LEASE_SECONDS * 1000 + HEARTBEAT_MS;
        expect(samples.filter((s) => s.t > graceEnd && s.present === false && s.ready)).toEqual([]);
        expect(backAt - upAt).toBeLessThanOrEqual(2 * LEASE_SECONDS * 1000);
      } finally {
        sampling = false;
        await sampler;
        // whatever happened, Eureka runs again before anything else
        if (stopped || upAt === 0) await stack(`startServer('eureka')`);
      }
    },
    240_000,
  );
});
