import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, isValidObjectId, Model, SortOrder, Types } from 'mongoose';
import { isMongoDuplicateKey } from '@mstore/mongo';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';
import { ProductError, ProductErrorCode } from '../product.errors';
import {
  PendingEvent,
  Product,
  ProductChange,
  ProductFilter,
  ProductListQuery,
  ProductLookupFields,
  ProductSort,
} from '../product.types';
import { escapeRegex } from './escape-regex';
import { LockRepository } from './lock.repository';
import { PRODUCT_MODEL, ProductDocument } from './product.schema';

const SORTS: Record<ProductSort, Record<string, SortOrder>> = {
  price: { price: 1, _id: 1 },
  '-price': { price: -1, _id: 1 },
  name: { nameKey: 1, _id: 1 },
  '-createdAt': { createdAt: -1, _id: -1 },
};

/** A write holds its product's lease far shorter than this; it only guards against a dead holder. */
const WRITE_LEASE_MS = 10_000;

export const productLockKey = (id: string) => `product:${id}`;

export interface PendingBatchItem {
  id: string;
  events: PendingEvent[];
}

@Injectable()
export class ProductsRepository implements OnModuleInit {
  constructor(
    @InjectModel(PRODUCT_MODEL) private readonly products: Model<ProductDocument>,
    private readonly locks: LockRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The unique sku index must exist before the first insert (seeding relies on it). */
  async onModuleInit(): Promise<void> {
    await this.products.init();
  }

  newId(): string {
    return new Types.ObjectId().toHexString();
  }

  /** Inserts the product with its creation event; false when the sku exists (deleted or not). */
  async insert(product: Product, event: PendingEvent): Promise<boolean> {
    try {
      await this.products.create({
        ...toDocumentFields(product),
        _id: new Types.ObjectId(product.id),
        version: product.version,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
        pendingEvents: [event],
        outboxPending: true,
      });
      return true;
    } catch (error) {
      if (isMongoDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Any product by id, deleted ones included; undefined for an unknown or malformed id. */
  async findById(id: string): Promise<Product | undefined> {
    if (!isObjectId(id)) return undefined;
    const doc = await this.products.findById(id, { pendingEvents: 0 }).lean();
    return doc ? toProduct(doc) : undefined;
  }

  async list(query: ProductListQuery): Promise<{ items: Product[]; total: number }> {
    const filter = toFilter(query);
    const [docs, total] = await Promise.all([
      this.products
        .find(filter, { pendingEvents: 0 })
        .sort(SORTS[query.sort])
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean(),
      this.products.countDocuments(filter),
    ]);
    return { items: docs.map(toProduct), total };
  }

  /**
   * What the facets of `filter` are computed from: category and price of every live product
   * matching the filter without its category and price bounds (FerretDB v1 has no $facet or
   * $group accumulators to do it server-side). One projected scan, like the list's count.
   */
  async facetRows(filter: ProductFilter): Promise<{ category: string; price: number }[]> {
    const { category: _category, minPrice: _min, maxPrice: _max, ...rest } = filter;
    return this.products
      .find(toFilter(rest), { _id: 0, category: 1, price: 1 })
      .lean<{ category: string; price: number }[]>();
  }

  /** Every product, deleted ones included: the read model's load (CatalogReadModel). */
  async all(): Promise<Product[]> {
    const docs = await this.products.find({}, { pendingEvents: 0 }).lean();
    return docs.map(toProduct);
  }

  /** Products changed at or after `since`, deleted ones included (the read model's catch-up). */
  async updatedSince(since: Date): Promise<Product[]> {
    const docs = await this.products
      .find({ updatedAt: { $gte: since } }, { pendingEvents: 0 })
      .lean();
    return docs.map(toProduct);
  }

  /** Products by sku, deleted ones included (old orders still name them). */
  async findBySkus(skus: readonly string[]): Promise<Product[]> {
    const docs = await this.products.find({ sku: { $in: [...skus] } }, { pendingEvents: 0 }).lean();
    return docs.map(toProduct);
  }

  /** The lookup fields of every product, deleted ones included: one pass over the collection. */
  async allLookupFields(): Promise<ProductLookupFields[]> {
    return this.products
      .find({}, { _id: 0, sku: 1, name: 1, price: 1, currency: 1, deleted: 1, category: 1 })
      .lean<ProductLookupFields[]>();
  }

  async isEmpty(): Promise<boolean> {
    return (await this.products.exists({})) === null;
  }

  /**
   * Applies `change` to the current product under the product's lease, so concurrent writers
   * (in any instance) are serialized; the state and its event go in one document write.
   * Undefined when the product does not exist; `change` may throw to refuse the write.
   */
  async update(
    id: string,
    change: (current: Product) => ProductChange,
  ): Promise<Product | undefined> {
    if (!isObjectId(id)) return undefined;
    return this.withProductLease(id, async () => {
      const doc = await this.products.findById(id, { pendingEvents: 0 }).lean();
      if (!doc) return undefined;
      const next = change(toProduct(doc));
      const { imageUrl, ...fields } = next.fields;
      const result = await this.products.updateOne(
        { _id: doc._id, version: doc.version },
        {
          $set: {
            ...fields,
            imageUrl: imageUrl ?? null,
            nameKey: fields.name.toLowerCase(),
            deleted: next.deleted,
            deletedAt: next.deleted ? (doc.deletedAt ?? next.updatedAt) : null,
            version: next.version,
            updatedAt: next.updatedAt,
            outboxPending: true,
          },
          $push: { pendingEvents: next.event },
        },
      );
      if (result.matchedCount !== 1) throw busy(); // the lease was lost to a takeover
      return toProduct({
        ...doc,
        ...fields,
        imageUrl,
        deleted: next.deleted,
        version: next.version,
        updatedAt: next.updatedAt,
      });
    });
  }

  /** Outbox: is anything waiting? (cheap, indexed; polled while idle) */
  async hasPendingEvents(): Promise<boolean> {
    return (await this.products.exists({ outboxPending: true })) !== null;
  }

  /** Outbox: documents with events to publish, oldest change first. */
  async findPendingEvents(limit: number): Promise<PendingBatchItem[]> {
    const docs = await this.products
      .find({ outboxPending: true }, { pendingEvents: 1, updatedAt: 1 })
      .sort({ updatedAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => ({ id: d._id.toHexString(), events: d.pendingEvents }));
  }

  /**
   * Outbox: forgets published events. Under the product's lease because FerretDB would lose a
   * concurrent write (and $pull with a condition is not supported there).
   */
  async removeSentEvents(id: string, eventIds: readonly string[]): Promise<void> {
    const sent = new Set(eventIds);
    await this.withProductLease(id, async () => {
      const doc = await this.products.findById(id, { pendingEvents: 1 }).lean();
      if (!doc) return;
      const remaining = doc.pendingEvents.filter((e) => !sent.has(e.id));
      await this.products.updateOne(
        { _id: doc._id },
        { $set: { pendingEvents: remaining, outboxPending: remaining.length > 0 } },
      );
    });
  }

  private async withProductLease<T>(id: string, work: () => Promise<T>): Promise<T> {
    const lease = await this.locks.acquire(
      productLockKey(id),
      WRITE_LEASE_MS,
      this.config.PRODUCT_LOCK_WAIT_MS,
    );
    if (!lease) throw busy();
    try {
      return await work();
    } finally {
      await this.locks.release(lease);
    }
  }
}

const busy = () =>
  new ProductError(
    ProductErrorCode.Busy,
    'The product is being changed by another request; retry shortly.',
    {},
    { 'retry-after': '1' },
  );

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id) && isValidObjectId(id);

function toFilter(filter: ProductFilter): FilterQuery<ProductDocument> {
  const query: FilterQuery<ProductDocument> = { deleted: false };
  if (filter.category !== undefined) query.category = filter.category;
  if (filter.sku !== undefined) query.sku = { $in: [...filter.sku] };
  if (filter.minPrice !== undefined || filter.maxPrice !== undefined) {
    query.price = {
      ...(filter.minPrice !== undefined && { $gte: filter.minPrice }),
      ...(filter.maxPrice !== undefined && { $lte: filter.maxPrice }),
    };
  }
  if (filter.q) {
    const pattern = { $regex: escapeRegex(filter.q), $options: 'i' };
    query.$or = [{ name: pattern }, { description: pattern }];
  }
  return query;
}

function toDocumentFields(product: Product) {
  return {
    sku: product.sku,
    name: product.name,
    nameKey: product.name.toLowerCase(),
    description: product.description,
    category: product.category,
    price: product.price,
    currency: product.currency,
    imageUrl: product.imageUrl ?? null,
    deleted: product.deleted,
  };
}

function toProduct(
  doc: Omit<ProductDocument, 'pendingEvents' | 'outboxPending' | 'nameKey'>,
): Product {
  return {
    id: doc._id.toHexString(),
    sku: doc.sku,
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: doc.price,
    currency: doc.currency,
    ...(doc.imageUrl ? { imageUrl: doc.imageUrl } : {}),
    version: doc.version,
    deleted: doc.deleted,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
