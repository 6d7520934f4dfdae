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

// POST duplicate check and internal lookup by sku; the unique index is also what makes two
// instances seeding at once safe.
productSchema.index({ sku: 1 }, { unique: true });
// GET /api/products?category=…&minPrice/maxPrice, sort=price|-price
productSchema.index({ deleted: 1, category: 1, price: 1 });
// GET /api/products?minPrice/maxPrice and sort=price|-price without a category
productSchema.index({ deleted: 1, price: 1 });
// GET /api/products?sort=name
productSchema.index({ deleted: 1, nameKey: 1 });
// GET /api/products (default sort=-createdAt)
productSchema.index({ deleted: 1, createdAt: -1 });
// outbox relay: documents with events still to publish
productSchema.index({ outboxPending: 1 });
