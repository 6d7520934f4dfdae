import { declaredOperations, ServiceName } from '@mstore/contracts';
import { Access, AccessTable } from './access-table';

export { Access, ROLES_FOR } from './access-table';

export interface GatewayRoute {
  /** Public path prefix; the upstream path is the same as the public one. */
  prefix: string;
  service: ServiceName;
  access(method: string, path: string): Access;
}

/** DESIGN §4 by prefix. Nothing else (in particular no /internal/*) is ever routed. */
const PREFIXES: readonly [string, ServiceName][] = [
  ['/api/products', ServiceName.Product],
  // read-only; served (and cached, cleared by product events) like the product list
  ['/api/categories', ServiceName.Product],
  ['/api/inventory', ServiceName.Inventory],
  ['/api/orders', ServiceName.Order],
  ['/api/cart', ServiceName.Order],
  ['/api/notifications', ServiceName.Notification],
];

const isRouted = (path: string) =>
  PREFIXES.some(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));

/** Every operation of the public API with the roles its route declares (the committed OpenAPI). */
export const PUBLIC_OPERATIONS = declaredOperations(isRouted);

/** Who may call what, as each service declares it on the route (`@Roles`, `@Public`): one source. */
const ACCESS = new AccessTable(PUBLIC_OPERATIONS);

export const GATEWAY_ROUTES: readonly GatewayRoute[] = PREFIXES.map(([prefix, service]) => ({
  prefix,
  service,
  access: (method: string, path: string) => ACCESS.of(method, path),
}));

/** The route owning a public path, or undefined (never routed). */
export function routeFor(path: string): GatewayRoute | undefined {
  return GATEWAY_ROUTES.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
}
