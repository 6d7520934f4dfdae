import { JwtVerifier, Principal, TokenRejected } from '@mstore/auth';
import { ProblemException } from '@mstore/http';
import type { Socket } from 'node:net';
import pino from 'pino';
import type { Dispatcher } from 'undici';
import { EdgeAuthService } from '../auth/edge-auth.service';
import { CatalogCache } from '../catalog-cache/catalog-cache';
import { CatalogMissLimiter } from '../rate-limit/catalog-miss-limiter';
import { TokenBucketLimiter } from '../rate-limit/token-bucket-limiter';
import { GATEWAY_ROUTES } from '../routing/route-table';
import { ProxiedReply, ProxiedRequest, ProxyService } from './proxy.service';
import { UpstreamCall, UpstreamClient } from './upstream-client';

const products = GATEWAY_ROUTES.find((r) => r.prefix === '/api/products')!;
const ALICE: Principal = { sub: 'alice-id', username: 'alice', roles: ['customer'] };
const BOB: Principal = { sub: 'bob-id', username: 'bob', roles: ['customer'] };
const ROOT: Principal = { sub: 'root-id', username: 'admin', roles: ['admin'] };
const TOKENS: Record<string, Principal> = { alice: ALICE, bob: BOB, root: ROOT };

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: string;
}

class FakeReply implements ProxiedReply {
  raw = { once: () => undefined } as unknown as ProxiedReply['raw'];
  status = 200;
  sent: Record<string, string> = {};
  body = '';
  code(status: number) {
    this.status = status;
    return this;
  }
  header(name: string, value: string) {
    this.sent[name.toLowerCase()] = value;
    return this;
  }
  headers(values: Record<string, string | string[]>) {
    for (const [k, v] of Object.entries(values)) this.header(k, String(v));
    return this;
  }
  send(payload?: unknown) {
    this.body = payload === undefined ? '' : String(payload);
    return this;
  }
}

type Upstream = (call: UpstreamCall) => { status?: number; headers?: Record<string, string> };

/** A ProxyService over a fake upstream that records every call; real cache and limiters. */
function harness({ missBurst = 3, missRate = 1, upstream = (() => ({})) as Upstream } = {}) {
  let clock = 1_000_000;
  const calls: UpstreamCall[] = [];
  const verify = (token: string) =>
    TOKENS[token] ? Promise.resolve(TOKENS[token]) : Promise.reject(new TokenRejected('expired'));
  const client = {
    send: (_service: string, call: UpstreamCall) => {
      calls.push(call);
      const { status = 200, headers = {} } = upstream(call);
      const text = JSON.stringify({ path: call.path, n: calls.length });
      return Promise.resolve({
        statusCode: status,
        headers: { 'content-type': 'application/json', ...headers },
        body: {
          arrayBuffer: () => Promise.resolve(new TextEncoder().encode(text).buffer),
          dump: () => Promise.resolve(),
        },
      } as unknown as Dispatcher.ResponseData);
    },
  } as unknown as UpstreamClient;
  const cache = new CatalogCache({ ttlMs: 60_000, maxEntries: 100, maxBodyBytes: 10_000 });
  cache.setLive(true);
  const proxy = new ProxyService(
    new EdgeAuthService({ verify } as unknown as JwtVerifier),
    new TokenBucketLimiter({ capacity: 1000, refillPerSecond: 1000, maxKeys: 100 }, () => clock),
    new CatalogMissLimiter(
      { capacity: missBurst, refillPerSecond: missRate, maxKeys: 100 },
      () => clock,
    ),
    client,
    cache,
    pino({ level: 'silent' }),
  );
  const get = async (
    url: string,
    {
      token,
      ip = '10.0.0.1',
      method = 'GET',
    }: { token?: string; ip?: string; method?: string } = {},
  ): Promise<Sent> => {
    const request: ProxiedRequest = {
      id: 'r1',
      url,
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      socket: { remoteAddress: '127.0.0.1' } as Socket,
      ip,
    };
    const reply = new FakeReply();
    try {
      await proxy.handle(products, request, reply);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      const headers = { ...reply.sent, ...(error.extras.headers as Record<string, string>) };
      return { status: error.status, headers, body: error.detail ?? '' };
    }
    return { status: reply.status, headers: reply.sent, body: reply.body };
  };
  return { get, calls, cache, tick: (ms: number) => (clock += ms) };
}

describe('ProxyService catalog reads', () => {
  it('serves a signed-in read from the copy an anonymous read left, without going upstream', async () => {
    const h = harness();
    expect((await h.get('/api/products?page=1')).headers['x-cache']).toBe('miss');
    const signedIn = await h.get('/api/products?page=1', { token: 'alice' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['x-cache']).toBe('hit');
    expect(h.calls).toHaveLength(1);
  });

  it('fetches the shared copy without the caller credentials, and shares it with anonymous callers', async () => {
    const h = harness();
    await h.get('/api/products/p1', { token: 'alice' });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0].headers['authorization']).toBeUndefined();
    expect((await h.get('/api/products/p1')).headers['x-cache']).toBe('hit');
    expect(h.calls).toHaveLength(1);
  });

  it('verifies a sent token first: a bad one is 401 even when the answer is cached', async () => {
    const h = harness();
    await h.get('/api/products');
    const refused = await h.get('/api/products', { token: 'forged' });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-cache']).toBeUndefined();
    expect(h.calls).toHaveLength(1);
  });

  it('never stores an answer the upstream marks as for one client, and sends a token holder their own', async () => {
    const h = harness({
      upstream: () => ({ headers: { 'cache-control': 'private', vary: 'Authorization' } }),
    });
    await h.get('/api/products?x=1');
    expect((await h.get('/api/products?x=1')).headers['x-cache']).toBe('miss');
    const own = await h.get('/api/products?x=1', { token: 'alice' });
    expect(own.headers['x-cache']).toBe('bypass');
    // the shared (anonymous) fetch, then alice's own request with her token
    expect(h.calls.map((c) => c.headers['authorization'])).toEqual([
      undefined,
      undefined,
      undefined,
      'Bearer alice',
    ]);
  });

  it('sends a token holder their own answer when the anonymous one is refused', async () => {
    const h = harness({
      upstream: (call) => ({ status: call.headers['authorization'] ? 200 : 401 }),
    });
    const reply = await h.get('/api/products/secret', { token: 'alice' });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-cache']).toBe('bypass');
    expect((await h.get('/api/products/secret')).status).toBe(401);
  });

  describe('the catalog-miss budget', () => {
    it('charges misses only: a client out of misses still gets cached answers', async () => {
      const h = harness({ missBurst: 3, missRate: 1 });
      await h.get('/api/products?popular');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await h.get(`/api/products?q=${i}`)).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      const hit = await h.get('/api/products?popular');
      expect(hit.status).toBe(200);
      expect(hit.headers['x-cache']).toBe('hit');
      expect(h.calls).toHaveLength(3);
    });

    it('answers 429 with Retry-After and RateLimit headers of the miss budget', async () => {
      const h = harness({ missBurst: 2, missRate: 1 });
      const first = await h.get('/api/products?q=a');
      expect(first.headers['ratelimit-limit']).toBe('2');
      expect(first.headers['ratelimit-remaining']).toBe('1');
      await h.get('/api/products?q=b');
      const refused = await h.get('/api/products?q=c');
      expect(refused).toMatchObject({
        status: 429,
        headers: { 'retry-after': '1', 'ratelimit-limit': '2', 'ratelimit-remaining': '0' },
      });
      expect(refused.body).toMatch(/not cached/);
      h.tick(1000);
      expect((await h.get('/api/products?q=c')).status).toBe(200);
    });

    it('keeps a budget per caller: the token subject, or the IP when anonymous', async () => {
      const h = harness({ missBurst: 1, missRate: 1 });
      expect((await h.get('/api/products?q=1', { token: 'alice' })).status).toBe(200);
      expect((await h.get('/api/products?q=2', { token: 'alice' })).status).toBe(429);
      // the same IP, but bob's own bucket; then the IP's anonymous one
      expect((await h.get('/api/products?q=3', { token: 'bob' })).status).toBe(200);
      expect((await h.get('/api/products?q=4')).status).toBe(200);
      expect((await h.get('/api/products?q=5')).status).toBe(429);
      expect((await h.get('/api/products?q=6', { ip: '10.0.0.2' })).status).toBe(200);
    });

    it('does not charge writes', async () => {
      const h = harness({ missBurst: 1, missRate: 1 });
      for (let i = 0; i < 3; i++)
        expect((await h.get('/api/products', { token: 'root', method: 'POST' })).status).toBe(200);
      expect((await h.get('/api/products?q=1', { token: 'root' })).status).toBe(200);
    });
  });
});
