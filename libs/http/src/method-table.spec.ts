import { toProblem } from './problem.filter';
import { MethodTable } from './method-table';

const logger = { error: jest.fn() };

describe(MethodTable.name, () => {
  const table = new MethodTable()
    .add('get', '/api/orders')
    .add('post', '/api/orders')
    .add('HEAD', '/api/orders')
    .add('GET', '/api/orders/{id}')
    .add('POST', '/api/orders/:id/cancel')
    .add('GET', '/docs/*');

  it('lists the methods of a known path in a fixed order, HEAD left out', () => {
    expect(table.allowed('/api/orders')).toEqual(['GET', 'POST']);
    expect(table.allowed('/api/orders/')).toEqual(['GET', 'POST']);
    expect(table.allowed('/api/orders?page=2')).toEqual(['GET', 'POST']);
    expect(table.allowed('/api/orders/abc/cancel')).toEqual(['POST']);
    expect(table.allowed('/docs/a/b.css')).toEqual(['GET']);
  });

  it('knows nothing of an unknown path (a 404, not a 405)', () => {
    expect(table.allowed('/api/nope')).toBeUndefined();
    expect(table.allowed('/api/orders/a/b/c')).toBeUndefined();
    expect(table.refusal('DELETE', '/api/nope')).toBeUndefined();
  });

  it('refuses a wrong method with a 405 problem and Allow', () => {
    const { problem, headers } = toProblem(table.refusal('DELETE', '/api/orders'), logger);
    expect(problem).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    expect(problem.detail).toContain('DELETE');
    expect(headers).toEqual({ allow: 'GET, POST' });
  });

  it('lets allowed methods, HEAD of a GET and OPTIONS through', () => {
    expect(table.refusal('GET', '/api/orders/1')).toBeUndefined();
    expect(table.refusal('HEAD', '/api/orders/1')).toBeUndefined();
    expect(table.refusal('OPTIONS', '/api/orders/1')).toBeUndefined();
    expect(table.refusal('PUT', '/api/orders/1')?.status).toBe(405);
  });
});
