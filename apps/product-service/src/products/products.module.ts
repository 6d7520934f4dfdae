import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CategoriesController } from './controllers/categories.controller';
import { InternalProductsController } from './controllers/internal-products.controller';
import { ProductsController } from './controllers/products.controller';
import { CatalogMarkRepository } from './repositories/catalog-mark.repository';
import { CATALOG_MARK_MODEL, catalogMarkSchema } from './repositories/catalog-mark.schema';
import { LOCK_MODEL, lockSchema } from './repositories/lock.schema';
import { LockRepository } from './repositories/lock.repository';
import { ProductOutboxStore } from './repositories/product-outbox.store';
import { PRODUCT_MODEL, productSchema } from './repositories/product.schema';
import { ProductsRepository } from './repositories/products.repository';
import { CatalogReadModel } from './services/catalog-read-model.service';
import { DemoSeeder } from './services/demo-seeder.service';
import { ProductEventsConsumer } from './services/product-events.consumer';
import { ProductLookupService } from './services/product-lookup.service';
import { ProductOutboxLag } from './services/product-outbox-lag.service';
import { ProductOutboxRelay } from './services/product-outbox-relay.service';
import { ProductsService } from './services/products.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PRODUCT_MODEL, schema: productSchema },
      { name: LOCK_MODEL, schema: lockSchema },
      { name: CATALOG_MARK_MODEL, schema: catalogMarkSchema },
    ]),
  ],
  controllers: [ProductsController, CategoriesController, InternalProductsController],
  providers: [
    LockRepository,
    CatalogMarkRepository,
    ProductsRepository,
    ProductOutboxStore,
    ProductOutboxRelay,
    ProductOutboxLag,
    ProductsService,
    ProductLookupService,
    CatalogReadModel,
    ProductEventsConsumer,
    DemoSeeder,
  ],
  exports: [CatalogReadModel],
})
export class ProductsModule {}
