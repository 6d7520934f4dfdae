import createClient, { type ClientOptions, type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type MStoreClient = Client<paths>;

export interface MStoreClientOptions extends ClientOptions {
  /** A Keycloak access token, or a function giving the current one (undefined: anonymous). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
}

/**
 * A typed client of the public API (the gateway, DESIGN §4): paths, parameters, bodies and
 * answers come from the committed OpenAPI, e.g. `client.GET('/api/cart')`.
 */
export function createMStoreClient(options: MStoreClientOptions = {}): MStoreClient {
  const { token, ...rest } = options;
  const client = createClient<paths>({ baseUrl: 'http://localhost:8080', ...rest });
  if (token !== undefined)
    client.use({
      async onRequest({ request }) {
        const current = typeof token === 'function' ? await token() : token;
        if (current) request.headers.set('authorization', `Bearer ${current}`);
        return request;
      },
    });
  return client;
}
