import {
  dropDatabase,
  scratchDatabase,
  ServiceProcess,
  startService,
  userToken,
} from '@mstore/testing';
import { call, startGateway } from './test/gateway-test-kit';

const allowOf = (headers: Headers) =>
  (headers.get('allow') ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);

/** A wrong method on a known path is a 405 with Allow, at the gateway and at a service; unknown paths stay 404. */
describe('405 Method Not Allowed', () => {
  let gateway: ServiceProcess;
  let order: ServiceProcess;
  let alice: string;
  const database = scratchDatabase('ord405');

  beforeAll(async () => {
    alice = await userToken('alice');
    // nothing listens on port 9: the gateway must answer without any upstream
    gateway = await startGateway({
      SERVICE_URLS:
        'ORDER-SERVICE=http://127.0.0.1:9,PRODUCT-SERVICE=http://127.0.0.1:9,INVENTORY-SERVICE=http://127.0.0.1:9,NOTIFICATION-SERVICE=http://127.0.0.1:9',
    });
    order = await startService('order-service', {
      MYSQL_DATABASE: database,
      SERVICE_URLS: 'PRODUCT-SERVICE=http://127.0.0.1:9,INVENTORY-SERVICE=http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), order?.stop()]);
    await dropDatabase(database);
  });

  const cases: [string, string, string[]][] = [
    ['DELETE', '/api/orders', ['GET', 'POST']],
    ['PUT', '/api/orders/', ['GET', 'POST']],
    ['POST', '/api/orders/some-id', ['GET']],
    ['GET', '/api/orders/some-id/cancel', ['POST']],
    ['PUT', '/api/products', ['GET', 'POST']],
    ['POST', '/api/products/some-id', ['GET', 'PUT', 'PATCH', 'DELETE']],
    ['DELETE', '/api/inventory', ['GET']],
    ['DELETE', '/api/notifications/stream', ['GET']],
  ];

  it.each(cases)('gateway: %s %s is 405 with Allow', async (method, path, allowed) => {
    for (const token of [undefined, alice]) {
      const reply = await call(gateway.baseUrl, method, path, { token });
      expect(reply.status).toBe(405);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(allowOf(reply.headers)).toEqual(allowed);
      expect(reply.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    }
  });

  it('gateway: DELETE /api/orders says exactly Allow: GET, POST', async () => {
    const reply = await call(gateway.baseUrl, 'DELETE', '/api/orders', { token: alice });
    expect(reply.headers.get('allow')).toBe('GET, POST');
    expect(reply.json<{ detail: string }>().detail).not.toMatch(/at .*\.js/);
  });

  it('gateway: unknown paths stay 404', async () => {
    for (const [method, path] of [
      ['DELETE', '/api/nothing'],
      ['GET', '/api/orders/a/b/c'],
      ['GET', '/nowhere'],
    ]) {
      const reply = await call(gateway.baseUrl, method, path, { token: alice });
      expect([method, path, reply.status]).toEqual([method, path, 404]);
      expect(reply.headers.get('allow')).toBeNull();
    }
  });

  it('order-service itself: a wrong method is 405 with Allow, an unknown path 404', async () => {
    const wrong = await call(order.baseUrl, 'DELETE', '/api/orders', { token: alice });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const health = await call(order.baseUrl, 'POST', '/health/ready');
    expect(health.status).toBe(405);
    expect(allowOf(health.headers)).toEqual(['GET']);
    expect((await call(order.baseUrl, 'GET', '/api/nothing', { token: alice })).status).toBe(404);
    expect((await call(order.baseUrl, 'GET', '/api/orders', { token: alice })).status).toBe(200);
  });
});
