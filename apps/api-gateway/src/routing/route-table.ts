import { Role, ServiceName } from '@mstore/contracts';

/** Who may call a route at the edge; services check again with the same token. */
export const Access = { Public: 'public', Customer: 'customer', Admin: 'admin' } as const;
export type Access = (typeof Access)[keyof typeof Access];

/** Roles that satisfy each access level (admins are customers too, but do not rely on it). */
export const ROLES_FOR: Record<Exclude<Access, 'public'>, readonly string[]> = {
  customer: [Role.Customer, Role.Admin],
  admin: [Role.Admin],
};

export interface GatewayRoute {
  /** Public path prefix; the upstream path is the same as the public one. */
  prefix: string;
  service: ServiceName;
  access(method: string, path: string): Access;
}

const READS = new Set(['GET', 'HEAD']);
const ORDER_STATUS = /^\/api\/orders\/[^/]+\/status\/?$/;
/** Only the stock-level query is public; a sku's detail and movements are the admin's audit view. */
const STOCK_LEVELS = /^\/api\/inventory\/?$/;
const readsPublicWritesAdmin = (method: string): Access =>
  READS.has(method) ? Access.Public : Access.Admin;

/** DESIGN §4 by prefix. Nothing else (in particular no /internal/*) is ever routed. */
export const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  { prefix: '/api/products', service: ServiceName.Product, access: readsPublicWritesAdmin },
  // read-only; served (and cached, cleared by product events) like the product list
  { prefix: '/api/categories', service: ServiceName.Product, access: readsPublicWritesAdmin },
  {
    prefix: '/api/inventory',
    service: ServiceName.Inventory,
    access: (method, path) =>
      READS.has(method) && STOCK_LEVELS.test(path) ? Access.Public : Access.Admin,
  },
  {
    prefix: '/api/orders',
    service: ServiceName.Order,
    access: (method, path) =>
      method === 'PATCH' && ORDER_STATUS.test(path) ? Access.Admin : Access.Customer,
  },
  { prefix: '/api/cart', service: ServiceName.Order, access: () => Access.Customer },
  {
    prefix: '/api/notifications',
    service: ServiceName.Notification,
    access: () => Access.Customer,
  },
];

export interface PublicOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

/** Every operation of the public API (DESIGN §4): the docs must list each of them. */
export const PUBLIC_OPERATIONS: readonly PublicOperation[] = [
  { method: 'GET', path: '/api/products' },
  { method: 'POST', path: '/api/products' },
  { method: 'GET', path: '/api/products/{id}' },
  { method: 'PUT', path: '/api/products/{id}' },
  { method: 'PATCH', path: '/api/products/{id}' },
  { method: 'DELETE', path: '/api/products/{id}' },
  { method: 'GET', path: '/api/categories' },
  { method: 'GET', path: '/api/inventory' },
  { method: 'PUT', path: '/api/inventory/{sku}' },
  { method: 'POST', path: '/api/inventory/{sku}/adjustments' },
  { method: 'POST', path: '/api/orders' },
  { method: 'GET', path: '/api/orders' },
  { method: 'GET', path: '/api/orders/{id}' },
  { method: 'POST', path: '/api/orders/{id}/cancel' },
  { method: 'PATCH', path: '/api/orders/{id}/status' },
  { method: 'GET', path: '/api/cart' },
  { method: 'DELETE', path: '/api/cart' },
  { method: 'PUT', path: '/api/cart/items/{sku}' },
  { method: 'POST', path: '/api/cart/merge' },
  { method: 'POST', path: '/api/cart/checkout' },
  { method: 'GET', path: '/api/notifications' },
  { method: 'GET', path: '/api/notifications/stream' },
];

/** The route owning a public path, or undefined (never routed). */
export function routeFor(path: string): GatewayRoute | undefined {
  return GATEWAY_ROUTES.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
}
