import { declaredOperations, ServiceName } from '@mstore/contracts';
import { declaringLength, uniqueSuffix, userToken } from '@mstore/testing';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { eurekaUrl } from './support/eureka';
import { Fleet } from './support/fleet';
import { Answer, call, isProblem, unexpected5xx } from './support/http-client';
import { rsaKey, signToken, startKeycloakProxy, TestKey } from './support/keycloak-proxy';

interface Target {
  where: string;
  method: string;
  path: string;
  body?: unknown;
  admin?: boolean;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Token attacks, other customers' data, the registry, direct service access and bad bodies. */
describe('security', () => {
  const sku = `SEC-${uniqueSuffix().toUpperCase()}`;
  let fleet: Fleet;
  let proxy: { url: string; close(): Promise<void> };
  let trusted: TestKey;
  let alice: string;
  let bob: string;
  let admin: string;
  const attacks: Record<string, string | undefined> = {};

  const base = (where: string) =>
    where === 'gateway'
      ? fleet.url
      : {
          [ServiceName.Order]: fleet.order[0],
          [ServiceName.Product]: fleet.product[0],
          [ServiceName.Inventory]: fleet.inventory[0],
          [ServiceName.Notification]: fleet.notification!,
        }[where]!.baseUrl;

  const orderBody = { lines: [{ sku, quantity: 1 }] };
  const productBody = {
    sku,
    name: 'x',
    description: 'x',
    category: 'kitchen',
    price: 100,
    currency: 'USD',
  };
  const protectedRoutes = (where: string): Target[] => [
    { where, method: 'GET', path: '/api/orders' },
    { where, method: 'POST', path: '/api/orders', body: orderBody },
    { where, method: 'GET', path: '/api/notifications' },
    { where, method: 'PUT', path: `/api/inventory/${sku}`, body: { available: 5 }, admin: true },
    { where, method: 'POST', path: '/api/products', body: productBody, admin: true },
    {
      where,
      method: 'PATCH',
      path: '/api/orders/00000000-0000-0000-0000-000000000000/status',
      body: { status: 'SHIPPED' },
      admin: true,
    },
  ];
  const serviceOf = (path: string) =>
    path.startsWith('/api/orders')
      ? ServiceName.Order
      : path.startsWith('/api/notifications')
        ? ServiceName.Notification
        : path.startsWith('/api/inventory')
          ? ServiceName.Inventory
          : ServiceName.Product;
  const targets = (): Target[] => [
    ...protectedRoutes('gateway'),
    // each service checks the token again: reached directly, the same routes and the internal ones
    ...protectedRoutes('direct').map((t) => ({ ...t, where: serviceOf(t.path) })),
    {
      where: ServiceName.Product,
      method: 'POST',
      path: '/internal/products/lookup',
      body: { skus: [sku] },
    },
    {
      where: ServiceName.Inventory,
      method: 'POST',
      path: '/internal/reservations',
      body: { orderId: 'x', lines: [{ sku, quantity: 1 }] },
    },
  ];
  const send = (t: Target, token?: string) =>
    call(base(t.where), t.method, t.path, { token, body: t.body });

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all([
      userToken('alice'),
      userToken('bob'),
      userToken('admin'),
    ]);
    trusted = await rsaKey(`e2e-trusted-${uniqueSuffix()}`);
    proxy = await startKeycloakProxy([trusted.jwk]);
    fleet = await Fleet.start({ label: 'sec', common: { KEYCLOAK_URL: proxy.url } });

    const [header, payload] = alice.split('.');
    const claims = decodeJwt(alice);
    const realKid = decodeProtectedHeader(alice).kid!;
    const foreign = await rsaKey(realKid);
    attacks['no token'] = undefined;
    attacks['garbage'] = 'not.a.jwt';
    attacks['alg none'] = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    attacks['HS256 keyed with the public key'] = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: realKid })
      .sign(new TextEncoder().encode(JSON.stringify(decodeProtectedHeader(alice))));
    attacks['signed by a foreign key'] = await signToken(foreign, {
      sub: claims.sub!,
      roles: ['customer', 'admin'],
    });
    attacks['tampered payload'] =
      `${header}.${b64url({ ...claims, realm_access: { roles: ['customer', 'admin'] } })}.${alice.split('.')[2]}`;
    attacks['expired'] = await signToken(trusted, {
      sub: claims.sub!,
      roles: ['customer', 'admin'],
      expiresInSeconds: -60,
    });
    attacks['wrong issuer'] = await signToken(trusted, {
      sub: claims.sub!,
      roles: ['customer', 'admin'],
      issuer: 'http://evil.example/realms/mstore',
    });
  });

  afterAll(async () => {
    await fleet?.stop();
    await proxy?.close();
  });

  it('trusts the test key otherwise: a fresh token signed with it passes (the expired case fails only on exp)', async () => {
    const fresh = await signToken(trusted, { sub: decodeJwt(alice).sub!, roles: ['customer'] });
    expect((await call(fleet.url, 'GET', '/api/orders', { token: fresh })).status).toBe(200);
  });

  it('reaches every target with a real token (no 401), so the refusals below are about the token', async () => {
    for (const t of targets()) {
      const answer = await send(
        t,
        t.where === ServiceName.Product && t.path.startsWith('/internal')
          ? admin
          : t.admin
            ? admin
            : alice,
      );
      expect([t.where, t.method, t.path, answer.status === 401]).toEqual([
        t.where,
        t.method,
        t.path,
        false,
      ]);
    }
  });

  it.each([
    'no token',
    'garbage',
    'alg none',
    'HS256 keyed with the public key',
    'signed by a foreign key',
    'tampered payload',
    'expired',
    'wrong issuer',
  ])('refuses %s with a 401 problem at the gateway and at every service', async (attack) => {
    const wrong: string[] = [];
    for (const t of targets()) {
      const answer: Answer = await send(t, attacks[attack]);
      if (answer.status !== 401 || !isProblem(answer) || /at .*\.(js|ts):\d+/.test(answer.text))
        wrong.push(
          `${t.where} ${t.method} ${t.path} -> ${answer.status} ${answer.text.slice(0, 120)}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('a customer token is refused admin routes with 403', async () => {
    for (const t of protectedRoutes('gateway').filter((r) => r.admin)) {
      expect([t.path, (await send(t, alice)).status]).toEqual([t.path, 403]);
    }
  });

  describe('every operation of the committed OpenAPI, by the roles its route declares', () => {
    // from the routes' own @Roles/@Public (x-roles): a new route is covered here without a list to keep
    const operations = declaredOperations();
    const concrete = (template: string) =>
      template.replace(/\{id\}/g, '00000000-0000-0000-0000-000000000000').replace(/\{sku\}/g, sku);
    const instanceOf = (service: string) =>
      ({
        'order-service': fleet.order[0],
        'product-service': fleet.product[0],
        'inventory-service': fleet.inventory[0],
        'notification-service': fleet.notification,
      })[service]!.baseUrl;
    const wrongOf = async (
      want: (status: number) => boolean,
      pick: (roles: readonly string[]) => boolean,
      token?: string,
    ) => {
      const wrong: string[] = [];
      for (const op of operations.filter((o) => pick(o.roles)))
        for (const base of [fleet.url, instanceOf(op.service)]) {
          const answer = await call(base, op.method, concrete(op.path), { token });
          if (!want(answer.status))
            wrong.push(
              `${base === fleet.url ? 'gateway' : op.service} ${op.method} ${op.path} -> ${answer.status}`,
            );
        }
      return wrong;
    };

    it('lists the whole public API, each operation with a rule', () => {
      expect(operations.length).toBeGreaterThan(20);
      expect(new Set(operations.map((o) => o.service)).size).toBe(4);
    });

    it('refuses every operation that declares roles to an anonymous caller: 401 at the gateway and at the service', async () => {
      expect(
        await wrongOf(
          (s) => s === 401,
          (roles) => roles.length > 0,
        ),
      ).toEqual([]);
    });

    it('refuses every admin-only operation to a customer: 403 at the gateway and at the service', async () => {
      const adminOnly = (roles: readonly string[]) =>
        roles.length > 0 && !roles.includes('customer');
      expect(await wrongOf((s) => s === 403, adminOnly, alice)).toEqual([]);
    });

    it('lets an anonymous caller reach every operation declared public (no 401/403)', async () => {
      expect(
        await wrongOf(
          (s) => s !== 401 && s !== 403,
          (roles) => roles.length === 0,
        ),
      ).toEqual([]);
    });
  });

  it('another customer’s order is a 404, to read and to cancel', async () => {
    const mine = await call(fleet.url, 'GET', '/api/products?pageSize=1');
    const item = mine.body.items[0];
    const placed = await call(fleet.url, 'POST', '/api/orders', {
      token: alice,
      body: { lines: [{ sku: item.sku, quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    for (const [method, path] of [
      ['GET', `/api/orders/${placed.body.id}`],
      ['POST', `/api/orders/${placed.body.id}/cancel`],
    ]) {
      const answer = await call(fleet.url, method, path, { token: bob });
      expect([path, answer.status, isProblem(answer)]).toEqual([path, 404, true]);
    }
  });

  it('Eureka refuses the registry without or with wrong credentials (401)', async () => {
    const apps = `${eurekaUrl().replace(/\/?$/, '/')}apps`;
    expect((await fetch(apps, { headers: { accept: 'application/json' } })).status).toBe(401);
    const wrong = `Basic ${Buffer.from('eureka:wrong').toString('base64')}`;
    expect(
      (await fetch(apps, { headers: { accept: 'application/json', authorization: wrong } })).status,
    ).toBe(401);
  });

  describe('bad bodies get 4xx problems naming what is wrong', () => {
    it.each([
      ['an order', '/api/orders', () => alice],
      ['a product', '/api/products', () => admin],
    ])('a body over 1 MiB: %s', async (_name, path, token) => {
      // declared, not sent: a client still writing a refused body may see EPIPE instead of the answer
      const answer = await declaringLength(fleet.url, 'POST', path, 1_200_000, token());
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: 'Content Too Large' });
    });

    const cases: [string, string, string, () => string, unknown, number[], string | undefined][] = [
      ['malformed JSON order', 'POST', '/api/orders', () => alice, '{"lines": [', [400], undefined],
      [
        'malformed JSON stock',
        'PUT',
        `/api/inventory/X`,
        () => admin,
        '{available: 3}',
        [400],
        undefined,
      ],
      [
        'quantity as text',
        'POST',
        '/api/orders',
        () => alice,
        { lines: [{ sku: 'X', quantity: 'two' }] },
        [400],
        'quantity',
      ],
      [
        'negative quantity',
        'POST',
        '/api/orders',
        () => alice,
        { lines: [{ sku: 'X', quantity: -1 }] },
        [400],
        'quantity',
      ],
      ['no lines', 'POST', '/api/orders', () => alice, { lines: [] }, [400], 'lines'],
      [
        'price as text',
        'POST',
        '/api/products',
        () => admin,
        { ...productBody, price: 'cheap' },
        [400],
        'price',
      ],
      [
        'float price',
        'POST',
        '/api/products',
        () => admin,
        { ...productBody, price: 19.99 },
        [400],
        'price',
      ],
      [
        'stock as text',
        'PUT',
        '/api/inventory/X',
        () => admin,
        { available: 'many' },
        [400],
        'available',
      ],
      [
        'unknown status',
        'PATCH',
        '/api/orders/00000000-0000-0000-0000-000000000000/status',
        () => admin,
        { status: 'TELEPORTED' },
        [400],
        'status',
      ],
      ['array instead of object', 'POST', '/api/orders', () => alice, [1, 2, 3], [400], undefined],
      [
        'pageSize over 100',
        'GET',
        '/api/products?pageSize=1000',
        () => alice,
        undefined,
        [400],
        'pageSize',
      ],
      ['unknown sort', 'GET', '/api/products?sort=hack', () => alice, undefined, [400], 'sort'],
    ];
    it.each(cases)('%s', async (_name, method, path, token, body, statuses, field) => {
      const answer = await call(fleet.url, method, path, { token: token(), body });
      expect(statuses).toContain(answer.status);
      expect(isProblem(answer)).toBe(true);
      expect(answer.text).not.toMatch(/at .*\.(js|ts):\d+|SyntaxError|node_modules/);
      if (field) expect(JSON.stringify(answer.body.errors ?? [])).toContain(field);
    });
  });

  it('answered no 5xx', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
