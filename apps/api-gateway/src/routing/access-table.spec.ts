import { declaredOperations } from '@mstore/contracts';
import { Access, AccessTable, accessFor } from './access-table';
import { PUBLIC_OPERATIONS } from './route-table';

const spec = (op: Record<string, unknown>) => ({
  'order-service': { paths: { '/api/orders/{id}/status': { patch: op } } },
});

describe('access rules from the routes’ own declarations (x-roles)', () => {
  it('reads a rule for every operation of the committed public API', () => {
    expect(PUBLIC_OPERATIONS.length).toBeGreaterThan(20);
    expect(PUBLIC_OPERATIONS.filter((op) => !Array.isArray(op.roles))).toEqual([]);
  });

  it('refuses an operation whose route declares no roles, naming it', () => {
    expect(() => declaredOperations(undefined, spec({ operationId: 'x' }))).toThrow(
      'order-service: PATCH /api/orders/{id}/status declares no roles (x-roles): give its route @Roles(…) or @Public()',
    );
  });

  it('maps declared roles to the edge’s access levels', () => {
    expect(accessFor([])).toBe(Access.Public);
    expect(accessFor(['customer'])).toBe(Access.Customer);
    expect(accessFor(['customer', 'admin'])).toBe(Access.Customer);
    expect(accessFor(['admin'])).toBe(Access.Admin);
    expect(() => accessFor(['service'])).toThrow(/not for the public API/);
  });

  it('matches concrete paths to templates, HEAD as GET, anything undocumented as admin', () => {
    const table = new AccessTable(
      declaredOperations(undefined, {
        s: {
          paths: {
            '/api/things': { get: { 'x-roles': [] } },
            '/api/things/{id}': { get: { 'x-roles': ['customer'] } },
          },
        },
      }),
    );
    expect(table.of('HEAD', '/api/things?q=1')).toBe(Access.Public);
    expect(table.of('GET', '/api/things/t1')).toBe(Access.Customer);
    expect(table.of('GET', '/api/things/t1/more')).toBe(Access.Admin);
    expect(table.of('DELETE', '/api/things')).toBe(Access.Admin);
  });
});
