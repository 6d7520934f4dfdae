import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_CATALOG, ProductEventType } from '@mstore/contracts';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { Product } from '../product.types';
import { CatalogMarkRepository } from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';
import { CatalogReadModel } from './catalog-read-model.service';
import { productEvent } from './product-events';

/**
 * Loads DEMO_CATALOG into an empty catalog when SEED_DEMO_DATA=true. Two instances starting at
 * once are safe: the unique sku index turns the second insert of a sku into a no-op.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly products: ProductsRepository,
    private readonly marks: CatalogMarkRepository,
    private readonly readModel: CatalogReadModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    if (!(await this.products.isEmpty())) return;
    let inserted = 0;
    for (const demo of DEMO_CATALOG) {
      const now = new Date();
      const product: Product = {
        id: this.products.newId(),
        sku: demo.sku,
        name: demo.name,
        description: demo.description,
        category: demo.category,
        price: demo.price,
        currency: demo.currency,
        imageUrl: demo.imageUrl,
        version: 1,
        deleted: false,
        createdAt: now,
        updatedAt: now,
      };
      if (
        await this.products.insert(product, productEvent(ProductEventType.Created, product, now))
      ) {
        this.readModel.apply(product);
        inserted++;
      }
    }
    if (inserted > 0) await this.marks.move();
    this.logger.info({ inserted, of: DEMO_CATALOG.length }, 'demo catalog seeded');
  }
}
