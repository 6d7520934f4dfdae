import { Inject, Injectable } from '@nestjs/common';
import { ProductLookupItem, ProductLookupResponse } from '@mstore/contracts';
import { APP_CONFIG, AppConfig } from '../../config';
import { ProductLookupFields } from '../product.types';
import { ProductsRepository } from '../repositories/products.repository';

type BySku = ReadonlyMap<string, ProductLookupFields>;

interface Snapshot {
  generation: number;
  startedAt: number;
  bySku: Promise<BySku>;
}

/** A sku missing from the snapshot reloads it, at most this often (a product just created elsewhere). */
export const UNKNOWN_SKU_RELOAD_MS = 250;

/**
 * Names and prices for the order service; every requested sku is answered, once, in order.
 * FerretDB v1 serves only `_id` from an index, so any sku query scans the collection (about 25 ms
 * for 400 products, the bottleneck of placing orders): the lookup answers from one such scan kept
 * for LOOKUP_SNAPSHOT_MS, dropped by this instance's writes, shared by concurrent callers.
 */
@Injectable()
export class ProductLookupService {
  private generation = 0;
  private snapshot?: Snapshot;

  constructor(
    private readonly products: ProductsRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'LOOKUP_SNAPSHOT_MS'>,
  ) {}

  async lookup(skus: readonly string[]): Promise<ProductLookupResponse> {
    const unique = [...new Set(skus)];
    const found = await this.find(unique);
    const items = unique.map((sku): ProductLookupItem => {
      const product = found.get(sku);
      if (!product) return { sku, known: false, sellable: false };
      return {
        sku,
        known: true,
        sellable: !product.deleted,
        name: product.name,
        price: product.price,
        currency: product.currency,
      };
    });
    return { items };
  }

  /** After each write of this instance: later lookups never see the product as it was. */
  invalidate(): void {
    this.generation++;
  }

  private async find(skus: string[]): Promise<BySku> {
    const ttl = this.config.LOOKUP_SNAPSHOT_MS;
    if (ttl === 0) return new Map((await this.products.findBySkus(skus)).map((p) => [p.sku, p]));
    const bySku = await this.current(ttl);
    if (skus.every((sku) => bySku.has(sku))) return bySku;
    return this.current(UNKNOWN_SKU_RELOAD_MS);
  }

  /** The snapshot when younger than `maxAgeMs` and not invalidated since; a new scan otherwise. */
  private current(maxAgeMs: number): Promise<BySku> {
    const now = Date.now();
    const s = this.snapshot;
    if (s && s.generation === this.generation && now - s.startedAt < maxAgeMs) return s.bySku;
    const bySku = this.products
      .allLookupFields()
      .then((rows): BySku => new Map(rows.map((row) => [row.sku, row])));
    const next: Snapshot = { generation: this.generation, startedAt: now, bySku };
    this.snapshot = next;
    // a failed scan is not kept: the next lookup tries again
    bySku.catch(() => this.snapshot === next && (this.snapshot = undefined));
    return bySku;
  }
}
