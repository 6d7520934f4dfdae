import createClient, { type ClientOptions, type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type MStoreClient = Client<paths>;

/** Short names for the answers' shapes, so callers need not spell `components['schemas'][...]`. */
type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Product = Schemas['ProductDto'];
export type ProductPage = Schemas['ProductPageDto'];
export type Facets = NonNullable<ProductPage['facets']>;
export type Category = Schemas['CategoryDto'];
export type StockLevel = Schemas['StockLevelDto'];
export type StockDetail = Schemas['StockDetailDto'];
export type Movement = Schemas['MovementPageDto']['items'][number];
export type Cart = Schemas['CartDto'];
export type CartLine = Cart['lines'][number];
export type Order = Schemas['OrderDto'];
export type OrderLine = Order['lines'][number];
export type OrderStatus = Order['status'];
/** What an admin may set through PATCH /api/orders/{id}/status. */
export type OrderStatusChange = Schemas['ChangeStatusDto']['status'];
export type OrderPage = Schemas['OrderPageDto'];
export type Notification = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];

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
