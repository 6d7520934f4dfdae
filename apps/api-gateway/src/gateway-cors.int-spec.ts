import type { ServiceProcess } from '@mstore/testing';
import { call, startGateway } from './test/gateway-test-kit';

const ORIGIN = 'http://localhost:3000';
const REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'last-event-id',
];
const EXPOSED = [
  'etag',
  'location',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'idempotent-replayed',
];
const OPENAPI_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

/** Every operation of the merged public API passes a browser's preflight from the storefront. */
describe('api-gateway CORS over the whole public API', () => {
  let gateway: ServiceProcess;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    gateway = await startGateway();
    // the gateway serves the merge of the committed specs (libs/contracts/openapi)
    const doc = (await call(gateway.baseUrl, 'GET', '/docs/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      OPENAPI_METHODS.filter((m) => m in item).flatMap((m) => {
        const concrete = path.replace(/\{[^}]+\}/g, 'CORS-1');
        const method = m.toUpperCase();
        // HEAD comes with every GET
        return method === 'GET'
          ? [
              { method, path: concrete },
              { method: 'HEAD', path: concrete },
            ]
          : [{ method, path: concrete }];
      }),
    );
  });

  afterAll(() => gateway?.stop());

  it('finds the public operations in the merged OpenAPI', () => {
    expect(operations.length).toBeGreaterThanOrEqual(16);
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
      expect(operations.some((o) => o.method === method)).toBe(true);
  });

  it('allows each route, method and request header in a preflight', async () => {
    expect(operations.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const { method, path } of operations) {
      const reply = await call(gateway.baseUrl, 'OPTIONS', path, {
        headers: {
          origin: ORIGIN,
          'access-control-request-method': method,
          'access-control-request-headers': REQUEST_HEADERS.join(','),
        },
      });
      const methods = list(reply.headers.get('access-control-allow-methods'));
      const headers = list(reply.headers.get('access-control-allow-headers'));
      const why = [
        reply.status === 204 ? '' : `status ${reply.status}`,
        reply.headers.get('access-control-allow-origin') === ORIGIN ? '' : 'origin not allowed',
        reply.headers.get('access-control-allow-credentials') === 'true' ? '' : 'no credentials',
        methods.includes(method.toLowerCase()) ? '' : `method not in [${methods}]`,
        ...REQUEST_HEADERS.filter((h) => !headers.includes(h)).map((h) => `header ${h} missing`),
      ].filter(Boolean);
      if (why.length) refused.push(`${method} ${path}: ${why.join(', ')}`);
    }
    expect(refused).toEqual([]);
  });

  it('lists every method of the API, and OPTIONS, in the preflight answer', async () => {
    const reply = await call(gateway.baseUrl, 'OPTIONS', '/api/products', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'DELETE' },
    });
    expect(list(reply.headers.get('access-control-allow-methods')).sort()).toEqual(
      ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'].sort(),
    );
  });

  it('exposes the answer headers a storefront reads', async () => {
    const reply = await call(gateway.baseUrl, 'GET', '/api/products?pageSize=1', {
      headers: { origin: ORIGIN },
    });
    expect(reply.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const exposed = list(reply.headers.get('access-control-expose-headers'));
    expect(EXPOSED.filter((h) => !exposed.includes(h))).toEqual([]);
    // every rate limit header the gateway actually sends is readable
    const sent = [...reply.headers.keys()].filter((h) => h.startsWith('ratelimit-'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((h) => !exposed.includes(h))).toEqual([]);
  });

  it('gives an origin outside the list no CORS grant', async () => {
    const reply = await call(gateway.baseUrl, 'OPTIONS', '/api/orders', {
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });
});
