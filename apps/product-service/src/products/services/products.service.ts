import { Inject, Injectable } from '@nestjs/common';
import { isAdmin, Principal } from '@mstore/auth';
import { categoryName, Page, ProductEventType } from '@mstore/contracts';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { ProductView } from '../dto/product.dto';
import { ProductError, ProductErrorCode, productNotFound } from '../product.errors';
import {
  CategorySummary,
  Product,
  ProductChange,
  ProductFacets,
  ProductFields,
  ProductFilter,
  ProductListQuery,
} from '../product.types';
import { CatalogMarkRepository } from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';
import { CatalogReadModel } from './catalog-read-model.service';
import { etagOf, ifMatchSatisfied } from './if-match';
import { ProductEventKind, productEvent } from './product-events';
import { ProductLookupService } from './product-lookup.service';
import { ProductOutboxRelay } from './product-outbox-relay.service';
import { toProductView } from './product-view';

export type ProductPatch = Partial<Omit<ProductFields, 'sku' | 'imageUrl'>> & {
  imageUrl?: string | null;
};
export type ProductReplacement = Omit<ProductFields, 'sku'> & { sku?: string };

/** The catalog's rules: visibility of deleted products, admin-only writes, optimistic concurrency. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly relay: ProductOutboxRelay,
    private readonly lookups: ProductLookupService,
    private readonly marks: CatalogMarkRepository,
    private readonly readModel: CatalogReadModel,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** From the read model once loaded (see CatalogReadModel for why); the database until then. */
  async list(query: ProductListQuery): Promise<Page<ProductView> & { facets?: ProductFacets }> {
    const index = this.readModel.current();
    const wantFacets = query.facets === 'true';
    const [{ items, total }, facets] = index
      ? [index.query(query), wantFacets ? index.facets(query) : undefined]
      : await Promise.all([this.products.list(query), wantFacets ? this.facets(query) : undefined]);
    const page = { items: items.map(toProductView), page: query.page, pageSize: query.pageSize };
    return { ...page, total, ...(facets ? { facets } : {}) };
  }

  /** Every category with live products, by slug; from the read model, else the lookup snapshot. */
  async categories(): Promise<CategorySummary[]> {
    const index = this.readModel.current();
    if (index)
      return index
        .categoryCounts()
        .map(({ slug, count }) => ({ slug, name: categoryName(slug), count }));
    const counts = new Map<string, number>();
    for (const p of await this.lookups.all())
      if (!p.deleted) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    return [...counts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slug, count]) => ({ slug, name: categoryName(slug), count }));
  }

  /** See ProductFacets: each facet ignores its own filter (the database's way, before the load). */
  private async facets(filter: ProductFilter): Promise<ProductFacets> {
    const rows = await this.products.facetRows(filter);
    const { category, minPrice = -Infinity, maxPrice = Infinity } = filter;
    const counts = new Map<string, number>();
    let min: number | null = null;
    let max: number | null = null;
    for (const row of rows) {
      if (row.price >= minPrice && row.price <= maxPrice)
        counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
      if (category === undefined || row.category === category) {
        min = min === null ? row.price : Math.min(min, row.price);
        max = max === null ? row.price : Math.max(max, row.price);
      }
    }
    const categories = [...counts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slug, count]) => ({ slug, count }));
    return { categories, price: { min, max } };
  }

  async get(id: string): Promise<ProductView> {
    const product = await this.products.findById(id);
    if (!product || product.deleted) throw productNotFound(id);
    return toProductView(product);
  }

  async create(actor: Principal, fields: ProductFields): Promise<ProductView> {
    requireAdmin(actor);
    const now = new Date();
    const product: Product = {
      ...fields,
      id: this.products.newId(),
      version: 1,
      deleted: false,
      createdAt: now,
      updatedAt: now,
    };
    const created = await this.products.insert(
      product,
      productEvent(ProductEventType.Created, product, now),
    );
    if (!created)
      throw new ProductError(
        ProductErrorCode.DuplicateSku,
        `A product with sku ${fields.sku} already exists.`,
        { sku: fields.sku },
      );
    await this.afterWrite(product);
    return toProductView(product);
  }

  async replace(
    actor: Principal,
    id: string,
    body: ProductReplacement,
    ifMatch?: string,
  ): Promise<ProductView> {
    requireAdmin(actor);
    return this.change(id, ifMatch, ProductEventType.Updated, (current) => {
      if (body.sku !== undefined && body.sku !== current.sku)
        throw new ProductError(
          ProductErrorCode.SkuImmutable,
          `The sku of a product cannot change (it is ${current.sku}).`,
        );
      return {
        name: body.name,
        description: body.description,
        category: body.category,
        price: body.price,
        currency: body.currency,
        imageUrl: body.imageUrl,
      };
    });
  }

  async patch(
    actor: Principal,
    id: string,
    patch: ProductPatch,
    ifMatch?: string,
  ): Promise<ProductView> {
    requireAdmin(actor);
    return this.change(id, ifMatch, ProductEventType.Updated, (current) => {
      const { imageUrl, ...rest } = patch;
      const image = imageUrl === undefined ? current.imageUrl : (imageUrl ?? undefined);
      return { ...rest, imageUrl: image };
    });
  }

  /** Soft delete: hidden from reads, kept for old orders and lookups. */
  async remove(actor: Principal, id: string, ifMatch?: string): Promise<void> {
    requireAdmin(actor);
    await this.change(id, ifMatch, ProductEventType.Deleted, () => ({}), true);
  }

  private async change(
    id: string,
    ifMatch: string | undefined,
    type: ProductEventKind,
    edit: (current: Product) => Partial<Omit<ProductFields, 'sku'>>,
    deleted = false,
  ): Promise<ProductView> {
    const updated = await this.products.update(id, (current): ProductChange => {
      if (current.deleted) throw productNotFound(id);
      if (!ifMatchSatisfied(ifMatch, current.version))
        throw new ProductError(
          ProductErrorCode.StaleVersion,
          `The product is at version ${etagOf(current.version)}, not ${ifMatch}; reload and retry.`,
        );
      const now = new Date();
      const next: Product = {
        ...current,
        ...edit(current),
        deleted,
        version: current.version + 1,
        updatedAt: now,
      };
      return {
        fields: editableFields(next),
        deleted,
        version: next.version,
        updatedAt: now,
        event: productEvent(type, next, now),
      };
    });
    if (!updated) throw productNotFound(id);
    await this.afterWrite(updated);
    return toProductView(updated);
  }

  /**
   * This instance's read model, lookups and relay learn of a write at once (its next read shows
   * it); other instances from its event (read models) and from the mark (lookups).
   */
  private async afterWrite(written: Product): Promise<void> {
    this.readModel.apply(written);
    // the write stands either way; readers' periodic full scans see it within 10 s
    await this.marks
      .move()
      .catch((error: unknown) =>
        this.logger.warn({ err: String(error) }, 'catalog mark not moved after a write'),
      );
    this.lookups.invalidate();
    this.relay.nudge();
  }
}

function editableFields(p: Product): ProductChange['fields'] {
  const { sku, name, description, category, price, currency, imageUrl } = p;
  return { sku, name, description, category, price, currency, imageUrl };
}

/** Defence in depth: the gateway and the route check the role too. */
function requireAdmin(actor: Principal): void {
  if (!isAdmin(actor))
    throw new ProductError(
      ProductErrorCode.AdminOnly,
      'Changing the catalog requires the admin role.',
    );
}
