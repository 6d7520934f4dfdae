import { SERVICE_OPENAPI_SPECS } from '@mstore/contracts';
import { MethodTable } from '@mstore/http';
import { routeFor } from './route-table';

const OPENAPI_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The methods of every routed path, from the committed service specs the docs are merged from. */
export function publicMethodTable(
  specs: typeof SERVICE_OPENAPI_SPECS = SERVICE_OPENAPI_SPECS,
): MethodTable {
  const table = new MethodTable();
  for (const spec of Object.values(specs))
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      if (!routeFor(path)) continue;
      for (const method of OPENAPI_METHODS) if (method in item) table.add(method, path);
    }
  if (table.size === 0) throw new Error('the committed OpenAPI specs list no public path');
  return table;
}
