import pino from 'pino';
import { backoffMs, DiscoveryOptions, EurekaDiscovery } from './eureka-discovery';
import type { EurekaHttp, EurekaMethod, EurekaResponse } from './eureka-http';

/** A scripted Eureka server: holds registrations, can be down or restarted (forgets everything). */
class FakeEureka implements EurekaHttp {
  up = true;
  readonly held = new Map<string, unknown>();
  readonly calls: string[] = [];
  /** Answers instead of the normal behaviour, once each, for the next calls. */
  readonly scripted: EurekaResponse[] = [];

  async send(method: EurekaMethod, path: string, body?: unknown): Promise<EurekaResponse> {
    this.calls.push(`${method} ${path}`);
    if (!this.up) throw new Error('connect ECONNREFUSED 127.0.0.1:8761');
    const next = this.scripted.shift();
    if (next) return next;
    const [, app, id] = path.split('/').map(decodeURIComponent);
    switch (method) {
      case 'POST':
        this.held.set(app, body);
        return { status: 204 };
      case 'PUT':
        return { status: this.held.has(app) ? 200 : 404 };
      case 'DELETE':
        return { status: this.held.delete(app) ? 200 : 404 };
      case 'GET':
        return {
          status: 200,
          body: {
            applications: {
              application: [...this.held.entries()].map(([name, doc]) => ({
                name,
                instance: (doc as { instance: unknown }).instance,
              })),
            },
          },
        };
    }
    return { status: 500, body: id };
  }

  restart(): void {
    this.held.clear();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  count(prefix: string): number {
    return this.calls.filter((c) => c.startsWith(prefix)).length;
  }
}

const HEARTBEAT_MS = 1000;
const LEASE_SECONDS = 5;

function make(server: FakeEureka, extra: Partial<DiscoveryOptions> = {}): EurekaDiscovery {
  return new EurekaDiscovery(
    {
      appName: 'ORDER-SERVICE',
      eurekaUrl: 'http://eureka.test/eureka/',
      user: 'eureka',
      password: 'eureka',
      instanceHost: '127.0.0.1',
      heartbeatMs: HEARTBEAT_MS,
      fetchMs: 2000,
      leaseSeconds: LEASE_SECONDS,
      logger: pino({ level: 'silent' }),
      ...extra,
    },
    server,
  );
}

describe(EurekaDiscovery.name, () => {
  let server: FakeEureka;
  let discovery: EurekaDiscovery;
  const tick = (ms: number) => jest.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(1);
    server = new FakeEureka();
  });
  afterEach(async () => {
    await discovery?.stop();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('registers the instance document with the real port, then renews every heartbeat', async () => {
    discovery = make(server);
    expect(discovery.isRegistered).toBe(false);
    discovery.start(4321);
    await tick(0);
    expect(discovery.isRegistered).toBe(true);
    expect(server.calls[0]).toBe('POST apps/ORDER-SERVICE');
    expect(server.held.get('ORDER-SERVICE')).toMatchObject({
      instance: {
        instanceId: '127.0.0.1:order-service:4321',
        app: 'ORDER-SERVICE',
        hostName: '127.0.0.1',
        ipAddr: '127.0.0.1',
        status: 'UP',
        port: { $: 4321, '@enabled': 'true' },
        healthCheckUrl: 'http://127.0.0.1:4321/health/ready',
        leaseInfo: { renewalIntervalInSecs: 1, durationInSecs: LEASE_SECONDS },
      },
    });
    await tick(3 * HEARTBEAT_MS);
    expect(server.count('PUT apps/ORDER-SERVICE/127.0.0.1%3Aorder-service%3A4321')).toBe(3);
    expect(server.count('POST')).toBe(1);
    expect(discovery.isRegistered).toBe(true);
  });

  it('registers again at once when a renew is answered 404', async () => {
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    server.restart(); // the server forgot us
    expect(discovery.isRegistered).toBe(true); // nothing tells us yet
    server.calls.length = 0;
    await tick(HEARTBEAT_MS);
    expect(server.calls.filter((c) => !c.startsWith('GET'))).toEqual([
      'PUT apps/ORDER-SERVICE/127.0.0.1%3Aorder-service%3A4321',
      'POST apps/ORDER-SERVICE',
    ]);
    expect(server.held.has('ORDER-SERVICE')).toBe(true);
    expect(discovery.isRegistered).toBe(true);
  });

  it('is not registered between a 404 and a registration the server accepts', async () => {
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    server.restart();
    server.scripted.push({ status: 404 }, { status: 503 }); // renew unknown, register refused
    await tick(HEARTBEAT_MS);
    expect(discovery.isRegistered).toBe(false);
    await tick(HEARTBEAT_MS);
    expect(discovery.isRegistered).toBe(true);
  });

  it('retries with growing backoff while the server is down, and registers once it is up', async () => {
    server.up = false;
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    expect(server.count('POST')).toBe(1);
    // 250, 500, 1000 (capped at the heartbeat), 1000 … ms between attempts
    await tick(250);
    expect(server.count('POST')).toBe(2);
    await tick(500);
    expect(server.count('POST')).toBe(3);
    await tick(999);
    expect(server.count('POST')).toBe(3);
    await tick(1);
    expect(server.count('POST')).toBe(4);
    await tick(10 * HEARTBEAT_MS);
    expect(server.count('POST')).toBe(14); // never more often than once a heartbeat
    expect(discovery.isRegistered).toBe(false);
    server.up = true;
    await tick(HEARTBEAT_MS);
    expect(discovery.isRegistered).toBe(true);
    expect(server.held.has('ORDER-SERVICE')).toBe(true);
  });

  it('survives a server restart: readiness ends with the lease, registration returns with the server', async () => {
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    server.up = false;
    server.restart();
    // renews fail; the server may still hold us until the lease would expire
    await tick(LEASE_SECONDS * 1000 - HEARTBEAT_MS);
    expect(discovery.isRegistered).toBe(true);
    await tick(HEARTBEAT_MS);
    expect(discovery.isRegistered).toBe(false);
    await tick(20_000); // a long outage: still retrying, no give-up
    server.up = true;
    server.calls.length = 0;
    await tick(HEARTBEAT_MS);
    // a renew got no answer, so the next attempt registers (no 404 round trip to a cold server)
    expect(server.calls.filter((c) => !c.startsWith('GET'))).toEqual(['POST apps/ORDER-SERVICE']);
    expect(server.held.has('ORDER-SERVICE')).toBe(true);
    expect(discovery.isRegistered).toBe(true);
    await tick(HEARTBEAT_MS);
    expect(server.calls.at(-1)).toMatch(/^(PUT|GET) /); // and renews again after that
    expect(server.count('POST')).toBe(1);
  });

  it('never lets a failing call escape as a rejection (bad status, bad body)', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      discovery = make(server);
      server.scripted.push({ status: 500 }, { status: 200, body: 'not json' });
      discovery.start(4321);
      await tick(5 * HEARTBEAT_MS);
      expect(discovery.isRegistered).toBe(true);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('caches the fetched registry: UP instances per app, kept while a fetch fails', async () => {
    discovery = make(server);
    server.held.set('PRODUCT-SERVICE', {
      instance: [
        { instanceId: 'a', ipAddr: '10.0.0.1', status: 'UP', port: { $: 81 } },
        { instanceId: 'b', ipAddr: '10.0.0.2', status: 'DOWN', port: { $: 82 } },
      ],
    });
    discovery.start(0);
    await tick(0);
    expect(discovery.instances('product-service')).toEqual([
      { instanceId: 'a', host: '10.0.0.1', port: 81, baseUrl: 'http://10.0.0.1:81' },
    ]);
    server.up = false;
    await tick(2000);
    expect(discovery.instances('PRODUCT-SERVICE')).toHaveLength(1);
  });

  it('fetches at once when asked for an app it lacks, at most once a second, one loop only', async () => {
    discovery = make(server, { fetchMs: 5000 });
    discovery.start(0);
    await tick(0);
    expect(server.count('GET')).toBe(1);
    server.held.set('PRODUCT-SERVICE', {
      instance: { instanceId: 'a', ipAddr: '10.0.0.1', status: 'UP', port: { $: 81 } },
    });
    expect(discovery.instances('PRODUCT-SERVICE')).toEqual([]); // not fetched yet
    await tick(0);
    expect(server.count('GET')).toBe(1); // within a second of the last fetch
    await tick(1000);
    expect(discovery.instances('PRODUCT-SERVICE')).toEqual([]);
    await tick(0);
    expect(server.count('GET')).toBe(2);
    expect(discovery.instances('PRODUCT-SERVICE')).toHaveLength(1);
    // a known app asks for nothing, and the loop keeps its own interval (no second loop)
    for (let i = 0; i < 10; i++) discovery.instances('PRODUCT-SERVICE');
    await tick(4999);
    expect(server.count('GET')).toBe(2);
    await tick(1);
    expect(server.count('GET')).toBe(3);
    await tick(5000);
    expect(server.count('GET')).toBe(4);
  });

  it('deregisters on stop and stops every loop', async () => {
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    await discovery.stop();
    expect(server.calls.at(-1)).toBe('DELETE apps/ORDER-SERVICE/127.0.0.1%3Aorder-service%3A4321');
    expect(server.held.size).toBe(0);
    expect(discovery.isRegistered).toBe(false);
    const before = server.calls.length;
    await tick(10 * HEARTBEAT_MS);
    expect(server.calls.length).toBe(before);
  });

  it('stop resolves even when the server is unreachable', async () => {
    server.up = false;
    discovery = make(server);
    discovery.start(4321);
    await tick(0);
    await expect(discovery.stop()).resolves.toBeUndefined();
  });

  it('with EUREKA_ENABLED=false: no call at all, peers from SERVICE_URLS only', async () => {
    discovery = make(server, {
      enabled: false,
      staticUrls: { 'INVENTORY-SERVICE': ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'] },
    });
    discovery.start(4321);
    await tick(10 * HEARTBEAT_MS);
    await discovery.stop();
    expect(server.calls).toEqual([]);
    expect(discovery.enabled).toBe(false);
    expect(discovery.isRegistered).toBe(false);
    expect(discovery.instances('INVENTORY-SERVICE').map((i) => i.baseUrl)).toEqual([
      'http://127.0.0.1:4001',
      'http://127.0.0.1:4002',
    ]);
    expect(discovery.instances('PRODUCT-SERVICE')).toEqual([]);
  });

  it('fixed URLs win over the registry for their names when enabled', async () => {
    discovery = make(server, {
      staticUrls: { 'order-service': ['http://127.0.0.1:9'] },
    });
    discovery.start(4321);
    await tick(0);
    expect(discovery.instances('ORDER-SERVICE').map((i) => i.port)).toEqual([9]);
  });
});

describe(backoffMs.name, () => {
  it('doubles from 250 ms up to the cap, with at most a quarter less as jitter', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 5000))).toEqual([
      250, 500, 1000, 2000, 4000, 5000,
    ]);
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffMs(9, 5000)).toBe(3750);
    jest.restoreAllMocks();
  });
});
