import { SERVICE_OPENAPI_SPECS, ServiceOpenApiSpec } from './openapi-specs';

/** The extension each route's `@Roles`/`@Public` writes on its operation (`[]`: no token needed). */
export const X_ROLES = 'x-roles';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface DeclaredOperation {
  service: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI template, e.g. `/api/orders/{id}/cancel`. */
  path: string;
  roles: readonly string[];
}

/**
 * Every operation of the given paths (default: the public API, `/api/*`) with the roles its route
 * declares, from the committed OpenAPI. One without a declaration throws: a new route cannot reach
 * the gateway, the docs or the security suite without a rule.
 */
export function declaredOperations(
  isPublicPath: (path: string) => boolean = (path) => path.startsWith('/api/'),
  specs: Readonly<Record<string, ServiceOpenApiSpec>> = SERVICE_OPENAPI_SPECS,
): DeclaredOperation[] {
  const found: DeclaredOperation[] = [];
  for (const [service, spec] of Object.entries(specs))
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      if (!isPublicPath(path)) continue;
      for (const method of METHODS) {
        const op = item[method] as Record<string, unknown> | undefined;
        if (!op) continue;
        const roles = op[X_ROLES];
        if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
          throw new Error(
            `${service}: ${method.toUpperCase()} ${path} declares no roles (${X_ROLES}): give its route @Roles(…) or @Public()`,
          );
        const upper = method.toUpperCase() as DeclaredOperation['method'];
        found.push({ service, method: upper, path, roles: roles as string[] });
      }
    }
  return found;
}
