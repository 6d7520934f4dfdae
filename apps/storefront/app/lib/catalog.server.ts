import type { Category, paths, Product, ProductPage } from '@mstore/sdk';
import { ApiError, apiClient, unwrap } from './api';
import { gatewayUrl } from './env.server';
import { categoryName } from './format';

/** GET /api/products' query (filters, sort, page, facets), as the SDK types it. */
export type ProductQuery = NonNullable<paths['/api/products']['get']['parameters']['query']>;

// anonymous: the server renders the public catalog only
const api = () => apiClient(gatewayUrl());

/** Categories from GET /api/categories; derived from the catalog while a gateway lacks that route. */
export async function categories(): Promise<Category[]> {
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
export async function products(query: ProductQuery): Promise<Listing> {
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

export const product = async (id: string): Promise<Product> =>
  (await unwrap(api().GET('/api/products/{id}', { params: { path: { id } } }))).data;

/** The stock of one sku, or null when inventory cannot say right now (the page still renders). */
export const stockOf = (sku: string) =>
  unwrap(api().GET('/api/inventory', { params: { query: { sku: [sku] } } }))
    .then((a) => a.data[0] ?? null)
    .catch(() => null);
