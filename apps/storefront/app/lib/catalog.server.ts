import { ApiError, request } from './api';
import { gatewayUrl } from './env.server';
import { categoryName } from './format';
import type { Category, Facets, Page, Product } from './types';

const get = async <T,>(path: string): Promise<T> => (await request<T>(gatewayUrl(), path)).data;

/** Categories from GET /api/categories; derived from the catalog while a gateway lacks that route. */
export async function categories(): Promise<Category[]> {
  try {
    return await get<Category[]>('/api/categories');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const all = await get<Page<Product>>('/api/products?pageSize=100');
    const counts = new Map<string, number>();
    all.items.forEach((p) => counts.set(p.category, (counts.get(p.category) ?? 0) + 1));
    return [...counts].map(([slug, count]) => ({ slug, name: categoryName(slug), count })).sort((a, b) => a.name.localeCompare(b.name));
  }
}

export type Listing = Page<Product> & { facets?: Facets };

/** A page of products; asked with facets, and without them from a gateway that does not know them yet. */
export async function products(query: URLSearchParams): Promise<Listing> {
  try {
    return await get<Listing>(`/api/products?${query}`);
  } catch (error) {
    const unknownFacets =
      error instanceof ApiError && error.status === 400 && error.problem.errors?.some((e) => e.field === 'facets');
    if (!unknownFacets) throw error;
    const without = new URLSearchParams(query);
    without.delete('facets');
    return get<Listing>(`/api/products?${without}`);
  }
}

export const product = (id: string): Promise<Product> => get<Product>(`/api/products/${encodeURIComponent(id)}`);
