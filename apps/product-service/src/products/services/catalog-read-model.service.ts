import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { Product } from '../product.types';
import { ProductsRepository } from '../repositories/products.repository';
import { CatalogIndex } from './catalog-index';

const RETRY_MS = 2000;

/**
 * The catalog's read model: every product of the catalog in memory (CatalogIndex), serving the
 * lists, searches, counts, facets and categories. FerretDB v1 serves only `_id` from an index, so
 * each of those queries scanned and sorted the whole collection (about 30 ms of its CPU per list
 * at a few hundred products, growing with the catalog); the way stores keep a search index, this
 * instance keeps its own copy instead: loaded at start (readiness waits for it), changed at once
 * by this instance's writes, and by `product-events` for the writes of other instances
 * (ProductEventsConsumer). Every change is taken only if its version is newer than the one held.
 */
@Injectable()
export class CatalogReadModel implements OnApplicationBootstrap, OnApplicationShutdown {
  private index?: CatalogIndex;
  private stopped = false;
  /** Changes applied until a load succeeds, applied again to its result (the scan may predate them). */
  private sinceLoad?: Product[] = [];

  constructor(
    private readonly products: ProductsRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // in the background: the instance listens meanwhile and answers lists from the database
    void this.load();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  get ready(): boolean {
    return this.index !== undefined;
  }

  /** The index once loaded; undefined before, when callers query the database instead. */
  current(): CatalogIndex | undefined {
    return this.index;
  }

  versionOf(id: string): number | undefined {
    return this.index?.versionOf(id);
  }

  /** A product's new state, from a write of this instance or an event; older versions are ignored. */
  apply(product: Product): void {
    this.sinceLoad?.push(product);
    this.index?.apply(product);
  }

  /**
   * Re-reads the products changed since `since`: what events may have been missed by a consumer
   * that was away (a join's gap); one query, not a load of the whole catalog.
   */
  async catchUp(since: Date): Promise<number> {
    const changed = await this.products.updatedSince(since);
    for (const product of changed) this.apply(product);
    return changed.length;
  }

  private async load(): Promise<void> {
    while (!this.stopped) {
      try {
        const started = performance.now();
        const index = new CatalogIndex(await this.products.all());
        for (const product of this.sinceLoad ?? []) index.apply(product);
        this.index = index;
        this.sinceLoad = undefined;
        this.logger.info(
          { products: index.size, ms: Math.round(performance.now() - started) },
          'catalog read model loaded',
        );
        return;
      } catch (error) {
        this.logger.warn({ err: String(error) }, 'catalog read model not loaded; retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }
}
