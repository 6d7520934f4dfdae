import { Role } from '@mstore/contracts';

export interface Principal {
  /** Keycloak subject: the stable user id. */
  sub: string;
  username: string;
  roles: readonly string[];
}

export const hasRole = (p: Principal | undefined, role: Role): boolean =>
  !!p && p.roles.includes(role);
export const isAdmin = (p: Principal | undefined): boolean => hasRole(p, Role.Admin);
