import type { ServiceInstance } from '@mstore/discovery';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BreakerRegistry } from './breaker-registry';
import { DependencyUnavailable, UpstreamRejected } from './resilience.errors';
import { ServiceClient } from './service-client';
import { Agent } from 'undici';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TinyServer {
  name: string;
  instance: ServiceInstance;
  hits: { method: string; url: string; auth?: string }[];
  handler: Handler;
  close(): Promise<void>;
}

/** A real HTTP server answering with the handler of the moment; records every request. */
async function tinyServer(name: string): Promise<TinyServer> {
  const hits: TinyServer['hits'] = [];
  const state: TinyServer = {
    name,
    hits,
    handler: (_req, res) => json(res, 200, { from: name }),
    instance: undefined as unknown as ServiceInstance,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
    req.resume();
    req.on('end', () => state.handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.instance = instanceAt((server.address() as AddressInfo).port);
  return state;
}

const instanceAt = (port: number): ServiceInstance => ({
  instanceId: `127.0.0.1:svc:${port}`,
  host: '127.0.0.1',
  port,
  baseUrl: `http://127.0.0.1:${port}`,
});

/** A port nothing listens on: a server started and closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const settings = (overrides = {}) => ({
  timeoutMs: 500,
  volumeThreshold: 3,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 200,
  rollingWindowMs: 5000,
  ...overrides,
});

describe(ServiceClient.name, () => {
  let a: TinyServer;
  let b: TinyServer;
  let registered: ServiceInstance[];
  let registry: BreakerRegistry;
  let client: ServiceClient;
  let agent: Agent;
  const discovery = { instances: (name: string) => (name === 'SVC' ? registered : []) };
  const tokens = { get: jest.fn(async () => 'service-token') };

  beforeEach(async () => {
    a = await tinyServer('a');
    b = await tinyServer('b');
    registered = [a.instance, b.instance];
    registry = new BreakerRegistry(settings());
    agent = new Agent();
    client = new ServiceClient(discovery, tokens, registry, agent);
  });
  afterEach(async () => {
    registry.shutdown();
    await agent.destroy();
    await Promise.all([a.close(), b.close()]);
  });

  const get = () => client.call<{ from: string }>('SVC', { method: 'GET', path: '/x' });
  const post = (idempotent = false) =>
    client.call<{ from: string }>('SVC', { method: 'POST', path: '/x', body: {}, idempotent });

  it('round-robins over the instances and sends the service token', async () => {
    const from = [];
    for (let i = 0; i < 4; i++) from.push((await get()).body.from);
    expect(from.filter((f) => f === 'a')).toHaveLength(2);
    expect(from.filter((f) => f === 'b')).toHaveLength(2);
    expect(from[0]).not.toBe(from[1]);
    expect(a.hits[0]?.auth).toBe('Bearer service-token');
  });

  it('moves a refused call, even a non-idempotent one, to the next instance and then skips the refusing one', async () => {
    registered = [instanceAt(await closedPort()), b.instance];
    for (let i = 0; i < 4; i++)
      await expect(post(false)).resolves.toMatchObject({ body: { from: 'b' } });
    expect(b.hits).toHaveLength(4);
    expect(registry.states()).toEqual({ SVC: 'closed' });
  });

  it('answers unavailable when every instance refuses', async () => {
    registered = [instanceAt(await closedPort())];
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailable);
    expect((error as DependencyUnavailable).retryAfterSeconds).toBe(1);
  });

  it('answers unavailable when no instance is registered', async () => {
    registered = [];
    await expect(get()).rejects.toThrow(/no instance available/);
  });

  it('retries a failed idempotent call once, on the other instance', async () => {
    a.handler = b.handler = (_req, res) => json(res, 500, {});
    const error = await post(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailable);
    expect(a.hits.length + b.hits.length).toBe(2);
    expect(a.hits).toHaveLength(1);
    expect(b.hits).toHaveLength(1);
  });

  it('succeeds when the retry of an idempotent call reaches a healthy instance', async () => {
    a.handler = (_req, res) => json(res, 503, {});
    const results = [await post(true), await post(true)];
    expect(results.map((r) => r.body.from)).toEqual(['b', 'b']);
  });

  it('never retries a non-idempotent call that reached an instance', async () => {
    a.handler = b.handler = (_req, res) => json(res, 500, {});
    await expect(post(false)).rejects.toBeInstanceOf(DependencyUnavailable);
    expect(a.hits.length + b.hits.length).toBe(1);
  });

  it('does not retry an idempotent call when there is no other instance', async () => {
    registered = [a.instance];
    a.handler = (_req, res) => json(res, 500, {});
    const error = await post(true).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/answered 500/);
    expect(a.hits).toHaveLength(1);
  });

  it('passes a 4xx through without retry and without counting it against the breaker', async () => {
    a.handler = b.handler = (_req, res) => json(res, 409, { shortages: [] });
    for (let i = 0; i < 5; i++) {
      const error = await post(true).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamRejected);
      expect((error as UpstreamRejected).status).toBe(409);
      expect((error as UpstreamRejected).body).toEqual({ shortages: [] });
    }
    expect(a.hits.length + b.hits.length).toBe(5);
    expect(registry.states()).toEqual({ SVC: 'closed' });
  });

  it('times out a slow instance and opens the breaker after the threshold, then fails fast', async () => {
    registered = [a.instance];
    a.handler = (_req, res) => setTimeout(() => json(res, 200, {}), 1000);
    for (let i = 0; i < 3; i++) await expect(get()).rejects.toThrow(/timed out/);
    expect(registry.states()).toEqual({ SVC: 'open' });
    // fails fast: refused by the breaker, the slow instance is not asked again
    await expect(get()).rejects.toThrow(/circuit open/);
    expect(a.hits).toHaveLength(3);
  });

  it('closes the breaker once a trial call succeeds after the reset timeout', async () => {
    registered = [instanceAt(await closedPort())];
    for (let i = 0; i < 3; i++) await get().catch(() => undefined);
    expect(registry.states()).toEqual({ SVC: 'open' });
    registered = [a.instance];
    await new Promise((r) => setTimeout(r, 250));
    await expect(get()).resolves.toMatchObject({ body: { from: 'a' } });
    expect(registry.states()).toEqual({ SVC: 'closed' });
  });
});
