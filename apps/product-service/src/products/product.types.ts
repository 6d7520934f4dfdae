/** The catalog's view of a product, independent of mongoose. */
export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  /** Minor units. */
  price: number;
  currency: string;
  imageUrl?: string;
  version: number;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What the order service's lookup needs of a product. */
export type ProductLookupFields = Pick<
  Product,
  'sku' | 'name' | 'price' | 'currency' | 'deleted' | 'category'
>;

/** The fields an admin sets. */
export type ProductFields = Pick<
  Product,
  'sku' | 'name' | 'description' | 'category' | 'price' | 'currency' | 'imageUrl'
>;

/** A CloudEvent stored on the product document until the relay has published it. */
export interface PendingEvent {
  id: string;
  topic: string;
  type: string;
  /** The serialized CloudEvent. */
  payload: string;
  /** W3C trace context of the writing request: the relay publishes in that trace. */
  traceparent?: string | null;
  tracestate?: string | null;
}

export type ProductSort = 'price' | '-price' | 'name' | '-createdAt';

export interface ProductFilter {
  category?: string;
  /** Any of these skus (`?sku=A&sku=B`). */
  sku?: string[];
  q?: string;
  minPrice?: number;
  maxPrice?: number;
}

export interface ProductListQuery extends ProductFilter {
  sort: ProductSort;
  page: number;
  pageSize: number;
  /** `'true'`: the answer carries `facets` for the filter. */
  facets?: 'true' | 'false';
}

/**
 * Facets of a filter, the usual storefront way: each facet ignores its own filter, so the
 * category counts apply every filter but `category` (a shopper sees what other categories hold)
 * and the price range every filter but `minPrice`/`maxPrice` (the slider's full extent).
 */
export interface ProductFacets {
  categories: { slug: string; count: number }[];
  /** Null when nothing matches. */
  price: { min: number | null; max: number | null };
}

export interface CategorySummary {
  slug: string;
  name: string;
  /** Live (not deleted) products. */
  count: number;
}

/** What a write does to the current product: the new state (without bookkeeping) and its event. */
export interface ProductChange {
  fields: Omit<ProductFields, 'imageUrl'> & { imageUrl?: string | null };
  deleted: boolean;
  version: number;
  updatedAt: Date;
  event: PendingEvent;
}
