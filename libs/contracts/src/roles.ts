/** Keycloak realm roles, read from `realm_access.roles`. */
export const Role = {
  Customer: 'customer',
  Admin: 'admin',
  /** Held only by the confidential client's service account. */
  Service: 'service',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
