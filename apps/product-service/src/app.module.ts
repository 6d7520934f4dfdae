import { Module } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { check } from '@mstore/observability';
import { PlatformModule } from '@mstore/platform';
import { configSchema } from './config';
import { ProductsModule } from './products/products.module';
import { CatalogReadModel } from './products/services/catalog-read-model.service';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: ServiceName.Product,
      config: configSchema,
      mongodb: { name: 'catalog' },
      readiness: {
        imports: [ProductsModule],
        inject: [CatalogReadModel],
        // not ready until the catalog is in memory: lists would go to the database meanwhile
        checks: (catalog: CatalogReadModel) => [check('catalog', () => catalog.ready)],
      },
    }),
    ProductsModule,
  ],
})
export class AppModule {}
