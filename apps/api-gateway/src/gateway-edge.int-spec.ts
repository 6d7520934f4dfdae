import {
  dropDatabase,
  scratchDatabase,
  rawRequest,
  ServiceProcess,
  startService,
  uniqueSuffix,
  userToken,
  waitFor,
} from '@mstore/testing';
import { SignJWT } from 'jose';
import { PUBLIC_OPERATIONS } from './routing/route-table';
import {
  b64url,
  call,
  rsaKey,
  signToken,
  startGateway,
  startJwksServer,
  TestKey,
  upInstances,
} from './test/gateway-test-kit';

/** Auth, body limit, headers, rate limit and docs of real gateway instances in front of a real inventory-service. */
describe('api-gateway at the edge', () => {
  const database = scratchDatabase('gw_edge');
  const sku = `GW-${uniqueSuffix()}`;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let inventory: ServiceProcess;
  let gateway: ServiceProcess;
  let trusted: TestKey;
  let foreign: TestKey;
  let alice: string;
  let admin: string;

  const setStock = (token?: string, available = 7) =>
    call(gateway.baseUrl, 'PUT', `/api/inventory/${sku}`, { token, body: { available } });

  beforeAll(async () => {
    [trusted, foreign, alice, admin] = await Promise.all([
      rsaKey('gw-test-trusted'),
      rsaKey('gw-test-foreign'),
      userToken('alice'),
      userToken('admin'),
    ]);
    jwks = await startJwksServer([trusted.jwk]);
    inventory = await startService('inventory-service', {
      MYSQL_DATABASE: database,
      KEYCLOAK_URL: jwks.url,
    });
    gateway = await startGateway({
      KEYCLOAK_URL: jwks.url,
      SERVICE_URLS: `INVENTORY-SERVICE=${inventory.baseUrl}`,
    });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), inventory?.stop()]);
    await jwks?.close();
    await dropDatabase(database);
  });

  describe('auth', () => {
    it('answers 401 with a Bearer challenge when no token is sent', async () => {
      const reply = await setStock();
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="mstore"');
    });

    const badTokens: [string, () => Promise<string>][] = [
      ['garbage', async () => 'not-a-jwt'],
      [
        'alg none',
        async () =>
          `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'x', iss: 'http://localhost:8180/realms/mstore', exp: 9999999999, realm_access: { roles: ['admin'] } })}.`,
      ],
      [
        'HS256',
        () =>
          new SignJWT({ realm_access: { roles: ['admin'] } })
            .setProtectedHeader({ alg: 'HS256', kid: trusted.kid })
            .setSubject('x')
            .setIssuer('http://localhost:8180/realms/mstore')
            .setExpirationTime('5m')
            .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!')),
      ],
      ['a foreign key', () => signToken(foreign, { roles: ['admin'] })],
      [
        'a tampered payload',
        async () => {
          const [header, payload, signature] = admin.split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
          claims.sub = 'someone-else';
          return `${header}.${b64url(claims)}.${signature}`;
        },
      ],
      ['an expired token', () => signToken(trusted, { roles: ['admin'], expiresInSeconds: -300 })],
      [
        'a token not valid yet (nbf beyond the skew)',
        () =>
          new SignJWT({ realm_access: { roles: ['admin'] } })
            .setProtectedHeader({ alg: 'RS256', kid: trusted.kid })
            .setSubject('x')
            .setIssuer('http://localhost:8180/realms/mstore')
            .setNotBefore('5m')
            .setExpirationTime('10m')
            .sign(trusted.privateKey),
      ],
      [
        'another issuer',
        () => signToken(trusted, { roles: ['admin'], issuer: 'http://evil.example/realms/mstore' }),
      ],
    ];

    it.each(badTokens)('answers 401 invalid_token for %s', async (_label, token) => {
      const reply = await setStock(await token());
      expect(reply.status).toBe(401);
      expect(reply.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('answers 403 to a customer on an admin route', async () => {
      const reply = await setStock(alice);
      expect(reply.status).toBe(403);
      expect(reply.json()).toMatchObject({ status: 403, detail: 'requires role admin' });
    });

    it('lets an admin through, forwarding the token to the service', async () => {
      expect((await setStock(admin, 7)).status).toBe(200);
      const stock = await call(gateway.baseUrl, 'GET', `/api/inventory?sku=${sku}`);
      expect(stock.json<unknown[]>()).toEqual([expect.objectContaining({ sku, available: 7 })]);
    });

    it('accepts a trusted key (so the expired and issuer cases fail for their claim only)', async () => {
      expect((await setStock(await signToken(trusted, { roles: ['admin'] }), 8)).status).toBe(200);
    });

    it('answers 401 on customer routes without a token, rate-limit headers included', async () => {
      for (const path of ['/api/orders', '/api/notifications', '/api/notifications/stream']) {
        const reply = await call(gateway.baseUrl, 'GET', path);
        expect(reply.status).toBe(401);
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
        expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="mstore"');
        expect(reply.headers.get('ratelimit-limit')).not.toBeNull();
      }
    });

    it('keeps the stock detail of a sku for admins while the stock query is public', async () => {
      expect((await call(gateway.baseUrl, 'GET', `/api/inventory/${sku}`)).status).toBe(401);
      expect(
        (await call(gateway.baseUrl, 'GET', `/api/inventory/${sku}`, { token: alice })).status,
      ).toBe(403);
      const detail = await call(gateway.baseUrl, 'GET', `/api/inventory/${sku}`, { token: admin });
      expect(detail.status).toBe(200);
      expect(detail.json()).toMatchObject({ sku });
    });

    it('still lets anonymous callers read public routes', async () => {
      expect((await call(gateway.baseUrl, 'GET', `/api/inventory?sku=${sku}`)).status).toBe(200);
    });
  });

  describe('requests', () => {
    it('refuses a body over 1 MiB with a 413 problem, by length or by counting', async () => {
      const MiB = 1024 * 1024;
      const head = (framing: string) =>
        `POST /api/products HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer ${admin}\r\n` +
        `Content-Type: application/json\r\n${framing}\r\n\r\n`;
      // by the declared length: refused before a byte of the body is read
      const declared = await rawRequest(gateway.baseUrl, head(`Content-Length: ${MiB + 100}`));
      expect(declared.status).toBe(413);
      expect(declared.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(declared.body)).toMatchObject({ status: 413, title: 'Content Too Large' });
      // by counting a chunked body: one byte over the limit, and nothing more
      const chunk = (size: number) => `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`;
      const streamed = await rawRequest(
        gateway.baseUrl,
        head('Transfer-Encoding: chunked'),
        chunk(MiB) + chunk(1),
      );
      expect(streamed.status).toBe(413);
    });

    it('sets security headers and echoes the request id', async () => {
      const reply = await call(gateway.baseUrl, 'GET', `/api/inventory?sku=${sku}`, {
        headers: { 'x-request-id': 'edge-test-1' },
      });
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('strict-transport-security')).toContain('max-age=');
      expect(reply.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(reply.headers.get('x-request-id')).toBe('edge-test-1');
      // the docs page is HTML: the browser-page set, with a CSP that lets Swagger UI run
      const docs = await call(gateway.baseUrl, 'GET', '/docs');
      expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers CORS preflights for configured origins only', async () => {
      const preflight = (origin: string) =>
        call(gateway.baseUrl, 'OPTIONS', '/api/orders', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      const allowed = await preflight('http://localhost:3000');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(
        (await preflight('http://evil.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
      const read = (headers: Record<string, string>) =>
        call(gateway.baseUrl, 'GET', `/api/inventory?sku=${sku}`, { headers });
      const cross = await read({ origin: 'http://localhost:5173' });
      expect(cross.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(cross.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
      // not a CORS request: no CORS headers, but caches learn that the answer varies by Origin
      const plain = await read({});
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
      expect(plain.headers.get('access-control-allow-credentials')).toBeNull();
      expect(plain.headers.get('vary')).toContain('Origin');
    });

    it('serves /metrics on the management port only; health on both', async () => {
      const management = gateway.managementUrl!;
      expect(new URL(management).port).not.toBe(String(gateway.port));
      const metrics = await call(management, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(metrics.text).toMatch(
        /^http_server_request_duration_seconds_count\{.*http_route="\/api\/inventory/m,
      );
      const hidden = await call(gateway.baseUrl, 'GET', '/metrics');
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-type')).toContain('application/problem+json');
      expect(hidden.json()).toMatchObject({ status: 404 });
      for (const base of [gateway.baseUrl, management]) {
        expect((await call(base, 'GET', '/health/live')).status).toBe(200);
        const ready = await call(base, 'GET', '/health/ready');
        expect(ready.status).toBe(200);
        expect(ready.json()).toMatchObject({ status: 'ok', details: { kafka: { status: 'up' } } });
      }
      // nothing else is on the management port
      expect((await call(management, 'GET', `/api/inventory?sku=${sku}`)).status).toBe(404);
    });

    it('never routes internal paths', async () => {
      expect(
        (await call(gateway.baseUrl, 'POST', '/internal/reservations', { token: admin, body: {} }))
          .status,
      ).toBe(404);
      expect(
        (await call(gateway.baseUrl, 'GET', '/api/inventory/../../internal/reservations')).status,
      ).toBe(404);
      expect(
        (await call(gateway.baseUrl, 'GET', '/api/inventory/%2e%2e/%2e%2e/internal/reservations'))
          .status,
      ).toBe(404);
    });
  });

  describe('docs', () => {
    it('serves one OpenAPI document listing every public route with the bearer scheme', async () => {
      const reply = await call(gateway.baseUrl, 'GET', '/docs/openapi.json');
      expect(reply.status).toBe(200);
      const doc = reply.json<{
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      }>();
      expect(doc.components.securitySchemes['bearer']).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      const documented = (path: string, method: string) => {
        const normalised = path.replace(/\{[^}]+\}/g, '{}');
        const found = Object.entries(doc.paths).find(
          ([p]) => p.replace(/\{[^}]+\}/g, '{}') === normalised,
        );
        return found?.[1][method.toLowerCase()];
      };
      const missing = PUBLIC_OPERATIONS.filter((op) => !documented(op.path, op.method)).map(
        (op) => `${op.method} ${op.path}`,
      );
      expect(missing).toEqual([]);
      expect(documented('/api/products', 'POST')?.security).toEqual([{ bearer: [] }]);
      expect(documented('/api/products', 'GET')?.security).toEqual([]);
      expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
    });

    it('gives every operation its schemas: bodies for writes, a 2xx answer, resolvable refs', async () => {
      const text = (await call(gateway.baseUrl, 'GET', '/docs/openapi.json')).text;
      type Operation = {
        requestBody?: { content: Record<string, { schema?: unknown }> };
        responses: Record<string, unknown>;
      };
      const doc = JSON.parse(text) as {
        paths: Record<string, Record<string, Operation>>;
        components: { schemas: Record<string, unknown> };
      };
      const op = (method: string, path: string) =>
        Object.entries(doc.paths).find(
          ([p]) => p.replace(/\{[^}]+\}/g, '{}') === path.replace(/\{[^}]+\}/g, '{}'),
        )?.[1][method.toLowerCase()];
      // commands whose whole input is the path and headers (checkout: the cart and its Idempotency-Key)
      const withoutBody = [
        '/api/orders/{id}/cancel',
        '/api/cart/checkout',
        '/api/notifications/{id}/read',
      ];
      const problems: string[] = [];
      for (const { method, path } of PUBLIC_OPERATIONS) {
        const operation = op(method, path);
        if (!Object.keys(operation?.responses ?? {}).some((s) => s.startsWith('2')))
          problems.push(`${method} ${path}: no 2xx answer`);
        const writes = ['POST', 'PUT', 'PATCH'].includes(method) && !withoutBody.includes(path);
        if (writes && !operation?.requestBody?.content['application/json']?.schema)
          problems.push(`${method} ${path}: no body schema`);
      }
      expect(problems).toEqual([]);
      const refs = [...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(10);
      expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
    });

    it('serves Swagger UI', async () => {
      const reply = await call(gateway.baseUrl, 'GET', '/docs');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/html');
      expect(reply.text).toContain('swagger-ui');
    });
  });

  describe('rate limit', () => {
    let limited: ServiceProcess;
    beforeAll(async () => {
      limited = await startGateway({
        RATE_LIMIT_CAPACITY: '3',
        RATE_LIMIT_REFILL_PER_SEC: '1',
        KEYCLOAK_URL: jwks.url,
        SERVICE_URLS: `INVENTORY-SERVICE=${inventory.baseUrl}`,
      });
    });
    afterAll(() => limited?.stop());

    it('counts down per caller, then answers 429 with Retry-After', async () => {
      const read = (token?: string) =>
        call(limited.baseUrl, 'GET', `/api/inventory?sku=${sku}`, { token });
      const replies = [await read(), await read(), await read()];
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(replies.map((r) => r.headers.get('ratelimit-limit'))).toEqual(['3', '3', '3']);
      expect(replies.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
      const refused = await read();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // a signed-in user has a bucket of their own
      const own = await read(alice);
      expect(own.status).toBe(200);
      expect(own.headers.get('ratelimit-remaining')).toBe('2');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await read()).status).toBe(200);
    });

    it("charges refused tokens to the caller's IP, so a stream of bad tokens is limited too", async () => {
      // a fresh bucket: the anonymous calls above emptied this IP's
      await new Promise((r) => setTimeout(r, 3100));
      const replies = [];
      for (let i = 0; i < 8; i++)
        replies.push(await call(limited.baseUrl, 'GET', '/api/orders', { token: 'not-a-jwt' }));
      const statuses = replies.map((r) => r.status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toContain(429);
      expect(replies.every((r) => r.headers.get('ratelimit-limit') === '3')).toBe(true);
    });

    it('leaves health, metrics and docs alone', async () => {
      for (const [base, path] of [
        [limited.baseUrl, '/health/live'],
        [limited.baseUrl, '/health/ready'],
        [limited.managementUrl!, '/metrics'],
        [limited.baseUrl, '/docs/openapi.json'],
        [limited.baseUrl, '/health/live'],
        [limited.managementUrl!, '/metrics'],
      ]) {
        const reply = await call(base, 'GET', path);
        expect(reply.status).toBe(200);
        expect(reply.headers.get('ratelimit-limit')).toBeNull();
      }
    });
  });

  describe('rate limit shared by two gateways', () => {
    const read = (g: ServiceProcess) => call(g.baseUrl, 'GET', `/api/inventory?sku=${sku}`);
    let pair: ServiceProcess[] = [];
    afterEach(async () => {
      await Promise.all(pair.map((g) => g.stop()));
      pair = [];
    });

    it('allows the limit once across both, not once per gateway', async () => {
      const env = {
        RATE_LIMIT_CAPACITY: '6',
        RATE_LIMIT_REFILL_PER_SEC: '1',
        RATE_LIMIT_GATEWAYS: '2', // the chart's count with Eureka off
        KEYCLOAK_URL: jwks.url,
        SERVICE_URLS: `INVENTORY-SERVICE=${inventory.baseUrl}`,
      };
      pair = await Promise.all([startGateway(env), startGateway(env)]);
      // a balancer spreading one client's requests over both gateways
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await read(pair[i % 2]!)).status);
      const allowed = statuses.filter((s) => s === 200).length;
      // 6 of burst; at most one token refilled (0.5/s on each) while the 12 calls ran
      expect(allowed).toBeGreaterThanOrEqual(6);
      expect(allowed).toBeLessThanOrEqual(7);
      expect(statuses.filter((s) => s === 429).length).toBe(12 - allowed);
    });

    it('divides by the gateways Eureka lists, following a scale-out', async () => {
      const env = {
        RATE_LIMIT_CAPACITY: '120',
        RATE_LIMIT_GATEWAYS: 'registry',
        KEYCLOAK_URL: jwks.url,
        SERVICE_URLS: `INVENTORY-SERVICE=${inventory.baseUrl}`,
      };
      pair = [await startGateway(env)];
      const limitOf = async (g: ServiceProcess) =>
        Number((await read(g)).headers.get('ratelimit-limit'));
      // other suites' gateways share this Eureka: compare with what it lists at the time
      const divided = async (g: ServiceProcess) => {
        const n = Math.max(1, await upInstances('API-GATEWAY'));
        return (await limitOf(g)) === Math.floor(120 / n) ? n : 0;
      };
      const before = await waitFor(() => divided(pair[0]!), { timeoutMs: 30_000 });
      pair.push(await startGateway(env));
      const after = await waitFor(
        async () => {
          const n = await divided(pair[0]!);
          return n > before && (await divided(pair[1]!)) === n ? n : 0;
        },
        { timeoutMs: 30_000 },
      );
      expect(after).toBeGreaterThan(before);
    });
  });

  describe('key rotation', () => {
    it('fetches the key set again for a key id it has not seen', async () => {
      const rotated = await rsaKey('gw-test-rotated');
      const token = await signToken(rotated, { roles: ['admin'] });
      jwks.add(rotated.jwk);
      const before = jwks.fetches();
      // jose refetches on an unknown kid at most once per 30 s cooldown after its last fetch
      await waitFor(async () => (await setStock(token, 9)).status === 200, {
        timeoutMs: 45_000,
        intervalMs: 2000,
        label: 'a token of the rotated key to be accepted',
      });
      expect(jwks.fetches()).toBeGreaterThan(before);
    });
  });
});
