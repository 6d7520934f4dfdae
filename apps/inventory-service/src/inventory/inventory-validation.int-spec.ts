import { scratchDatabase, ServiceProcess, startService, userToken } from '@mstore/testing';
import { call, dropDatabase } from '../test/inventory-test-kit';

interface Problem {
  status: number;
  errors?: { field: string; message: string; location?: string }[];
}

/** Validation problems name what to fix: the query or path parameter, or the body path. */
describe('inventory-service validation errors name the parameter', () => {
  const database = scratchDatabase('invval');
  let app: ServiceProcess;
  let admin: string;

  beforeAll(async () => {
    admin = await userToken('admin');
    app = await startService('inventory-service', { MYSQL_DATABASE: database });
  });

  afterAll(async () => {
    await app?.stop();
    await dropDatabase(database);
  });

  const errorsOf = async (method: string, path: string, body?: unknown) => {
    const reply = await call<Problem>(app.baseUrl, method, path, { token: admin, body });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    return reply.body.errors ?? [];
  };

  it('names an unknown query parameter, located in the query', async () => {
    const errors = await errorsOf('GET', '/api/inventory?sku=KIT-MUG-001&foo=1');
    expect(errors).toEqual([
      { field: 'foo', message: expect.stringContaining('foo'), location: 'query' },
    ]);
  });

  it('names an invalid query parameter value', async () => {
    const errors = await errorsOf('GET', '/api/inventory/KIT-MUG-001/movements?pageSize=500');
    expect(errors).toEqual([{ field: 'pageSize', message: expect.any(String), location: 'query' }]);
  });

  it('names a missing required query parameter', async () => {
    const errors = await errorsOf('GET', '/api/inventory');
    expect(errors.map((e) => [e.field, e.location])).toEqual([['sku', 'query']]);
  });

  it('gives body errors their path in the body', async () => {
    const errors = await errorsOf('PUT', '/api/inventory/KIT-MUG-001', { available: -1, extra: 1 });
    expect(errors.map((e) => [e.field, e.location]).sort()).toEqual([
      ['available', 'body'],
      ['extra', 'body'],
    ]);
    expect(errors.some((e) => e.field === '(body)')).toBe(false);
  });
});
