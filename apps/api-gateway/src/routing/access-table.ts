import { DeclaredOperation, Role } from '@mstore/contracts';

/** Who may call a route at the edge; services check again with the same token. */
export const Access = { Public: 'public', Customer: 'customer', Admin: 'admin' } as const;
export type Access = (typeof Access)[keyof typeof Access];

/** Roles that satisfy each access level (admins are customers too, but do not rely on it). */
export const ROLES_FOR: Record<Exclude<Access, 'public'>, readonly string[]> = {
  customer: [Role.Customer, Role.Admin],
  admin: [Role.Admin],
};

/** The edge's rule for roles a route declares: none is public; a customer's, any signed-in shopper. */
export function accessFor(roles: readonly string[]): Access {
  if (roles.length === 0) return Access.Public;
  if (roles.includes(Role.Customer)) return Access.Customer;
  if (roles.includes(Role.Admin)) return Access.Admin;
  throw new Error(`roles ${roles.join(', ')} are not for the public API`);
}

const templatePattern = (template: string) =>
  new RegExp(
    `^${template
      .split('/')
      .map((part) =>
        /^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}/?$`,
  );

/** The access of each documented operation, looked up by method and concrete path. */
export class AccessTable {
  private readonly rules: { method: string; pattern: RegExp; access: Access }[];

  constructor(operations: readonly DeclaredOperation[]) {
    this.rules = operations.map((op) => ({
      method: op.method,
      pattern: templatePattern(op.path),
      access: accessFor(op.roles),
    }));
  }

  /** HEAD goes with GET. Anything undocumented is the admin's (the gateway answers it 404/405 first). */
  of(method: string, path: string): Access {
    const m = method === 'HEAD' ? 'GET' : method;
    const plain = path.split('?')[0] ?? path;
    return this.rules.find((r) => r.method === m && r.pattern.test(plain))?.access ?? Access.Admin;
  }
}
