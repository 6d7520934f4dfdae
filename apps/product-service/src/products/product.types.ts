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
export type ProductLookupFields = Pick<Product, 'sku' | 'name' | 'price' | 'currency' | 'deleted'>;

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
}

export type ProductSort = 'price' | '-price' | 'name' | '-createdAt';

export interface ProductFilter {
  category?: string;
  q?: string;
  minPrice?: number;
  maxPrice?: number;
}

export interface ProductListQuery extends ProductFilter {
  sort: ProductSort;
  page: number;
  pageSize: number;
}

/** What a write does to the current product: the new state (without bookkeeping) and its event. */
export interface ProductChange {
  fields: Omit<ProductFields, 'imageUrl'> & { imageUrl?: string | null };
  deleted: boolean;
  version: number;
  updatedAt: Date;
  event: PendingEvent;
}
