import { Schema, Types } from 'mongoose';
import { PendingEvent } from '../product.types';

export const PRODUCT_MODEL = 'Product';

export interface ProductDocument {
  _id: Types.ObjectId;
  sku: string;
  name: string;
  /** Lower-cased name: `sort=name` is case-insensitive without collations (FerretDB has none). */
  nameKey: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  imageUrl?: string | null;
  deleted: boolean;
  deletedAt?: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Outbox: events written in the same document write as the change they announce. */
  pendingEvents: PendingEvent[];
  /** True while pendingEvents is not empty; an indexed flag because FerretDB has no partial index. */
  outboxPending: boolean;
}

const pendingEventSchema = new Schema<PendingEvent>(
  {
    id: { type: String, required: true },
    topic: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: String, required: true },
    traceparent: { type: String, default: null },
    tracestate: { type: String, default: null },
  },
  { _id: false },
);

export const productSchema = new Schema<ProductDocument>(
  {
    sku: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    // may be empty (the DTO allows it); `required` would reject '' with an unhandled 500
    description: { type: String, default: '' },
    category: { type: String, required: true },
    price: { type: Number, required: true },
    currency: { type: String, required: true },
    imageUrl: { type: String, default: null },
    deleted: { type: Boolean, required: true, default: false },
    deletedAt: { type: Date, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    pendingEvents: { type: [pendingEventSchema], default: [] },
    outboxPending: { type: Boolean, required: true, default: false },
  },
  { collection: 'products', versionKey: false, autoIndex: true },
);

// One index per query shape, for a real MongoDB. FerretDB v1 (the local stack) serves only `_id`
// from an index and scans for everything else, which is why lists, searches, counts and facets
// are answered by the in-memory read model (CatalogReadModel) and reach these shapes only while
// it loads. A case-insensitive substring `q` cannot use a b-tree (nor a text index, which matches
// whole words): it is served by the read model's word index on any database.

// POST duplicate check, `?sku=` and the internal lookup by sku; the unique index is also what
// makes two instances seeding at once safe.
productSchema.index({ sku: 1 }, { unique: true });
// GET /api/products?category=…&minPrice/maxPrice, sort=price|-price; the category facet counts
productSchema.index({ deleted: 1, category: 1, price: 1 });
// GET /api/products?category=…&sort=name
productSchema.index({ deleted: 1, category: 1, nameKey: 1 });
// GET /api/products?category=… (default sort=-createdAt)
productSchema.index({ deleted: 1, category: 1, createdAt: -1 });
// GET /api/products?minPrice/maxPrice and sort=price|-price without a category; the price facet
productSchema.index({ deleted: 1, price: 1 });
// GET /api/products?sort=name
productSchema.index({ deleted: 1, nameKey: 1 });
// GET /api/products (default sort=-createdAt)
productSchema.index({ deleted: 1, createdAt: -1 });
// the read model's catch-up after its consumer (re)joins: products changed since a time
productSchema.index({ updatedAt: 1 });
// outbox relay: documents with events still to publish
productSchema.index({ outboxPending: 1 });
