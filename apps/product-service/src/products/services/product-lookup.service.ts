import { Inject, Injectable } from '@nestjs/common';
import { ProductLookupItem, ProductLookupResponse } from '@mstore/contracts';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';
import { ProductLookupFields } from '../product.types';
import {
  CatalogMarkRepository,
  UNMARKED_WRITE_MAX_MS,
} from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';

type BySku = ReadonlyMap<string, ProductLookupFields>;

interface Snapshot {
  generation: number;
  /** Last confirmed current: scanned, or the catalog mark found where the scan saw it. */
  checkedAt: number;
  scannedAt: number;
  /** The catalog mark read just before the scan. */
  mark: Promise<string | undefined>;
  bySku: Promise<BySku>;
}

/** A sku missing from the snapshot reloads it, at most this often (a product just created elsewhere). */
export const UNKNOWN_SKU_RELOAD_MS = 250;

/**
 * Names and prices for the order service; every requested sku is answered, once, in order.
 * FerretDB v1 serves only `_id` from an index, so any sku query scans the collection (about 25 ms
 * for 400 products, the bottleneck of placing orders): the lookup answers from one such scan,
 * shared by concurrent callers and dropped by this instance's writes. Every LOOKUP_SNAPSHOT_MS it
 * asks the catalog mark (one `_id` lookup) and scans again only when a write moved it.
 */
@Injectable()
export class ProductLookupService {
  private generation = 0;
  private snapshot?: Snapshot;

  constructor(
    private readonly products: ProductsRepository,
    private readonly marks: CatalogMarkRepository,
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

  /**
   * The lookup fields of every product (deleted ones included) from the same snapshot, as fresh
   * as the lookups (this instance's writes at once, others' within LOOKUP_SNAPSHOT_MS).
   */
  async all(): Promise<ProductLookupFields[]> {
    const ttl = this.config.LOOKUP_SNAPSHOT_MS;
    if (ttl === 0) return this.products.allLookupFields();
    return [...(await this.current(ttl)).values()];
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
    // created by an instance that died before moving the mark, or not at all: scan, rarely
    const s = this.usable();
    if (s && Date.now() - s.scannedAt < UNKNOWN_SKU_RELOAD_MS) return s.bySku;
    return this.load();
  }

  private current(ttl: number): Promise<BySku> {
    const now = Date.now();
    const s = this.usable();
    if (!s || now - s.scannedAt >= Math.max(ttl, UNMARKED_WRITE_MAX_MS)) return this.load();
    if (now - s.checkedAt < ttl) return s.bySku;
    return this.load(s);
  }

  private usable(): Snapshot | undefined {
    const s = this.snapshot;
    return s && s.generation === this.generation ? s : undefined;
  }

  /** A new snapshot: `previous` kept when the mark has not moved since its scan, a scan otherwise. */
  private load(previous?: Snapshot): Promise<BySku> {
    const now = Date.now();
    // read before the scan: a write the scan misses moves the mark after it
    const mark = this.marks.current();
    const next: Snapshot = {
      generation: this.generation,
      checkedAt: now,
      scannedAt: now,
      mark,
      bySku: mark.then(async (seen) => {
        if (previous && seen !== undefined && seen === (await previous.mark)) {
          next.scannedAt = previous.scannedAt;
          return previous.bySku;
        }
        const rows = await this.products.allLookupFields();
        return new Map(rows.map((row) => [row.sku, row]));
      }),
    };
    this.snapshot = next;
    // a failed read is not kept: the next lookup tries again
    next.bySku.catch(() => this.snapshot === next && (this.snapshot = undefined));
    return next.bySku;
  }
}
