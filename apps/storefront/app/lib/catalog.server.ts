import type { AppLoadContext } from 'react-router';
import type { Category, paths, Product, ProductPage } from '@mstore/sdk';
import { ApiError, apiClient, unwrap } from './api';
import { gatewayUrl } from './env.server';
import { categoryName } from './format';

/** GET /api/products' query (filters, sort, page, facets), as the SDK types it. */
export type ProductQuery = NonNullable<paths['/api/products']['get']['parameters']['query']>;

declare module 'react-router' {
  interface AppLoadContext {
    /** The shopper's address as server.mjs saw it (its TRUSTED_PROXIES), for X-Forwarded-For. */
    shopperAddress?: string;
  }
}

/**
 * The public catalog, asked anonymously on the shopper's behalf: the gateway, trusting this server
 * (its TRUSTED_PROXIES), charges the request to the shopper's address, not to the storefront's.
 */
export function catalogFor(context: AppLoadContext) {
  const headers: Record<string, string> = context.shopperAddress
    ? { 'x-forwarded-for': context.shopperAddress }
    : {};
  const api = () => apiClient(gatewayUrl(), undefined, headers);
  return {
    categories: () => categories(api),
    products: (q: ProductQuery) => products(api, q),
    product: (id: string) => product(api, id),
    stockOf: (sku: string) => stockOf(api, sku),
  };
}

type Api = () => ReturnType<typeof apiClient>;

/** Categories from GET /api/categories; derived from the catalog while a gateway lacks that route. */
async function categories(api: Api): Promise<Category[]> {
  try {
    return (await unwrap(api().GET('/api/categories'))).data;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const all = (await unwrap(api().GET('/api/products', { params: { query: { pageSize: 100 } } })))
      .data;
    const counts = new Map<string, number>();
    all.items.forEach((p) => counts.set(p.category, (counts.get(p.category) ?? 0) + 1));
    return [...counts]
      .map(([slug, count]) => ({ slug, name: categoryName(slug), count }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

export type Listing = ProductPage;

/** A page of products; asked with facets, and without them from a gateway that does not know them yet. */
async function products(api: Api, query: ProductQuery): Promise<Listing> {
  try {
    return (await unwrap(api().GET('/api/products', { params: { query } }))).data;
  } catch (error) {
    const unknownFacets =
      error instanceof ApiError &&
      error.status === 400 &&
      error.problem.errors?.some((e) => e.field === 'facets');
    if (!unknownFacets) throw error;
    const { facets: _facets, ...without } = query;
    return (await unwrap(api().GET('/api/products', { params: { query: without } }))).data;
  }
}

const product = async (api: Api, id: string): Promise<Product> =>
  (await unwrap(api().GET('/api/products/{id}', { params: { path: { id } } }))).data;

/** The stock of one sku, or null when inventory cannot say right now (the page still renders). */
const stockOf = (api: Api, sku: string) =>
  unwrap(api().GET('/api/inventory', { params: { query: { sku: [sku] } } }))
    .then((a) => a.data[0] ?? null)
    .catch(() => null);
