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

/**
 * Ownership, checked the same way in every service: an admin sees everything; anyone else only
 * what they own. Callers answer "not found" when false, so another's data is not disclosed.
 */
export const canAccess = (p: Principal | undefined, ownerId: string): boolean =>
  !!p && (isAdmin(p) || p.sub === ownerId);

/** The owner a listing is narrowed to: undefined (everyone's) for an admin. */
export const ownerScope = (p: Principal): string | undefined => (isAdmin(p) ? undefined : p.sub);
