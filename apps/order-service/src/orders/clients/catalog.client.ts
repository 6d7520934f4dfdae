import { Injectable } from '@nestjs/common';
import { ProductLookupItem, productLookupResponseSchema, ServiceName } from '@mstore/contracts';
import { ServiceClient } from '@mstore/resilience';
import { toOrderError } from './upstream.errors';

/** product-service's internal lookup: names, prices and whether each sku can be sold. */
@Injectable()
export class CatalogClient {
  constructor(private readonly client: ServiceClient) {}

  async lookup(skus: string[]): Promise<ProductLookupItem[]> {
    try {
      const { body } = await this.client.call<unknown>(ServiceName.Product, {
        method: 'POST',
        path: '/internal/products/lookup',
        body: { skus },
        idempotent: true, // a read
      });
      return productLookupResponseSchema.parse(body).items;
    } catch (error) {
      throw toOrderError(ServiceName.Product, error);
    }
  }
}
