import type { OpenAPIObject, OperationObject, PathItemObject } from '@nestjs/swagger';
import type {
  HeadersObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_OPENAPI_CONTENT, PROBLEM_OPENAPI_SCHEMA } from '@mstore/contracts';
import { isDeepStrictEqual } from 'node:util';
import { Access, routeFor } from '../routing/route-table';

/** A service's generated document, as committed under libs/contracts/openapi. */
export interface ServiceSpec {
  paths?: Record<string, PathItemObject>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const BEARER = 'bearer';
const answer = (description: string, headers?: HeadersObject): ResponseObject => ({
  description,
  content: PROBLEM_OPENAPI_CONTENT,
  ...(headers ? { headers } : {}),
});
const retryAfter: HeadersObject = {
  'Retry-After': { schema: { type: 'integer' }, description: 'seconds' },
};
const rateHeaders: HeadersObject = {
  'RateLimit-Limit': { schema: { type: 'integer' } },
  'RateLimit-Remaining': { schema: { type: 'integer' } },
};

/**
 * One OpenAPI document of the public API as clients see it through the gateway: only `/api/*`
 * paths (never /internal, health or metrics), each operation marked with the gateway's own rule
 * (public, or the bearer scheme) and its edge answers (401/403/429/503).
 */
export function mergePublicApi(
  specs: Record<string, ServiceSpec>,
  serverUrl: string,
): OpenAPIObject {
  const schemas: Record<string, unknown> = { Problem: PROBLEM_OPENAPI_SCHEMA };
  const paths: Record<string, PathItemObject> = {};
  for (const [service, original] of Object.entries(specs)) {
    const spec = withUniqueSchemaNames(service, original, schemas);
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      const route = routeFor(path);
      if (!route) continue;
      const merged: PathItemObject = { ...paths[path], ...item };
      for (const method of METHODS) {
        const op = merged[method];
        if (op)
          merged[method] = edgeOperation(op, route.access(method.toUpperCase(), path), service);
      }
      paths[path] = merged;
    }
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.0.0',
    info: {
      title: 'MStore public API',
      version: '1.0',
      description:
        'Everything goes through the API gateway. Send a Keycloak access token as `Authorization: Bearer <token>`. ' +
        'Errors are application/problem+json (RFC 9457). Money is integer minor units.',
    },
    servers: [{ url: serverUrl }],
    paths: sorted,
    components: {
      securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: schemas as NonNullable<OpenAPIObject['components']>['schemas'],
    },
  };
}

function edgeOperation(op: OperationObject, access: Access, service: string): OperationObject {
  const responses = { ...op.responses };
  responses['429'] ??= answer('Rate limit exceeded', { ...retryAfter, ...rateHeaders });
  responses['503'] ??= answer(`${service} unavailable`, retryAfter);
  // a token sent to a public route is verified too
  responses['401'] ??= answer(
    access === Access.Public
      ? 'Invalid bearer token (when one is sent)'
      : 'Missing or invalid bearer token',
  );
  if (access === Access.Admin) responses['403'] ??= answer('Requires the admin role');
  if (op.requestBody) responses['413'] ??= answer('Body larger than 1 MiB');
  return {
    ...op,
    tags: op.tags?.length ? op.tags : [service],
    security: access === Access.Public ? [] : [{ [BEARER]: [] }],
    responses,
  };
}

/** Adds a service's schemas; a name taken by a different schema gets the service as prefix. */
function withUniqueSchemaNames(
  service: string,
  spec: ServiceSpec,
  schemas: Record<string, unknown>,
): ServiceSpec {
  const renames = new Map<string, string>();
  const prefix = service.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    if (name in schemas && !isDeepStrictEqual(schemas[name], schema))
      renames.set(name, `${prefix}${name}`);
  }
  const rewritten = renames.size === 0 ? spec : (renameRefs(spec, renames) as ServiceSpec);
  for (const [name, schema] of Object.entries(rewritten.components?.schemas ?? {}))
    schemas[renames.get(name) ?? name] = schema;
  return rewritten;
}

function renameRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, renames));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (key === '$ref' && typeof v === 'string') {
        const name = v.replace('#/components/schemas/', '');
        return [key, renames.has(name) ? `#/components/schemas/${renames.get(name)}` : v];
      }
      return [key, renameRefs(v, renames)];
    }),
  );
}
