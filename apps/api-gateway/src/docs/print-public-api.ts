// Prints the merged public API the gateway serves at /docs/openapi.json, from the committed
// service specs; `npm run openapi` commits it as libs/contracts/openapi/public-api.json (the SDK's source).
import { SERVICE_OPENAPI_SPECS } from '@mstore/contracts';
import { mergePublicApi, ServiceSpec } from './openapi-merger';

/** The public server the committed document names (the gateway, DESIGN §3). */
export const PUBLIC_API_URL = 'http://localhost:8080';

export const committedPublicApi = () =>
  mergePublicApi(SERVICE_OPENAPI_SPECS as Record<string, ServiceSpec>, PUBLIC_API_URL);

if (require.main === module)
  process.stdout.write(`${JSON.stringify(committedPublicApi(), null, 2)}\n`);
